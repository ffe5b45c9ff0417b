import type { FrameResult, RecognizeResult } from '../../../../preload/contract';

const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45', '#fabed4', '#469990'];

export function colorFor(n: number): string {
  return COLORS[Math.abs(n) % COLORS.length]!;
}

export function objectLabel(d: FrameResult['detections'][number]): string {
  return `${d.label} ${(d.score * 100).toFixed(0)}%${d.trackId !== undefined ? ` #${d.trackId}` : ''}`;
}

export function faceLabel(f: RecognizeResult['faces'][number]): string {
  if (f.match) return `${f.match.name} ${f.match.similarity.toFixed(2)}`;
  return `unknown${f.best ? ` ${f.best.similarity.toFixed(2)}` : ''}`;
}

/** Detections sorted by ascending score (stable): drawn in this order, the highest score is on top. */
export function paintOrder<T extends { score: number }>(detections: readonly T[]): T[] {
  return detections
    .map((d, i) => [d, i] as const)
    .sort((a, b) => a[0].score - b[0].score || a[1] - b[1])
    .map(([d]) => d);
}

function tag(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string, scale: number): void {
  ctx.font = `${Math.round(14 * scale)}px system-ui, sans-serif`;
  const w = ctx.measureText(text).width + 8 * scale;
  const h = 18 * scale;
  const top = y - h < 0 ? y : y - h;
  ctx.fillStyle = color;
  ctx.fillRect(x, top, w, h);
  ctx.fillStyle = '#fff';
  ctx.fillText(text, x + 4 * scale, top + 14 * scale);
}

/**
 * Draw object boxes and faces (box, 68 landmarks, name) onto a canvas of
 * any size; results are in the pixels of the frame that was sent.
 */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  objects: Pick<FrameResult, 'width' | 'height' | 'detections'> | null | undefined,
  faces: Pick<RecognizeResult, 'width' | 'height' | 'faces'> | null | undefined,
  fontScale = 1,
  highlight?: number,
): void {
  const { width, height } = ctx.canvas;
  ctx.clearRect(0, 0, width, height);
  ctx.lineWidth = 2 * fontScale;
  if (objects) {
    const sx = width / objects.width;
    const sy = height / objects.height;
    // Lowest score first, so the highest-scoring box and its label end up on top
    // (two classes on one object: "dog 0.44" is never hidden under "cow 0.25").
    const order = objects.detections.map((d, i) => ({ d, i })).sort((a, b) => a.d.score - b.d.score);
    const hi = order.findIndex((o) => o.i === highlight);
    if (hi >= 0) order.push(...order.splice(hi, 1));
    for (const { d, i } of order) {
      const color = colorFor(d.trackId ?? d.classId);
      ctx.lineWidth = (i === highlight ? 4 : 2) * fontScale;
      const [x1, y1, x2, y2] = d.box;
      ctx.strokeStyle = color;
      ctx.strokeRect(x1 * sx, y1 * sy, (x2 - x1) * sx, (y2 - y1) * sy);
      tag(ctx, objectLabel(d), x1 * sx, y1 * sy, color, fontScale);
    }
    ctx.lineWidth = 2 * fontScale;
  }
  if (faces) {
    const sx = width / faces.width;
    const sy = height / faces.height;
    for (const f of faces.faces) {
      const color = f.match ? '#2e7d32' : '#c62828';
      const [x1, y1, x2, y2] = f.box;
      ctx.strokeStyle = color;
      ctx.strokeRect(x1 * sx, y1 * sy, (x2 - x1) * sx, (y2 - y1) * sy);
      ctx.fillStyle = '#ffeb3b';
      for (const [x, y] of f.landmarks) ctx.fillRect(x * sx - fontScale, y * sy - fontScale, 2 * fontScale, 2 * fontScale);
      tag(ctx, faceLabel(f), x1 * sx, y2 * sy + 18 * fontScale, color, fontScale);
    }
  }
}
