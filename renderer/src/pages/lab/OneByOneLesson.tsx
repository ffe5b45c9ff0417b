import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { IconArrowsMinimize } from '@tabler/icons-react';
import { Panel } from '../../components/Panel';
import { SizesPanel } from './controls';
import { useRequest } from '../../hooks/useRequest';
import { fmt } from './format';

/** The notes' 1×1 bottleneck argument, with sizes to change and the same counts read off Inception (3a). */
export function OneByOneLesson() {
  const [s, set] = useState({ height: 28, width: 28, channels: 192, f: 5, filters: 32, bottleneck: 16 });
  const res = useRequest('vw:lab.oneByOne', s);
  const r = res.data;
  return (
    <div className="stack">
      <SizesPanel
        title="1×1 convolutions"
        icon={<IconArrowsMinimize size={18} />}
        values={s}
        onChange={set}
        fields={[
          ['height', 'n_H', 8192],
          ['width', 'n_W', 8192],
          ['channels', 'n_C', 100000],
          ['f', 'f', 31],
          ['filters', 'filters', 100000],
          ['bottleneck', 'bottleneck (1×1 filters)', 100000],
        ]}
        error={res.error}
      />
      {r && (
        <Panel title="Multiplications" testId="one-by-one">
          <p>
            {s.height}×{s.width}×{s.channels} → {s.f}×{s.f} conv, {s.filters} filters: {s.height}·{s.width}·{s.filters} outputs × {s.f}·
            {s.f}·{s.channels} = <strong data-testid="direct">{fmt(r.direct)}</strong> multiplications
          </p>
          <p>
            1×1 conv to {s.bottleneck} first: <strong data-testid="reduce">{fmt(r.reduce)}</strong> +{' '}
            <strong data-testid="expand">{fmt(r.expand)}</strong> = <strong data-testid="bottlenecked">{fmt(r.bottlenecked)}</strong> (
            <span data-testid="ratio">{r.ratio.toFixed(2)}</span>× fewer)
          </p>
          <p className="muted">
            Parameters: {fmt(r.directParams)} direct vs {fmt(r.bottleneckedParams)} with the bottleneck.
          </p>
          <figure aria-label="Multiplications, direct vs bottleneck">
            <ResponsiveContainer width="100%" height={200}>
              <BarChart
                data={[
                  { name: 'direct', value: r.direct },
                  { name: '1×1 + f×f', value: r.bottlenecked },
                ]}
                margin={{ top: 8, right: 24, bottom: 8, left: 32 }}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis
                  tickFormatter={(v: number) => `${(v / 1e6).toFixed(0)} M`}
                  label={{ value: 'multiplications', angle: -90, position: 'insideLeft' }}
                />
                <Tooltip formatter={(v) => fmt(Number(v))} />
                <Bar dataKey="value" name="multiplications" fill="#1c7ed6" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <h3>Read off a real Inception module</h3>
          <p data-testid="inception-3a">
            GoogLeNet&apos;s Inception (3a), 5×5 branch on 28×28×192: 1×1 reduce to 16 = {fmt(r.inception3a.reduce)}, 5×5 conv to 32 ={' '}
            {fmt(r.inception3a.expand)}, total <strong>{fmt(r.inception3a.total)}</strong> MACs (from the Classic networks table).
          </p>
        </Panel>
      )}
    </div>
  );
}
