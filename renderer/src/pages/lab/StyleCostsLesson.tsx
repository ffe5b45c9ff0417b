import { useEffect, useState } from 'react';
import type { LabStyleCostsResult, LabStyleLayerCost } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { fileBytes } from '../../lib/files';

type Slot = 'content' | 'style' | 'generated';

function Gram({ png, label }: { png: Uint8Array; label: string }) {
  const url = useObjectUrl(png);
  return (
    <figure style={{ margin: 4 }}>
      <img src={url} alt={label} width={96} height={96} style={{ imageRendering: 'pixelated' }} />
      <figcaption className="muted">{label}</figcaption>
    </figure>
  );
}

function LayerRow({ l }: { l: LabStyleLayerCost }) {
  return (
    <tr>
      <td>{l.layer}</td>
      <td className="num">{l.channels}</td>
      <td className="num">{l.lambda}</td>
      <td className="num">{l.cost.toPrecision(4)}</td>
      <td>
        <div className="row">
          <Gram png={l.gramStyle} label={`Gram of S, ${l.layer}`} />
          <Gram png={l.gramGenerated} label={`Gram of G, ${l.layer}`} />
        </div>
      </td>
    </tr>
  );
}

/** J_content at the content layer, the Gram matrices of S and G side by side, J_style per layer with its λ. */
export function StyleCostsLesson() {
  const client = useClient();
  const [images, setImages] = useState<Partial<Record<Slot, Uint8Array>>>({});
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState<{ key: number; result?: LabStyleCostsResult; error?: VwClientError }>();
  const ready = !!images.content && !!images.style;
  const busy = ready && settled?.key !== version;
  const r = settled?.result;

  useEffect(() => {
    if (!images.content || !images.style) return;
    let live = true;
    client.call('vw:lab.styleCosts', { content: images.content, style: images.style, generated: images.generated }).then(
      (res) => live && setSettled({ key: version, result: res }),
      (err: unknown) => live && setSettled({ key: version, error: toClientError(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, images, version]);

  const drop = (slot: Slot, label: string) => (
    <DropZone
      label={label}
      accept="image/*"
      testId={`style-costs-${slot}`}
      onFiles={async ([f]) => {
        const bytes = await fileBytes(f!);
        setImages((prev) => ({ ...prev, [slot]: bytes }));
        setVersion((v) => v + 1);
      }}
    />
  );

  return (
    <>
      <h2>Neural style costs</h2>
      <p className="muted">
        J(G) = α·J_content(C, G) + β·J_style(S, G), on the style engine&apos;s own network. Drop a content and a style picture; the
        generated image G is the content itself until you drop one (e.g. a result saved from the Style page).
      </p>
      <div className="row">
        {drop('content', 'Content C')}
        {drop('style', 'Style S')}
        {drop('generated', 'Generated G')}
      </div>
      {busy && <div className="muted">Computing the costs…</div>}
      {settled?.error && <div className="inline-error">{settled.error.message}</div>}
      {r && (
        <div className="card" data-testid="style-costs">
          <p>
            J_content = ½‖a(C) − a(G)‖² at {r.contentLayer} ({r.contentShape.join('×')}) ={' '}
            <strong data-testid="j-content">{r.jContent.toPrecision(6)}</strong>
          </p>
          <p>
            J_style = Σ λ J_style^[l] / Σ λ = <strong data-testid="j-style">{r.jStyle.toPrecision(6)}</strong> ({r.width}×{r.height}). As
            the style engine weighs them (each term relative to its target, α = {r.alpha}, β = {r.beta}): J ={' '}
            <strong data-testid="j-total">{r.j.toPrecision(6)}</strong>
          </p>
          <table className="numbers" data-testid="style-layers" aria-label="Style cost per layer">
            <thead>
              <tr>
                <th>layer</th>
                <th className="num">n_C</th>
                <th className="num">λ</th>
                <th className="num">J_style^[l]</th>
                <th>Gram(S) | Gram(G)</th>
              </tr>
            </thead>
            <tbody>
              {r.layers.map((l) => (
                <LayerRow key={l.layer} l={l} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
