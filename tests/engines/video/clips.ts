/** Short test clips built with ffmpeg from the fixture photos: known content per second. */
import { execFileSync } from 'node:child_process';
import { findFfmpeg } from '../../../main/video/ffmpeg';

export interface Scene {
  image: string;
  seconds: number;
}

/**
 * Photos shown one after the other, each letterboxed into width × height, at `fps`,
 * as H.264 MP4 with the index first (`+faststart`, so a truncated copy still opens).
 */
export function buildClip(out: string, scenes: readonly Scene[], opts: { width?: number; height?: number; fps?: number } = {}): void {
  const { width = 640, height = 480, fps = 5 } = opts;
  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  for (const s of scenes) args.push('-loop', '1', '-framerate', String(fps), '-t', String(s.seconds), '-i', s.image);
  const chains = scenes.map(
    (_, i) =>
      `[${i}]scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v${i}]`,
  );
  const filter = `${chains.join(';')};${scenes.map((_, i) => `[v${i}]`).join('')}concat=n=${scenes.length}:v=1[out]`;
  args.push('-filter_complex', filter, '-map', '[out]', '-r', String(fps), '-c:v', 'libx264', '-preset', 'veryfast', '-g', String(fps));
  args.push('-movflags', '+faststart', out);
  execFileSync(findFfmpeg().path, args);
}
