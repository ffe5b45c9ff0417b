import { Button } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LabYoloResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { Panel } from '../../components/Panel';
import { Dec, Num } from './controls';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { fileBytes } from '../../lib/files';
import { IouCalculator } from './IouCalculator';

const fmtY = (v: number | null): string => (v === null ? '?' : Number.isInteger(v) ? String(v) : v.toFixed(2));

/** The image with the S×S grid and the candidates as NMS sees them after `done` steps. */
function NmsView({ r, url, done }: { r: LabYoloResult; url: string; done: number }) {
  const kept = new Set(r.steps.slice(0, done).map((s) => s.pick));
  const gone = new Set(r.steps.slice(0, done).flatMap((s) => s.suppressed.map((x) => x.index)));
  const current = done > 0 ? r.steps[done - 1]!.pick : -1;
  const lines = Array.from({ length: r.grid - 1 }, (_, i) => i + 1);
  return (
    <div style={{ position: 'relative', maxWidth: 640 }}>
      <img src={url} alt="Image for the YOLO lesson" style={{ width: '100%', display: 'block' }} />
      <svg viewBox={`0 0 ${r.width} ${r.height}`} style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }} aria-hidden>
        {lines.map((i) => (
          <g key={i} stroke="#fff" strokeDasharray="8 6" strokeWidth={2}>
            <line x1={(i * r.width) / r.grid} x2={(i * r.width) / r.grid} y1={0} y2={r.height} />
            <line y1={(i * r.height) / r.grid} y2={(i * r.height) / r.grid} x1={0} x2={r.width} />
          </g>
        ))}
        {r.candidates.map((c) => {
          if (gone.has(c.index)) return null;
          const isKept = kept.has(c.index);
          const colour = c.index === current ? '#fab005' : isKept ? '#2f9e44' : '#adb5bd';
          return (
            <g key={c.index}>
              <rect
                x={c.box[0]}
                y={c.box[1]}
                width={c.box[2] - c.box[0]}
                height={c.box[3] - c.box[1]}
                fill="none"
                stroke={colour}
                strokeWidth={isKept ? 4 : 1.5}
              />
              {isKept && (
                <text x={c.box[0] + 4} y={c.box[1] + 18} fill={colour} fontSize={16} fontWeight={700}>
                  #{c.index} {c.label} {c.score.toFixed(2)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** YOLO step by step: the notes' grid, the model's real grid, NMS one pick at a time, the S×S×A×(5+C) target, an IoU calculator. */
export function YoloLesson() {
  const client = useClient();
  const [image, setImage] = useState<Uint8Array>();
  const [conf, setConf] = useState(0.1);
  const [iou, setIou] = useState(0.5);
  const [grid, setGrid] = useState(3);
  const [settled, setSettled] = useState<{ key: string; result?: LabYoloResult; error?: VwClientError }>();
  const [done, setDone] = useState(0);
  const [playing, setPlaying] = useState(false);
  const url = useObjectUrl(image, 'image/jpeg');
  const [version, setVersion] = useState(0);
  const key = `${version} ${conf} ${iou} ${grid}`;
  const busy = !!image && settled?.key !== key;
  const result = settled?.result;
  const error = settled?.key === key ? settled.error : undefined;

  // Any change of picture or settings runs again; the latest answer wins and NMS starts over.
  useEffect(() => {
    if (!image) return;
    let live = true;
    client.call('vw:lab.yolo', { image, conf, iou, grid }).then(
      (r) => {
        if (!live) return;
        setSettled({ key, result: r });
        setDone(0);
        setPlaying(false);
      },
      (err: unknown) => live && setSettled((prev) => ({ key, result: prev?.result, error: toClientError(err) })),
    );
    return () => {
      live = false;
    };
  }, [client, image, conf, iou, grid, key]);

  const total = result?.steps.length ?? 0;
  const animating = playing && done < total;
  useEffect(() => {
    if (!animating) return;
    const t = setTimeout(() => setDone((d) => d + 1), 700);
    return () => clearTimeout(t);
  }, [animating, done]);

  const r = result;
  return (
    <div className="stack">
      <Panel title="YOLO step by step">
        <div className="row">
          <DropZone
            label="Image"
            accept="image/*"
            testId="yolo-drop"
            onFiles={async ([f]) => {
              setImage(await fileBytes(f!));
              setVersion((v) => v + 1);
            }}
          />
          <Dec label="keep p_c ≥" value={conf} min={0} max={1} step={0.05} onChange={setConf} />
          <Dec label="NMS IoU ≥" value={iou} min={0.05} max={1} step={0.05} onChange={setIou} />
          <Num label="grid S" value={grid} min={1} max={19} onChange={(v) => setGrid(Math.min(19, v))} />
        </div>
        {busy && <div className="muted">Running the detector…</div>}
        {error && <div className="inline-error">{error.message}</div>}
      </Panel>
      {r && url && (
        <div className="lab-grid">
          <Panel title="The grid, and NMS one pick at a time">
            <p data-testid="model-grid">
              The notes&apos; grid: {r.grid}×{r.grid} (dashed). The model&apos;s own grid: {r.modelGrid.rows}×{r.modelGrid.cols} cells,
              stride {r.modelGrid.stride} px on its {r.inputSize}×{r.inputSize} input, {r.modelGrid.channels} class scores + 4 box values
              per cell ({r.model}: one centre point per cell, no anchors).
            </p>
            <NmsView r={r} url={url} done={done} />
            <div className="row">
              <Button size="xs" variant="default" onClick={() => setDone(0)}>
                Reset
              </Button>
              <Button size="xs" variant="default" disabled={done >= total} onClick={() => setDone((d) => Math.min(total, d + 1))}>
                Next step
              </Button>
              <Button size="xs" variant="default" disabled={done >= total} onClick={() => setPlaying(!animating)}>
                {animating ? 'Pause' : 'Play'}
              </Button>
              <Button size="xs" variant="default" onClick={() => setDone(total)}>
                All steps
              </Button>
              <span data-testid="nms-progress">
                step {done} of {total} · {r.candidates.length} candidates with p_c ≥ {r.conf}
              </span>
            </div>
          </Panel>
          <Panel title="Non-max suppression">
            <p className="muted">Per class: pick the highest p_c left, discard boxes of its class with IoU ≥ {r.iou}, repeat.</p>
            <ol data-testid="nms-log">
              {r.steps.slice(0, done).map((s) => (
                <li key={s.pick}>
                  keep #{s.pick} {s.label} p_c {r.candidates[s.pick]!.score}
                  {s.suppressed.length > 0 && ` · discard ${s.suppressed.map((x) => `#${x.index} (IoU ${x.iou.toFixed(3)})`).join(', ')}`}
                </li>
              ))}
            </ol>
          </Panel>
          <Panel title="Target y">
            <p>
              y has shape <strong data-testid="target-shape">{r.target.shape.join('×')}</strong>: {r.grid}×{r.grid} cells ×{' '}
              {r.anchors.length} anchors × [p_c, b_x, b_y, b_h, b_w, {r.classes.map((c, i) => `c${i + 1} ${c}`).join(', ')}]. Anchors (w×h
              of the image): {r.anchors.map(([w, h]) => `${w}×${h}`).join(', ')}.
            </p>
            <table className="numbers" data-testid="target-objects" aria-label="Objects in the target">
              <thead>
                <tr>
                  <th>object</th>
                  <th>cell</th>
                  <th>IoU with anchors</th>
                  <th>anchor</th>
                  <th>y of that cell and anchor</th>
                </tr>
              </thead>
              <tbody>
                {r.objects.map((o) => {
                  const D = r.target.shape[3]!;
                  const at = ((o.row * r.grid + o.col) * r.anchors.length + o.anchor) * D;
                  return (
                    <tr key={o.candidate}>
                      <td>
                        #{o.candidate} {o.label}
                      </td>
                      <td>
                        ({o.row}, {o.col})
                      </td>
                      <td>{o.anchorIou.map((v) => v.toFixed(2)).join(' / ')}</td>
                      <td>{o.anchor + 1}</td>
                      <td>
                        {o.conflict
                          ? 'cell and anchor already taken'
                          : `[${r.target.data
                              .slice(at, at + D)
                              .map(fmtY)
                              .join(', ')}]`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {r.objects.length === 0 && <p className="muted">No kept box of these classes has p_c ≥ {r.targetConf}.</p>}
          </Panel>
        </div>
      )}
      <IouCalculator />
    </div>
  );
}
