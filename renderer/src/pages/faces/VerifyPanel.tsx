import { useState } from 'react';
import { Alert, Text } from '@mantine/core';
import { IconEqual, IconEqualNot, IconUsers } from '@tabler/icons-react';
import type { VerifyResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { useToast } from '../../hooks/useToast';
import { fileBytes } from '../../lib/files';

/** Two photos: are they the same person? Similarity against τ, re-read when τ moves. */
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
                <Alert
                  data-testid="verify-result"
                  color={result.same ? 'green' : 'red'}
                  icon={result.same ? <IconEqual size={18} /> : <IconEqualNot size={18} />}
                  title={result.same ? 'Same person' : 'Different people'}
                  mb="sm"
                >
                  similarity {result.similarity.toFixed(3)} {result.same ? '≥' : '<'} τ {result.tau.toFixed(2)}:{' '}
                  <strong>{result.same ? 'same person' : 'different people'}</strong>
                </Alert>
              )}
              <div className="verify-pair">
                <figure>
                  {urlA ? <img className="thumb-lg" src={urlA} alt={`First photo ${a?.name}`} /> : <Text c="dimmed">First photo</Text>}
                  <Text size="xs" ta="center">
                    {a?.name}
                  </Text>
                </figure>
                <figure>
                  {urlB ? <img className="thumb-lg" src={urlB} alt={`Second photo ${b?.name}`} /> : <Text c="dimmed">Second photo</Text>}
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
