import { useEffect, useState } from 'react';
import type { LabSlidingResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { Panel } from '../../components/Panel';
import { Choice } from './controls';
import { fileBytes } from '../../lib/files';
import { fmt } from './format';

/** p(class 1) per window as a grid, one way or the other. */
function ProbGrid({ r, probs, label, testId }: { r: LabSlidingResult; probs: number[][]; label: string; testId: string }) {
  return (
    <table className="numbers" aria-label={label} data-testid={testId}>
      <caption>{label}</caption>
      <tbody>
        {Array.from({ length: r.windows.rows }, (_, i) => (
          <tr key={i}>
            {Array.from({ length: r.windows.cols }, (_, j) => (
              <td key={j} className="num">
                {probs[i * r.windows.cols + j]![0]!.toFixed(4)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Sliding windows one by one vs the convolutional implementation, on the same picture. */
export function SlidingLesson() {
  const client = useClient();
  const [image, setImage] = useState<{ bytes: Uint8Array; version: number }>();
  const [side, setSide] = useState(28);
  const [settled, setSettled] = useState<{ key: string; result?: LabSlidingResult; error?: VwClientError }>();
  const key = `${image?.version} ${side}`;
  const r = settled?.result;
  const busy = !!image && settled?.key !== key;

  useEffect(() => {
    if (!image) return;
    let live = true;
    client.call('vw:lab.sliding', { image: image.bytes, side }).then(
      (res) => live && setSettled({ key, result: res }),
      (err: unknown) => live && setSettled((prev) => ({ key, result: prev?.result, error: toClientError(err) })),
    );
    return () => {
      live = false;
    };
  }, [client, image, side, key]);

  return (
    <div className="stack">
      <Panel title="Sliding windows vs convolution">
        <p className="muted">
          The notes&apos; network: 14×14×3 → CONV 5×5, 16 → MAX POOL 2×2 → FC 400 → FC 400 → softmax 4 (seeded random weights). Its FC
          layers become 5×5 and 1×1 convolutions, so one pass over a larger picture computes every 14×14 window at stride 2.
        </p>
        <div className="row">
          <DropZone
            label="Image"
            accept="image/*"
            testId="sliding-drop"
            onFiles={async ([f]) => {
              const bytes = await fileBytes(f!);
              setImage((prev) => ({ bytes, version: (prev?.version ?? 0) + 1 }));
            }}
          />
          <Choice
            label="Picture side"
            value={String(side)}
            w={120}
            options={[16, 28, 40].map((n) => ({ value: String(n), label: `${n}×${n}` }))}
            onChange={(v) => setSide(Number(v))}
          />
        </div>
        {busy && <div className="muted">Running both ways…</div>}
        {settled?.error && settled.key === key && <div className="inline-error">{settled.error.message}</div>}
      </Panel>
      {r && (
        <Panel title="Window by window, and in one pass" testId="sliding">
          <p>
            {r.side}×{r.side} picture →{' '}
            <strong data-testid="sliding-windows">
              {r.windows.rows}×{r.windows.cols}
            </strong>{' '}
            windows of {r.window}×{r.window} at stride {r.stride}. Largest difference between the two ways:{' '}
            <strong data-testid="sliding-diff">{r.maxAbsDiff.toExponential(1)}</strong> ({r.maxAbsDiff <= 1e-9 ? 'equal' : 'different'}).
          </p>
          <p>
            Multiplications: window by window {r.windows.rows * r.windows.cols} × {fmt(r.macs.perWindow)} ={' '}
            <strong data-testid="sliding-macs-windowed">{fmt(r.macs.windowed)}</strong>; convolutionally{' '}
            <strong data-testid="sliding-macs-conv">{fmt(r.macs.convolutional)}</strong> (
            <span data-testid="sliding-ratio">{r.macs.ratio.toFixed(2)}</span>× fewer).
          </p>
          <table className="numbers" aria-label="Multiplications per layer">
            <thead>
              <tr>
                <th>layer</th>
                <th className="num">window by window</th>
                <th>convolutional form</th>
                <th className="num">one pass</th>
              </tr>
            </thead>
            <tbody>
              {r.windowNet.layers.slice(1).map((l, i) => {
                const c = r.convNet.layers[i + 1]!;
                return (
                  <tr key={l.name}>
                    <td>
                      {l.name} ({l.shape.join('×')})
                    </td>
                    <td className="num">{fmt(l.macs * r.windows.rows * r.windows.cols)}</td>
                    <td>
                      {c.name} ({c.shape.join('×')})
                    </td>
                    <td className="num">{fmt(c.macs)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="side-by-side">
            <ProbGrid r={r} probs={r.windowed} label="p(class 1), window by window" testId="sliding-windowed" />
            <ProbGrid r={r} probs={r.convolutional} label="p(class 1), one convolutional pass" testId="sliding-conv" />
          </div>
        </Panel>
      )}
    </div>
  );
}
