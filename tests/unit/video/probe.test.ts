/** ffmpeg's stream report parsed, typed errors from its messages, and the CLI's source helpers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextRunDir, parseTime, saveDirOf } from '../../../main/cli/sources';
import { blend, rasterize } from '../../../main/video/overlay';
import { ffmpegError, parseProbe } from '../../../main/video/probe';

// Real reports of ffmpeg 5.1 (`ffmpeg -hide_banner -i FILE`), trimmed to the lines that matter.
const MP4 = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/x/one-by-one-person-detection.mp4':
  Duration: 00:02:19.40, start: 0.000000, bitrate: 188 kb/s
  Stream #0:0[0x1](eng): Video: h264 (Main) (avc1 / 0x31637661), yuv420p(tv, smpte170m, progressive), 768x432, 187 kb/s, 10 fps, 10 tbr, 200k tbn (default)
At least one output file must be specified`;
const GIF = `Input #0, gif, from 'walk.gif':
  Duration: 00:00:02.91, start: 0.000000, bitrate: 3361 kb/s
  Stream #0:0: Video: gif, bgra, 480x270, 12.08 fps, 12 tbr, 100 tbn
At least one output file must be specified`;
const AUDIO = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.m4a':
  Duration: 00:00:01.02, start: 0.000000, bitrate: 2 kb/s
  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 2 kb/s (default)
At least one output file must be specified`;

describe('parseProbe', () => {
  it('reads size, rate, duration and the expected frame count', () => {
    expect(parseProbe('/x/a.mp4', MP4)).toMatchObject({ codec: 'h264', width: 768, height: 432, fps: 10, duration: 139.4, frames: 1394 });
    expect(parseProbe('walk.gif', GIF)).toMatchObject({ format: 'gif', codec: 'gif', width: 480, height: 270, fps: 12.08, frames: 35 });
  });

  it('a file without a video stream, or not a video at all, is E_BAD_VIDEO naming the file', () => {
    expect(() => parseProbe('a.m4a', AUDIO)).toThrow(
      expect.objectContaining({ code: 'E_BAD_VIDEO', message: expect.stringContaining('a.m4a') }),
    );
    const e = ffmpegError('/d/notes.mp4', '/d/notes.mp4: Invalid data found when processing input\n');
    expect(e).toMatchObject({ code: 'E_BAD_VIDEO', message: expect.stringMatching(/^notes\.mp4 is not a readable video/) });
    expect(ffmpegError('x.mkv', '[hevc] Decoder (codec hevc) not found for input stream #0:0')).toMatchObject({
      code: 'E_BAD_VIDEO',
      message: expect.stringContaining('(hevc) cannot be decoded'),
    });
  });
});

describe('sources', () => {
  it('default run folders count up like Ultralytics: predict, predict2, …', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-runs-'));
    expect(nextRunDir(root)).toBe(path.join(root, 'predict'));
    fs.mkdirSync(path.join(root, 'predict'));
    fs.mkdirSync(path.join(root, 'predict2'));
    expect(saveDirOf(true, root)).toBe(path.join(root, 'predict3'));
    expect(saveDirOf('mine', root)).toBe('mine');
    expect(saveDirOf(undefined, root)).toBeUndefined();
    fs.rmSync(root, { recursive: true });
  });

  it('times in seconds or [hh:]mm:ss; anything else is E_BAD_ARGUMENT', () => {
    expect(parseTime('start', '90')).toBe(90);
    expect(parseTime('start', '1:30.5')).toBe(90.5);
    expect(parseTime('end', '1:00:00')).toBe(3600);
    expect(() => parseTime('end', '-3')).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
  });
});

describe('overlay', () => {
  it('rasterizes a box once and blends it into a frame where it is drawn, nowhere else', async () => {
    const o = await rasterize(20, 10, ['<rect x="2" y="2" width="6" height="4" fill="#ff0000"/>']);
    expect(o.index.length).toBe(24);
    const frame = new Uint8Array(20 * 10 * 4).fill(10);
    blend(frame, o);
    const px = (x: number, y: number) => [...frame.subarray((y * 20 + x) * 4, (y * 20 + x) * 4 + 3)];
    expect(px(4, 3)).toEqual([255, 0, 0]);
    expect(px(15, 8)).toEqual([10, 10, 10]);
    expect((await rasterize(20, 10, [])).index.length).toBe(0);
  });
});
