import { useState } from 'react';
import type { CalibrationReport } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { Slider } from '../../components/Slider';
import { useToast } from '../../hooks/useToast';

const BINS = 40;
const LO = -0.2;
const HI = 1;

function histogram(values: number[]): number[] {
  const h = new Array<number>(BINS).fill(0);
  for (const v of values) {
    const i = Math.min(BINS - 1, Math.max(0, Math.floor(((v - LO) / (HI - LO)) * BINS)));
    h[i]! += 1;
  }
  return h;
}

/** τ slider over the genuine/impostor similarity histograms of the current gallery. */
export function TauPanel({ report, onTau }: { report: CalibrationReport; onTau: (tau: number) => void }) {
  const client = useClient();
  const toast = useToast();
  const [tau, setTau] = useState(report.currentTau);

  const g = histogram(report.genuine);
  const im = histogram(report.impostor);
  const max = Math.max(1, ...g, ...im);
  const x = (v: number): number => ((v - LO) / (HI - LO)) * 400;
  const bars = (h: number[], cls: string) =>
    h.map(
      (n, i) =>
        n > 0 && (
          <rect
            key={`${cls}${i}`}
            className={cls}
            x={(i * 400) / BINS}
            width={400 / BINS - 1}
            y={120 - (n / max) * 110}
            height={(n / max) * 110}
          />
        ),
    );

  const commit = async (value: number): Promise<void> => {
    try {
      const r = await client.call('vw:faces.setTau', { tau: value });
      onTau(r.tau);
    } catch (err) {
      toast.error(err, 'Set τ');
    }
  };

  return (
    <div className="card">
      <h2>Threshold τ</h2>
      <svg
        viewBox="0 0 400 130"
        className="histogram"
        role="img"
        aria-label={`Similarity histogram: ${report.genuine.length} genuine pairs, ${report.impostor.length} impostor pairs`}
      >
        {bars(im, 'impostor')}
        {bars(g, 'genuine')}
        <line x1={x(tau)} x2={x(tau)} y1={0} y2={125} className="tau-line" />
        <line x1={x(report.suggestedTau)} x2={x(report.suggestedTau)} y1={0} y2={125} className="tau-suggested" />
      </svg>
      <p className="legend">
        <span className="genuine-key">■</span> genuine ({report.genuine.length}) <span className="impostor-key">■</span> impostor (
        {report.impostor.length}) · suggested τ {report.suggestedTau.toFixed(2)} (FAR {(report.far * 100).toFixed(1)} %, FRR{' '}
        {(report.frr * 100).toFixed(1)} %)
      </p>
      <Slider
        label="τ"
        value={tau}
        min={0}
        max={1}
        step={0.01}
        digits={2}
        ariaLabel="Recognition threshold τ"
        onChange={setTau}
        onCommit={(v) => void commit(v)}
      />
    </div>
  );
}
