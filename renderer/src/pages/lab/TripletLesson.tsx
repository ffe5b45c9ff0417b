import { useEffect, useState } from 'react';
import type { LabTripletRequest, LabTripletResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { fileBytes } from '../../lib/files';

/** "obama2.jpg" → "obama", "alex_lacamoire1.jpg" → "alex_lacamoire": the person is the file name without trailing digits. */
export const personOf = (file: string): string =>
  file
    .replace(/\.[^.]+$/, '')
    .replace(/[\s_-]*\d+$/, '')
    .toLowerCase();

type Images = LabTripletRequest['images'];

/** Triplet loss on the user's pictures, hardest triplets first, and a learned projection judged on held-out pictures. */
export function TripletLesson() {
  const client = useClient();
  const [train, setTrain] = useState<Images>([]);
  const [held, setHeld] = useState<Images>([]);
  const [alpha, setAlpha] = useState(0.2);
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState<{ key: string; result?: LabTripletResult; error?: VwClientError }>();
  const key = `${version} ${alpha}`;
  const images = [...train, ...held];
  const ready = train.length >= 3;
  const busy = ready && settled?.key !== key;
  const r = settled?.result;

  useEffect(() => {
    if (train.length < 3) return;
    let live = true;
    client.call('vw:lab.triplet', { images: [...train, ...held], alpha }).then(
      (res) => live && setSettled({ key, result: res }),
      (err: unknown) => live && setSettled((prev) => ({ key, result: prev?.result, error: toClientError(err) })),
    );
    return () => {
      live = false;
    };
  }, [client, train, held, alpha, key]);

  const take = (heldOut: boolean) => async (files: File[]) => {
    const list = await Promise.all(files.map(async (f) => ({ name: f.name, person: personOf(f.name), heldOut, data: await fileBytes(f) })));
    (heldOut ? setHeld : setTrain)(list);
    setVersion((v) => v + 1);
  };
  const nm = (i: number) => (r ? `${r.faces[i]!.name}` : '');

  return (
    <>
      <h2>Triplet loss and personalisation</h2>
      <p className="muted">
        L(A, P, N) = max(d(A, P) − d(A, N) + α, 0) with d = ‖f(x1) − f(x2)‖². The person is read from the file name (obama2.jpg → obama).
        Held-out pictures never train; they score verification before and after a learned per-dimension projection, which is kept only if it
        does better.
      </p>
      <div className="row">
        <DropZone label="Training pictures" accept="image/*" multiple testId="triplet-train" onFiles={take(false)} />
        <DropZone label="Held-out pictures" accept="image/*" multiple testId="triplet-heldout" onFiles={take(true)} />
        <label>
          α{' '}
          <input
            type="number"
            min={0}
            max={4}
            step={0.1}
            value={alpha}
            onChange={(e) => setAlpha(Math.min(4, Math.max(0, +e.target.value)))}
          />
        </label>
      </div>
      {images.length > 0 && (
        <p className="muted" data-testid="triplet-people">
          {images.map((i) => `${i.name} → ${i.person}${i.heldOut ? ' (held out)' : ''}`).join(' · ')}
        </p>
      )}
      {busy && <div className="muted">Encoding and training…</div>}
      {settled?.error && settled.key === key && <div className="inline-error">{settled.error.message}</div>}
      {r && (
        <div className="card" data-testid="triplet">
          <p>
            <span data-testid="triplet-count">{r.tripletCount}</span> training triplets, α = {r.alpha}: J = Σ L ={' '}
            <strong data-testid="triplet-j">{r.j.toFixed(4)}</strong>
          </p>
          <table className="numbers" data-testid="triplet-table" aria-label="Hardest triplets">
            <thead>
              <tr>
                <th>A</th>
                <th>P</th>
                <th>N</th>
                <th className="num">d(A, P)</th>
                <th className="num">d(A, N)</th>
                <th className="num">L</th>
              </tr>
            </thead>
            <tbody>
              {r.triplets.slice(0, 10).map((t, i) => (
                <tr key={i}>
                  <td>{nm(t.anchor)}</td>
                  <td>{nm(t.positive)}</td>
                  <td>{nm(t.negative)}</td>
                  <td className="num">{t.dAP.toFixed(3)}</td>
                  <td className="num">{t.dAN.toFixed(3)}</td>
                  <td className="num">{t.loss.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.projection ? (
            <p data-testid="triplet-projection">
              Projection ({r.projection.steps} steps): J {r.j.toFixed(4)} → {r.projection.jAfter.toFixed(4)}; held-out verification on{' '}
              {r.projection.heldOutPairs} pairs: accuracy {r.projection.accuracyBefore.toFixed(3)} → {r.projection.accuracyAfter.toFixed(3)}{' '}
              — <strong>{r.projection.adopted ? 'adopted' : 'not adopted (no gain on held-out pairs)'}</strong>
            </p>
          ) : (
            <p className="muted" data-testid="triplet-projection">
              Add held-out pictures to learn and judge a projection.
            </p>
          )}
        </div>
      )}
    </>
  );
}
