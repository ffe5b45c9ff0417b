import { Alert, Button, Text } from '@mantine/core';
import { IconAlertTriangle, IconWand } from '@tabler/icons-react';
import type { CalibrationReport } from '../../../../preload/contract';
import { Panel } from '../../components/Panel';
import { Slider } from '../../components/Slider';
import { FEW_GENUINE, FEW_IMPOSTOR, histogram, pct, ratesAt } from './tau';

const BINS = 30;
const LO = -0.2;
const HI = 1;
const W = 360;
const H = 150;
const PAD = { l: 34, r: 8, t: 8, b: 30 };

/**
 * τ over the genuine/impostor similarity histograms of the gallery, with FAR and
 * FRR *at the chosen τ* (counted on the pairs and from normal fits) and the pair counts.
 */
export function TauPanel({
  report,
  tau,
  onTau,
  onCommit,
}: {
  report: CalibrationReport;
  tau: number;
  onTau: (tau: number) => void;
  onCommit: (tau: number) => void;
}) {
  const g = histogram(report.genuine, LO, HI, BINS);
  const im = histogram(report.impostor, LO, HI, BINS);
  const max = Math.max(1, ...g, ...im);
  const pw = W - PAD.l - PAD.r;
  const ph = H - PAD.t - PAD.b;
  const x = (v: number): number => PAD.l + ((v - LO) / (HI - LO)) * pw;
  const y = (n: number): number => PAD.t + ph - (n / max) * ph;
  const bars = (h: number[], cls: string) =>
    h.map(
      (n, i) =>
        n > 0 && (
          <rect
            key={`${cls}${i}`}
            className={cls}
            x={PAD.l + (i * pw) / BINS + 0.5}
            width={pw / BINS - 1}
            y={y(n)}
            height={PAD.t + ph - y(n)}
          />
        ),
    );
  const yTicks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  const r = ratesAt(tau, report.genuine, report.impostor);
  const few = r.genuine < FEW_GENUINE || r.impostor < FEW_IMPOSTOR;
  const atSuggested = Math.abs(tau - report.suggestedTau) < 0.005;

  return (
    <Panel title="Threshold τ" testId="tau-panel">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="histogram"
        role="img"
        aria-label={`Similarity histogram: ${r.genuine} genuine pairs, ${r.impostor} impostor pairs; τ ${tau.toFixed(2)}, suggested ${report.suggestedTau.toFixed(2)}`}
      >
        {bars(im, 'impostor')}
        {bars(g, 'genuine')}
        <line className="axis" x1={PAD.l} x2={W - PAD.r} y1={PAD.t + ph} y2={PAD.t + ph} />
        <line className="axis" x1={PAD.l} x2={PAD.l} y1={PAD.t} y2={PAD.t + ph} />
        {[-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => (
          <g key={v}>
            <line className="axis" x1={x(v)} x2={x(v)} y1={PAD.t + ph} y2={PAD.t + ph + 4} />
            <text className="tick" x={x(v)} y={PAD.t + ph + 14} textAnchor="middle">
              {v.toFixed(1)}
            </text>
          </g>
        ))}
        {yTicks.map((v) => (
          <text key={v} className="tick" x={PAD.l - 5} y={y(v) + 3} textAnchor="end">
            {v}
          </text>
        ))}
        <text className="tick axis-label" x={PAD.l + pw / 2} y={H - 2} textAnchor="middle">
          cosine similarity of a pair
        </text>
        <text className="tick axis-label" transform={`translate(9 ${PAD.t + ph / 2}) rotate(-90)`} textAnchor="middle">
          pairs
        </text>
        <line x1={x(report.suggestedTau)} x2={x(report.suggestedTau)} y1={PAD.t} y2={PAD.t + ph} className="tau-suggested" />
        <line x1={x(tau)} x2={x(tau)} y1={PAD.t} y2={PAD.t + ph} className="tau-line" />
        <text className="tick tau-label" x={x(tau) + 3} y={PAD.t + 9}>
          τ {tau.toFixed(2)}
        </text>
      </svg>
      <div className="legend row">
        {/* Each key stays with its words when the line wraps. */}
        <span className="legend-item">
          <span className="key genuine-key" aria-hidden="true" /> same person ({r.genuine} pairs)
        </span>
        <span className="legend-item">
          <span className="key impostor-key" aria-hidden="true" /> different people ({r.impostor} pairs)
        </span>
        <span className="legend-item">
          <span className="key suggested-key" aria-hidden="true" /> suggested τ
        </span>
      </div>
      <Slider
        label="τ (a face is this person when similarity ≥ τ)"
        value={tau}
        min={0}
        max={1}
        step={0.01}
        digits={2}
        ariaLabel="Recognition threshold τ"
        onChange={onTau}
        onCommit={onCommit}
      />
      <div className="tau-stats" data-testid="tau-rates" aria-live="polite">
        <Rate
          title={`False accepts at τ ${tau.toFixed(2)}`}
          count={r.falseAccepts}
          of={r.impostor}
          fit={`estimated FAR ${pct(r.farFit)}`}
          testId="far"
        />
        <Rate
          title={`False rejects at τ ${tau.toFixed(2)}`}
          count={r.falseRejects}
          of={r.genuine}
          fit={`estimated FRR ${pct(r.frrFit)}`}
          testId="frr"
        />
      </div>
      {few && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={16} />} mt="sm" p="xs" data-testid="tau-caution">
          Only {r.genuine} same-person and {r.impostor} different-person pairs: these rates are rough. Enroll more people, each with two or
          more photos, for a threshold you can trust.
        </Alert>
      )}
      <div className="row" style={{ marginTop: 10 }}>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconWand size={14} />}
          disabled={atSuggested}
          onClick={() => {
            onTau(report.suggestedTau);
            onCommit(report.suggestedTau);
          }}
        >
          Apply suggested τ {report.suggestedTau.toFixed(2)}
        </Button>
        <Text size="xs" c="dimmed">
          saved τ {report.currentTau.toFixed(2)}
        </Text>
      </div>
    </Panel>
  );
}

/** One error rate at the chosen τ: counted on the gallery's pairs, with the normal fit's estimate below. */
function Rate({ title, count, of, fit, testId }: { title: string; count: number; of: number; fit: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {title}
      </Text>
      <Text fw={700} data-testid={testId}>
        {count} of {of} pairs ({pct(of ? count / of : undefined)})
      </Text>
      <Text size="xs" c="dimmed">
        {fit}
      </Text>
    </div>
  );
}
