import { useEffect, useRef, useState } from 'react';
import { Alert, Text } from '@mantine/core';
import { IconEqual, IconEqualNot, IconUsers } from '@tabler/icons-react';
import type { VerifiedFace, VerifyResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { useToast } from '../../hooks/useToast';
import { fileBytes } from '../../lib/files';

/** The aligned crop the engine compared (what "this face" means in the verdict). */
function ComparedFace({ face, file }: { face?: VerifiedFace; file?: string }) {
  const url = useObjectUrl(face?.crop, 'image/jpeg');
  return (
    <figure className="verify-face">
      {url ? <img src={url} alt={`Face compared in ${file}`} width={96} height={96} /> : <div className="verify-face-empty" />}
      <Text size="xs" ta="center" truncate="end" title={file}>
        {file}
      </Text>
    </figure>
  );
}

/** A photo with the compared face boxed (SVG over the image, in the image's own pixels). */
function BoxedPhoto({ url, alt, box }: { url: string; alt: string; box?: VerifiedFace['box'] }) {
  const img = useRef<HTMLImageElement>(null);
  const [size, setSize] = useState<{ w: number; h: number }>();
  const measure = (): void => {
    const el = img.current;
    if (el?.complete && el.naturalWidth) setSize({ w: el.naturalWidth, h: el.naturalHeight });
  };
  // Measured when the face arrives too: the picture may have loaded long before.
  useEffect(measure, [url, box]);
  return (
    <div className="boxed-photo">
      <img ref={img} className="thumb-lg" src={url} alt={alt} onLoad={measure} />
      {box && size && (
        <svg viewBox={`0 0 ${size.w} ${size.h}`} preserveAspectRatio="none" aria-hidden="true">
          <rect
            x={box[0]}
            y={box[1]}
            width={box[2] - box[0]}
            height={box[3] - box[1]}
            // A CSS variable works in style, not in a presentation attribute.
            style={{ fill: 'none', stroke: 'var(--mantine-color-yellow-5)', strokeWidth: Math.max(size.w, size.h) / 60 }}
          />
        </svg>
      )}
    </div>
  );
}

/** Two photos: are they the same person? Similarity against τ, re-read when τ moves; the two faces compared are shown. */
export function VerifyPanel({ tau, details }: { tau?: number; details: React.ReactNode }) {
  const client = useClient();
  const toast = useToast();
  const [a, setA] = useState<File>();
  const [b, setB] = useState<File>();
  const [raw, setRaw] = useState<VerifyResult>();
  const urlA = useObjectUrl(a);
  const urlB = useObjectUrl(b);
  const result = raw && tau !== undefined ? { ...raw, tau, same: raw.similarity >= tau } : raw;

  const verify = async (fa = a, fb = b): Promise<void> => {
    if (!fa || !fb) return;
    try {
      setRaw(await client.call('vw:faces.verify', { a: await fileBytes(fa), b: await fileBytes(fb), tau }));
    } catch (err) {
      setRaw(undefined);
      // The engine calls the photos "image a" and "image b": name the files instead.
      const e = toClientError(err);
      e.message = e.message.replace(/image a\b/, fa.name).replace(/image b\b/, fb.name);
      toast.error(e, 'Verify');
    }
  };

  return (
    <div className="workspace" data-testid="verify-panel">
      <div className="inputs">
        <Panel title="Verify two photos">
          <div className="stack">
            <DropZone
              label="First photo"
              accept="image/*"
              compact
              onFiles={([f]) => {
                setA(f);
                void verify(f, b);
              }}
            />
            <DropZone
              label="Second photo"
              accept="image/*"
              compact
              onFiles={([f]) => {
                setB(f);
                void verify(a, f);
              }}
            />
          </div>
        </Panel>
      </div>
      <div className="result">
        <Panel title="Same person?" icon={<IconUsers size={18} aria-hidden="true" />}>
          {urlA || urlB ? (
            <>
              {result && (
                <div className="verify-verdict" data-testid="verify-faces">
                  <ComparedFace face={result.faces?.[0]} file={a?.name} />
                  <Alert
                    data-testid="verify-result"
                    color={result.same ? 'green' : 'red'}
                    icon={result.same ? <IconEqual size={18} /> : <IconEqualNot size={18} />}
                    title={result.same ? 'Same person' : 'Different people'}
                  >
                    similarity {result.similarity.toFixed(3)} {result.same ? '≥' : '<'} τ {result.tau.toFixed(2)}:{' '}
                    <strong>{result.same ? 'same person' : 'different people'}</strong>
                  </Alert>
                  <ComparedFace face={result.faces?.[1]} file={b?.name} />
                </div>
              )}
              <div className="verify-pair">
                <figure>
                  {urlA ? (
                    <BoxedPhoto url={urlA} alt={`First photo ${a?.name}`} box={result?.faces?.[0].box} />
                  ) : (
                    <Text c="dimmed">First photo</Text>
                  )}
                  <Text size="xs" ta="center">
                    {a?.name}
                  </Text>
                </figure>
                <figure>
                  {urlB ? (
                    <BoxedPhoto url={urlB} alt={`Second photo ${b?.name}`} box={result?.faces?.[1].box} />
                  ) : (
                    <Text c="dimmed">Second photo</Text>
                  )}
                  <Text size="xs" ta="center">
                    {b?.name}
                  </Text>
                </figure>
              </div>
            </>
          ) : (
            <EmptyState icon={<IconUsers size={30} />} title="Compare two faces">
              Drop one photo on each field on the left. The largest face of each is compared; the verdict follows τ.
            </EmptyState>
          )}
        </Panel>
      </div>
      <div className="details">{details}</div>
    </div>
  );
}
