import type { Matrix } from '../../../preload/contract';

/** A matrix as a table, one cell per value (readable by screen readers and tests). */
export function MatrixTable({ m, label, testId }: { m: Matrix; label: string; testId?: string }) {
  // One format per table: all whole numbers, or all with two decimals (never "3" beside "3.50").
  const whole = m.data.every((v) => Number.isInteger(v));
  const fmt = (v: number): string => (whole ? String(v) : v.toFixed(2));
  return (
    <table className="matrix" aria-label={label} data-testid={testId} data-rows={m.rows} data-cols={m.cols}>
      <tbody>
        {Array.from({ length: m.rows }, (_, r) => (
          <tr key={r}>
            {m.data.slice(r * m.cols, (r + 1) * m.cols).map((v, c) => (
              <td key={c} className={v < 0 ? 'neg' : v > 0 ? 'pos' : undefined}>
                {fmt(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
