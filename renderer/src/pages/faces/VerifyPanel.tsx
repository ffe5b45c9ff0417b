import { useState } from 'react';
import type { VerifyResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { DropZone } from '../../components/DropZone';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { useToast } from '../../hooks/useToast';
import { fileBytes } from '../../lib/files';

/** Two photos: are they the same person? Similarity against τ. */
export function VerifyPanel({ tau }: { tau?: number }) {
  const client = useClient();
  const toast = useToast();
  const [a, setA] = useState<File>();
  const [b, setB] = useState<File>();
  const [result, setResult] = useState<VerifyResult>();
  const urlA = useObjectUrl(a);
  const urlB = useObjectUrl(b);

  const verify = async (fa = a, fb = b): Promise<void> => {
    if (!fa || !fb) return;
    try {
      setResult(await client.call('vw:faces.verify', { a: await fileBytes(fa), b: await fileBytes(fb), tau }));
    } catch (err) {
      setResult(undefined);
      toast.error(err, 'Verify');
    }
  };

  return (
    <div className="card">
      <h2>Verify two photos</h2>
      <div className="row">
        <DropZone
          label="First photo"
          accept="image/*"
          onFiles={([f]) => {
            setA(f);
            void verify(f, b);
          }}
        >
          {urlA && <img className="thumb" src={urlA} alt="First photo" />}
        </DropZone>
        <DropZone
          label="Second photo"
          accept="image/*"
          onFiles={([f]) => {
            setB(f);
            void verify(a, f);
          }}
        >
          {urlB && <img className="thumb" src={urlB} alt="Second photo" />}
        </DropZone>
      </div>
      {result && (
        <p data-testid="verify-result" className={result.same ? 'ok' : 'bad'}>
          similarity {result.similarity.toFixed(3)} {result.same ? '≥' : '<'} τ {result.tau.toFixed(2)}:{' '}
          <strong>{result.same ? 'same person' : 'different people'}</strong>
        </p>
      )}
    </div>
  );
}
