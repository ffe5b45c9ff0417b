/**
 * Encode raw RGBA frames into an H.264 MP4 through a pipe (stdin → ffmpeg),
 * same size and frame rate as the source. Writes wait for the pipe to drain,
 * so memory stays bounded however slowly the encoder runs. `close()` always
 * finalizes the file, so a run that stops early (error, Ctrl+C) still leaves
 * a playable video of the frames written so far.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { VwError } from '../errors';
import { findFfmpeg } from './ffmpeg';

export class VideoWriter {
  private readonly proc: ChildProcessByStdio<Writable, null, Readable>;
  private readonly exited: Promise<number | null>;
  private stderr = '';
  private failed: Error | undefined;
  frames = 0;

  /**
   * @example
   *   const w = new VideoWriter('out.mp4', 640, 480, 30);
   *   await w.write(rgba); await w.close();
   */
  constructor(
    readonly file: string,
    readonly width: number,
    readonly height: number,
    fps: number,
  ) {
    // yuv420p needs even sides; odd-sized sources keep their size with 4:4:4 instead of being padded.
    const pixFmt = width % 2 === 0 && height % 2 === 0 ? 'yuv420p' : 'yuv444p';
    const args = [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', pixFmt, '-movflags', '+faststart',
      file,
    ]; // prettier-ignore
    // Own process group: Ctrl+C goes to vws, which then closes the file itself (see reader.ts).
    this.proc = spawn(findFfmpeg().path, args, { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (s: string) => (this.stderr = (this.stderr + s).slice(-4096)));
    this.proc.stdin.on('error', (err) => (this.failed ??= err));
    this.exited = new Promise((resolve) => {
      this.proc.on('close', (code) => resolve(code));
      this.proc.on('error', (err) => {
        this.failed ??= err;
        resolve(-1);
      });
    });
  }

  /** Append one RGBA frame of the writer's size. */
  async write(rgba: Uint8Array): Promise<void> {
    if (rgba.length !== this.width * this.height * 4)
      throw new VwError(
        'E_INTERNAL',
        `A ${this.width}×${this.height} frame needs ${this.width * this.height * 4} bytes; got ${rgba.length}.`,
      );
    if (this.failed) throw this.error();
    this.frames++;
    if (!this.proc.stdin.write(rgba)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.proc.stdin.off('drain', done);
          this.proc.off('close', done);
          resolve();
        };
        this.proc.stdin.on('drain', done);
        this.proc.on('close', done);
      });
    }
    if (this.failed) throw this.error();
  }

  /** Finish the file (flushes the encoder, writes the index). */
  async close(): Promise<void> {
    this.proc.stdin.end();
    const code = await this.exited;
    if (code !== 0) throw this.error();
  }

  private error(): VwError {
    return new VwError(
      'E_INTERNAL',
      `Encoding ${this.file} failed: ${this.stderr.trim().split('\n').slice(-1)[0] ?? this.failed?.message}`,
      {
        hint: 'Check that the output folder is writable and that the ffmpeg in use has libx264.',
      },
    );
  }
}
