import { useEffect, useState } from 'react';
import type { LabLocalizeResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { Panel } from '../../components/Panel';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { fileBytes } from '../../lib/files';

const cell = (v: number | null): string => (v === null ? '?' : String(v));

/** Classification with localization (y = [p_c, b_x, b_y, b_h, b_w, c…]) and the 68-landmark vector, on a real picture. */
export function LocalizeLesson() {
  const client = useClient();
  const [image, setImage] = useState<{ bytes: Uint8Array; version: number }>();
  const [settled, setSettled] = useState<{ key: number; result?: LabLocalizeResult; error?: VwClientError }>();
  const url = useObjectUrl(image?.bytes, 'image/jpeg');
  const r = settled?.result;
  const busy = !!image && settled?.key !== image.version;

  useEffect(() => {
    if (!image) return;
    let live = true;
    client.call('vw:lab.localize', { image: image.bytes }).then(
      (res) => live && setSettled({ key: image.version, result: res }),
      (err: unknown) => live && setSettled({ key: image.version, error: toClientError(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, image]);

  return (
    <div className="stack">
      <Panel title="Localization and landmarks">
        <DropZone
          label="Image"
          accept="image/*"
          testId="localize-drop"
          onFiles={async ([f]) => {
            const bytes = await fileBytes(f!);
            setImage((prev) => ({ bytes, version: (prev?.version ?? 0) + 1 }));
          }}
        />
        {busy && <div className="muted">Detecting…</div>}
        {settled?.error && <div className="inline-error">{settled.error.message}</div>}
      </Panel>
      {r && url && (
        <div className="lab-grid" data-testid="localize">
          <Panel title="Boxes and landmarks">
            <div className="overlay-box">
              <img src={url} alt="Picture with boxes and landmarks" style={{ width: '100%', display: 'block' }} />
              <svg
                viewBox={`0 0 ${r.width} ${r.height}`}
                style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }}
                aria-hidden
              >
                {r.detections
                  .filter((d) => d.y[0] === 1)
                  .map((d, i) => (
                    <rect
                      key={i}
                      x={d.box[0]}
                      y={d.box[1]}
                      width={d.box[2] - d.box[0]}
                      height={d.box[3] - d.box[1]}
                      fill="none"
                      stroke="#2f9e44"
                      strokeWidth={3}
                    />
                  ))}
                {r.face?.landmarks.map(([x, y], i) => (
                  <circle key={i} cx={x} cy={y} r={Math.max(1.5, r.width / 300)} fill="#fab005" />
                ))}
              </svg>
            </div>
          </Panel>
          <Panel title="y for each detection">
            <p className="muted">
              y = [p_c, b_x, b_y, b_h, b_w, {r.classes.map((c, i) => `c${i + 1} ${c}`).join(', ')}], with the image&apos;s top-left at (0,
              0) and bottom-right at (1, 1); p_c = 0 (background) for other classes, and then the rest is &quot;don&apos;t care&quot; (?).
            </p>
            <table className="numbers" data-testid="localize-vectors" aria-label="Output vectors">
              <thead>
                <tr>
                  <th>detection</th>
                  <th>y</th>
                </tr>
              </thead>
              <tbody>
                {r.detections.map((d, i) => (
                  <tr key={i}>
                    <td>
                      {d.label} {d.score.toFixed(2)}
                    </td>
                    <td>[{d.y.map(cell).join(', ')}]</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Landmarks</h3>
            {r.face ? (
              <p data-testid="localize-landmarks">
                {r.face.landmarks.length} landmarks → {r.face.vector.length} outputs: [
                {r.face.vector
                  .slice(0, 8)
                  .map((v, i) => `l${Math.floor(i / 2) + 1}${i % 2 ? 'y' : 'x'} ${v}`)
                  .join(', ')}
                , …, l68y {r.face.vector.at(-1)}]
              </p>
            ) : (
              <p className="muted" data-testid="localize-landmarks">
                No face in this picture.
              </p>
            )}
          </Panel>
        </div>
      )}
    </div>
  );
}
