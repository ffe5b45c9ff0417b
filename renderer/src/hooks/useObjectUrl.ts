import { useEffect, useMemo } from 'react';
import { bytesUrl } from '../lib/files';

/** An object URL for bytes or a blob, revoked when it changes or the component goes. */
export function useObjectUrl(data: Uint8Array | Blob | undefined, type = 'image/png'): string | undefined {
  const url = useMemo(() => {
    if (!data) return undefined;
    return data instanceof Blob ? URL.createObjectURL(data) : bytesUrl(data, type);
  }, [data, type]);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  return url;
}
