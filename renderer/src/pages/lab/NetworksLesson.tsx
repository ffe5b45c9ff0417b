import { useState } from 'react';
import { Group, Text } from '@mantine/core';
import { IconStack2 } from '@tabler/icons-react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LabNetworkId, LabNetworkReport } from '../../../../preload/contract';
import { Panel } from '../../components/Panel';
import { useRequest } from '../../hooks/useRequest';
import { Choice } from './controls';
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
      <figcaption className="muted chart-caption">n_H, n_W ↓ and n_C ↑ as the network gets deeper (log scale).</figcaption>
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
    <div className="stack">
      <Panel title="Classic networks" icon={<IconStack2 size={18} />}>
        <Group gap="md" align="flex-end">
          <Choice
            label="Network"
            value={id}
            w={240}
            options={(list.data ?? []).map((n) => ({ value: n.id, label: n.title }))}
            onChange={setId}
          />
          <Text size="sm" c="dimmed" maw={560}>
            Each network is an architecture description built in code (no weights): the notes&apos; table of activation shapes, sizes and
            parameters, plus multiply-adds. The Models page opens the same descriptions in its inspector.
          </Text>
        </Group>
        {net.error && (
          <Text size="sm" c="red" mt="xs">
            {net.error.message}
          </Text>
        )}
      </Panel>
      {r && (
        <Panel title={r.title} testId="network-report">
          <Text size="sm" c="dimmed" data-network={r.id}>
            {r.source}
          </Text>
          <Text size="sm" my="xs">
            Total parameters:{' '}
            <strong className="big-number" data-testid="network-total-params">
              {fmt(r.totals.params)}
            </strong>{' '}
            · MACs: <strong data-testid="network-total-macs">{fmt(r.totals.macs)}</strong> · layers: {r.layers.length}
          </Text>
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
        </Panel>
      )}
    </div>
  );
}
