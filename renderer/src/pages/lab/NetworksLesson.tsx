import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LabNetworkId, LabNetworkReport } from '../../../../preload/contract';
import { useRequest } from '../../hooks/useRequest';
import { fmt } from './format';

/** n_H, n_W shrink and n_C grows along the depth: one point per layer with a spatial activation. */
function ShapeChart({ report }: { report: LabNetworkReport }) {
  const points = report.layers
    .map((l, i) => ({ depth: i, name: l.name, nH: l.shape[0]!, nW: l.shape[1]!, nC: l.shape[2]! }))
    .filter((_, i) => report.layers[i]!.shape.length === 3);
  return (
    <figure aria-label="n_H, n_W and n_C along the depth" data-testid="shape-chart">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={points} margin={{ top: 8, right: 24, bottom: 24, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="depth" label={{ value: 'layer (depth)', position: 'insideBottom', offset: -12 }} />
          <YAxis scale="log" domain={[1, 'auto']} allowDataOverflow label={{ value: 'size (log)', angle: -90, position: 'insideLeft' }} />
          <Tooltip labelFormatter={(d) => points.find((p) => p.depth === d)?.name ?? d} />
          <Legend verticalAlign="top" />
          <Line type="stepAfter" dataKey="nH" name="n_H" stroke="#1c7ed6" dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="nW" name="n_W" stroke="#74c0fc" strokeDasharray="4 2" dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="nC" name="n_C" stroke="#e8590c" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted">n_H, n_W ↓ and n_C ↑ as the network gets deeper (log scale).</figcaption>
    </figure>
  );
}

/** The notes' layer table for a classic network described in code (no weights). */
export function NetworksLesson() {
  const [id, setId] = useState<LabNetworkId>('notes-cnn');
  const list = useRequest('vw:lab.networks', {});
  const net = useRequest('vw:lab.network', { id });
  const r = net.data?.id === id ? net.data : undefined;
  return (
    <>
      <h2>Classic networks</h2>
      <div className="row">
        <label>
          Network{' '}
          <select aria-label="Network" value={id} onChange={(e) => setId(e.target.value as LabNetworkId)}>
            {(list.data ?? []).map((n) => (
              <option key={n.id} value={n.id}>
                {n.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      {net.error && <div className="inline-error">{net.error.message}</div>}
      {r && (
        <div className="card" data-testid="network-report" data-network={r.id}>
          <p className="muted">{r.source}</p>
          <p>
            Total parameters:{' '}
            <strong className="big-number" data-testid="network-total-params">
              {fmt(r.totals.params)}
            </strong>{' '}
            · MACs: <strong data-testid="network-total-macs">{fmt(r.totals.macs)}</strong> · layers: {r.layers.length}
          </p>
          <ShapeChart report={r} />
          <div className="table-scroll">
            <table className="numbers" aria-label={`${r.title} layers`} data-testid="network-table">
              <thead>
                <tr>
                  <th>layer</th>
                  <th>kind</th>
                  <th>activation shape</th>
                  <th className="num">activation size</th>
                  <th className="num"># parameters</th>
                  <th className="num">MACs</th>
                </tr>
              </thead>
              <tbody>
                {r.layers.map((l) => (
                  <tr key={l.name}>
                    <td>{l.name}</td>
                    <td>{l.kind}</td>
                    <td>({l.shape.join(', ')})</td>
                    <td className="num">{fmt(l.activationSize)}</td>
                    <td className="num">{fmt(l.params)}</td>
                    <td className="num">{fmt(l.macs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </>
  );
}
