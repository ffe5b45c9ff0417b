import { useEffect, useState } from 'react';
import { useClient } from '../../client/context';
import { useObjectUrl } from '../../hooks/useObjectUrl';

/** An aligned face crop fetched from the gallery. */
export function Thumbnail({ faceId, alt }: { faceId?: number; alt: string }) {
  const client = useClient();
  const [jpeg, setJpeg] = useState<Uint8Array>();
  useEffect(() => {
    if (faceId === undefined) return;
    let live = true;
    client.call('vw:faces.thumbnail', { faceId }).then(
      (r) => live && setJpeg(r.jpeg),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [client, faceId]);
  const url = useObjectUrl(jpeg, 'image/jpeg');
  return url ? <img className="thumb" src={url} alt={alt} /> : <div className="thumb thumb-empty" aria-label={alt} />;
}
