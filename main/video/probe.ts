/**
 * What a video file holds, read from ffmpeg's own report (`ffmpeg -i FILE`
 * prints the container and stream summary on stderr). ffprobe is not used:
 * the npm-shipped ffmpeg comes without it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { VwError } from '../errors';
import { findFfmpeg } from './ffmpeg';

export interface VideoInfo {
  file: string;
  /** Container format as ffmpeg names it (e.g. "mov,mp4,m4a,3gp,3g2,mj2", "gif"). */
  format: string;
  codec: string;
  width: number;
  height: number;
  /** Frames per second (average; exact for constant-rate video). */
  fps: number;
  /** Seconds, or undefined when the container does not say. */
  duration?: number;
  /** duration × fps, rounded: what a full decode should yield. */
  frames?: number;
}

/** Frame size limit for video: a little above 8K UHD (7680×4320). */
export const MAX_VIDEO_PIXELS = 36_000_000;

/** ffmpeg arguments that open `file` as a local file only (no URLs, no protocol tricks in a file name). */
export function inputArgs(file: string): string[] {
  return ['-protocol_whitelist', 'file', '-i', `file:${path.resolve(file)}`];
}

/**
 * A typed error from ffmpeg's stderr: what went wrong, naming the file.
 * Exported for the reader, which sees the same messages while decoding.
 */
export function ffmpegError(file: string, stderr: string, framesRead?: number): VwError {
  const name = path.basename(file);
  const last =
    stderr
      .trim()
      .split('\n')
      .filter((l) => l.trim())
      .slice(-1)[0]
      ?.replace(/^\[[^\]]*\]\s*/, '') ?? '';
  const details = { file, ...(framesRead !== undefined ? { framesRead } : {}), ffmpeg: last };
  const codec = /Decoder \(codec ([\w-]+)\) not found|Unsupported codec[^\n]*?(\w+)?$/im.exec(stderr);
  if (codec)
    return new VwError('E_BAD_VIDEO', `${name}: its video codec${codec[1] ? ` (${codec[1]})` : ''} cannot be decoded by this ffmpeg.`, {
      hint: 'Convert it first, e.g. `ffmpeg -i in.mkv -c:v libx264 out.mp4`.',
      details,
    });
  if (/Invalid data found|moov atom not found|could not find codec parameters|End of file|no such file/i.test(stderr) && !framesRead)
    return new VwError('E_BAD_VIDEO', `${name} is not a readable video (ffmpeg: ${last || 'no details'}).`, {
      hint: 'The file may be corrupt, truncated, or not a video at all.',
      details,
    });
  return new VwError(
    'E_BAD_VIDEO',
    `${name}: decoding failed${framesRead ? ` after ${framesRead} frame(s)` : ''} (ffmpeg: ${last || 'no details'}).`,
    {
      hint: 'The file may be truncated or corrupt; the frames read so far were kept.',
      details,
    },
  );
}

/** Parse the stream summary ffmpeg prints for `-i FILE`. Pure; exported for tests. */
export function parseProbe(file: string, stderr: string): VideoInfo {
  const format = /^Input #0, ([^ ]+), from/m.exec(stderr)?.[1]?.replace(/,$/, '');
  if (!format) throw ffmpegError(file, stderr);
  const dm = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(stderr);
  const duration = dm ? Number(dm[1]) * 3600 + Number(dm[2]) * 60 + Number(dm[3]) : undefined;
  // The first video stream: "Stream #0:0[0x1](eng): Video: h264 (Main) (avc1 / 0x31637661), yuv420p(tv, …), 768x432 [SAR 1:1 DAR 16:9], 187 kb/s, 10 fps, 10 tbr, …"
  const line = /^\s*Stream #\d+:\d+[^:]*: Video: (.*)$/m.exec(stderr)?.[1];
  if (!line)
    throw new VwError('E_BAD_VIDEO', `${path.basename(file)} has no video stream (0 frames).`, {
      hint: 'Give a file with a video track.',
      details: { file },
    });
  const codec = /^([\w-]+)/.exec(line)?.[1] ?? 'unknown';
  const size = /(?:^|[\s,])(\d{1,6})x(\d{1,6})(?=[\s,[]|$)/.exec(line);
  const rate = /([\d.]+)(k?) fps/.exec(line) ?? /([\d.]+)(k?) tbr/.exec(line);
  const width = size ? Number(size[1]) : 0;
  const height = size ? Number(size[2]) : 0;
  let fps = rate ? Number(rate[1]) * (rate[2] ? 1000 : 1) : 0;
  if (!(fps > 0 && fps <= 1000)) fps = 25; // no usable rate: ffmpeg's own default
  if (!width || !height)
    throw new VwError('E_BAD_VIDEO', `${path.basename(file)}: the video stream has no frame size (${line.slice(0, 80)}).`, {
      details: { file },
    });
  const info: VideoInfo = { file, format, codec, width, height, fps };
  if (duration !== undefined && duration > 0) {
    info.duration = duration;
    info.frames = Math.round(duration * fps);
  }
  return info;
}

/**
 * Probe a video file. Header only: nothing is decoded.
 *
 * @example const v = await probeVideo('clip.mp4'); // { width: 768, height: 432, fps: 10, frames: 1394, … }
 * @throws VwError E_NOT_FOUND, E_BAD_VIDEO (not a video, no video stream), E_IMAGE_TOO_LARGE, E_NOT_AVAILABLE (no ffmpeg)
 */
export async function probeVideo(file: string, maxPixels = MAX_VIDEO_PIXELS): Promise<VideoInfo> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(file);
  } catch {
    throw new VwError('E_NOT_FOUND', `No such file: ${file}`);
  }
  if (!st.isFile()) throw new VwError('E_BAD_VIDEO', `${file} is not a file.`, { details: { file } });
  if (st.size === 0) throw new VwError('E_BAD_VIDEO', `${path.basename(file)} is empty (0 bytes).`, { details: { file } });
  const ff = findFfmpeg();
  const stderr = await new Promise<string>((resolve) => {
    // `ffmpeg -i FILE` with no output exits 1 by design; the report is on stderr either way.
    execFile(ff.path, ['-hide_banner', '-nostdin', ...inputArgs(file)], { timeout: 30_000, maxBuffer: 4 << 20 }, (_err, _out, err) =>
      resolve(String(err)),
    );
  });
  const info = parseProbe(file, stderr);
  if (info.width * info.height > maxPixels)
    throw new VwError(
      'E_IMAGE_TOO_LARGE',
      `${path.basename(file)}: frames of ${info.width}×${info.height} (${info.width * info.height} pixels) are over the limit of ${maxPixels}.`,
      {
        hint: 'Scale the video down first, e.g. `ffmpeg -i in.mp4 -vf scale=1920:-2 out.mp4`.',
        details: { file, width: info.width, height: info.height },
      },
    );
  return info;
}
