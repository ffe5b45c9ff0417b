/**
 * Latest-frame-wins for live streams: while one frame is being processed, a
 * newer frame replaces any frame still waiting (the replaced one resolves to
 * null and counts as dropped), so a slow model never builds a backlog of stale
 * webcam frames.
 */

export interface FrameOutcome<R> {
  result: R;
  frameId: number;
  dropped: number;
}

interface Waiting<F, R> {
  frame: F;
  frameId: number;
  resolve: (v: FrameOutcome<R> | null) => void;
  reject: (e: unknown) => void;
}

/**
 * @example
 *   const q = new LatestFrameQueue((f) => service.recognizePixels(f));
 *   const r = await q.submit(frame); // null if a newer frame replaced it
 */
export class LatestFrameQueue<F, R> {
  private busy = false;
  private waiting: Waiting<F, R> | null = null;
  private nextId = 0;
  dropped = 0;
  processed = 0;

  constructor(private readonly work: (frame: F) => Promise<R>) {}

  submit(frame: F): Promise<FrameOutcome<R> | null> {
    const frameId = ++this.nextId;
    return new Promise((resolve, reject) => {
      if (this.waiting) {
        this.dropped++;
        this.waiting.resolve(null);
      }
      this.waiting = { frame, frameId, resolve, reject };
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        try {
          const result = await this.work(w.frame);
          this.processed++;
          w.resolve({ result, frameId: w.frameId, dropped: this.dropped });
        } catch (err) {
          w.reject(err);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
