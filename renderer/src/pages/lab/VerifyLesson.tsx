import { useEffect, useState } from 'react';
import type { LabVerifyFace, LabVerifyResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { Panel } from '../../components/Panel';
import { Dec } from './controls';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { fileBytes } from '../../lib/files';

function Crop({ face }: { face: LabVerifyFace }) {
  const url = useObjectUrl(face.crop, 'image/jpeg');
  return (
    <figure style={{ margin: 4 }}>
      {url ? <img src={url} width={72} height={72} alt={`Aligned face of ${face.name}`} /> : <div className="muted">no face</div>}
      <figcaption>{face.name}</figcaption>
    </figure>
  );
}

/** A matrix of pairwise numbers with the pictures' names on both axes. */
function PairTable({
  r,
  values,
  label,
  testId,
  same,
}: {
  r: LabVerifyResult;
  values: (number | null)[][];
  label: string;
  testId: string;
  same: (v: number) => boolean;
}) {
  return (
    <table className="numbers" aria-label={label} data-testid={testId}>
      <caption>{label}</caption>
      <thead>
        <tr>
          <th />
          {r.faces.map((f) => (
            <th key={f.name} className="num">
              {f.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {values.map((row, i) => (
          <tr key={i}>
            <th>{r.faces[i]!.name}</th>
            {row.map((v, j) => (
              <td key={j} className="num" style={v !== null && i !== j && same(v) ? { background: '#d3f9d8' } : undefined}>
                {v === null ? '—' : v.toFixed(3)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Verification (1:1) vs recognition (1:K): d = ‖f(x1) − f(x2)‖² next to cosine, with τ, on the largest face of each picture. */
export function VerifyLesson() {
  const client = useClient();
  const [images, setImages] = useState<{ name: string; data: Uint8Array }[]>([]);
  const [tau, setTau] = useState<number>();
  const [settled, setSettled] = useState<{ key: string; result?: LabVerifyResult; error?: VwClientError }>();
  const [version, setVersion] = useState(0);
  const key = `${version} ${tau}`;
  const busy = images.length >= 2 && settled?.key !== key;
  const r = settled?.result;

  useEffect(() => {
    if (images.length < 2) return;
    let live = true;
    client.call('vw:lab.verify', { images, tau }).then(
      (res) => live && setSettled({ key, result: res }),
      (err: unknown) => live && setSettled((prev) => ({ key, result: prev?.result, error: toClientError(err) })),
    );
    return () => {
      live = false;
    };
  }, [client, images, tau, key]);

  return (
    <div className="stack">
      <Panel title="Verification vs recognition">
        <p className="muted">
          One network f encodes every face. Verification (1:1): is d(x1, x2) = ‖f(x1) − f(x2)‖² small enough? Recognition (1:K): which of K
          known faces is nearest, or nobody when even the nearest is too far.
        </p>
        <div className="row">
          <DropZone
            label="Face pictures (2–12)"
            accept="image/*"
            multiple
            testId="verify-drop"
            onFiles={async (files) => {
              setImages(await Promise.all(files.slice(0, 12).map(async (f) => ({ name: f.name, data: await fileBytes(f) }))));
              setVersion((v) => v + 1);
            }}
          />
          <Dec label="τ (cosine)" value={tau ?? r?.tau} min={-1} max={1} step={0.05} onChange={setTau} />
        </div>
        {busy && <div className="muted">Encoding the faces…</div>}
        {settled?.error && settled.key === key && <div className="inline-error">{settled.error.message}</div>}
      </Panel>
      {r && (
        <Panel title="Encodings, distances and decisions" testId="verify">
          <div className="row">
            {r.faces.map((f) => (
              <Crop key={f.name} face={f} />
            ))}
          </div>
          <p data-testid="verify-threshold">
            τ = {r.tau} on the cosine ⇔ d ≤ 2 − 2τ = {r.dTau.toFixed(2)} (the encodings are unit vectors, so ‖a − b‖² = 2 − 2·a·b).
          </p>
          <div className="side-by-side">
            <PairTable r={r} values={r.distance} label="d = ‖f(x1) − f(x2)‖²" testId="verify-distance" same={(v) => v <= r.dTau} />
            <PairTable r={r} values={r.cosine} label="cosine similarity" testId="verify-cosine" same={(v) => v >= r.tau} />
          </div>
          <h3>Verification: every pair</h3>
          <ul data-testid="verify-pairs">
            {r.pairs.map((p) => (
              <li key={`${p.a}-${p.b}`}>
                {r.faces[p.a]!.name} vs {r.faces[p.b]!.name}: d {p.d.toFixed(3)}, cos {p.cos.toFixed(3)} →{' '}
                {p.same ? 'same person' : 'different'}
              </li>
            ))}
          </ul>
          <h3>Recognition: each face against the others</h3>
          <ul data-testid="verify-recognition">
            {r.recognition.map((x) => (
              <li key={x.index}>
                {r.faces[x.index]!.name} → {x.answer}
                {x.cos !== null && ` (nearest cos ${x.cos.toFixed(3)})`}
              </li>
            ))}
          </ul>
        </Panel>
      )}
    </div>
  );
}
