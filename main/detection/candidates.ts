/**
 * What every decoder returns: candidate boxes in model-input pixels, before
 * non-max suppression. Growable typed arrays so decoders never build objects
 * per cell.
 */
export interface Candidates {
  /** Flat [x1, y1, x2, y2, …] in model-input pixels. */
  boxes: Float32Array;
  scores: Float32Array;
  classes: Int32Array;
  count: number;
  /** True when the model already ran NMS (end-to-end heads). */
  nmsApplied: boolean;
}

export class CandidateBuilder {
  private boxes = new Float32Array(256);
  private scores = new Float32Array(64);
  private classes = new Int32Array(64);
  private n = 0;

  push(x1: number, y1: number, x2: number, y2: number, score: number, cls: number): void {
    if (this.n === this.scores.length) this.grow();
    const i = this.n++;
    this.boxes[4 * i] = x1;
    this.boxes[4 * i + 1] = y1;
    this.boxes[4 * i + 2] = x2;
    this.boxes[4 * i + 3] = y2;
    this.scores[i] = score;
    this.classes[i] = cls;
  }

  build(nmsApplied = false): Candidates {
    const n = this.n;
    return { boxes: this.boxes.slice(0, 4 * n), scores: this.scores.slice(0, n), classes: this.classes.slice(0, n), count: n, nmsApplied };
  }

  private grow(): void {
    const cap = this.scores.length * 2;
    const b = new Float32Array(cap * 4);
    b.set(this.boxes);
    const s = new Float32Array(cap);
    s.set(this.scores);
    const c = new Int32Array(cap);
    c.set(this.classes);
    this.boxes = b;
    this.scores = s;
    this.classes = c;
  }
}
