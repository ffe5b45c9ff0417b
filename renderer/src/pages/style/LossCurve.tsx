import type { StyleLosses } from '../../../../preload/contract';

/** Total loss per iteration on a log scale (losses fall over orders of magnitude). */
export function LossCurve({ points }: { points: { iteration: number; losses: StyleLosses }[] }) {
  if (points.length < 2) return null;
  const logs = points.map((p) => Math.log10(Math.max(1e-12, p.losses.total)));
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  const maxIt = Math.max(...points.map((p) => p.iteration), 1);
  const path = points
    .map(
      (p, i) =>
        `${i ? 'L' : 'M'}${((p.iteration / maxIt) * 300).toFixed(1)},${(100 - ((logs[i]! - lo) / Math.max(1e-9, hi - lo)) * 95).toFixed(1)}`,
    )
    .join(' ');
  const last = points[points.length - 1]!.losses;
  return (
    <figure className="loss-curve">
      <svg
        viewBox="0 0 300 105"
        role="img"
        aria-label={`Loss curve: total loss ${last.total.toExponential(3)} at iteration ${points[points.length - 1]!.iteration}`}
      >
        <path d={path} className="loss-path" />
      </svg>
      <figcaption>
        total {last.total.toExponential(2)} · content {last.content.toExponential(2)} · style {last.style.toExponential(2)} · tv{' '}
        {last.tv.toExponential(2)}
      </figcaption>
    </figure>
  );
}
