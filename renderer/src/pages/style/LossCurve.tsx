import { LineChart } from '@mantine/charts';
import type { StyleLosses } from '../../../../preload/contract';

const TERMS = [
  { name: 'total', color: 'indigo.6' },
  { name: 'content', color: 'teal.6' },
  { name: 'style', color: 'orange.6' },
  { name: 'tv', color: 'grape.6' },
] as const;

/** One line per loss term over the iterations, on a log scale (losses fall over orders of magnitude). */
export function LossCurve({ points }: { points: { iteration: number; losses: StyleLosses }[] }) {
  if (points.length < 2) return null;
  const data = points.map((p) => ({
    iteration: p.iteration,
    ...Object.fromEntries(TERMS.map((t) => [t.name, Math.log10(Math.max(1e-12, p.losses[t.name]))])),
  }));
  const last = points[points.length - 1]!;
  return (
    <figure
      className="loss-curve"
      role="img"
      aria-label={`Loss curve: total loss ${last.losses.total.toExponential(3)} at iteration ${last.iteration}`}
      style={{ margin: 0 }}
    >
      <LineChart
        h={200}
        data={data}
        dataKey="iteration"
        series={TERMS.map((t) => ({ name: t.name, color: t.color }))}
        withLegend
        withDots={false}
        curveType="linear"
        xAxisLabel="iteration"
        yAxisLabel="log₁₀ loss"
        valueFormatter={(v) => `1e${v.toFixed(1)}`}
        yAxisProps={{ domain: ['auto', 'auto'], tickFormatter: (v: number) => v.toFixed(1) }}
        legendProps={{ verticalAlign: 'top', height: 28 }}
        withTooltip
        tooltipAnimationDuration={0}
        lineProps={{ isAnimationActive: false }}
      />
      <figcaption className="muted" style={{ fontSize: 12 }}>
        total {last.losses.total.toExponential(2)} · content {last.losses.content.toExponential(2)} · style{' '}
        {last.losses.style.toExponential(2)} · tv {last.losses.tv.toExponential(2)}
      </figcaption>
    </figure>
  );
}
