import { useCallback, useEffect, useState } from 'react';
import type { Channel, Req, Res } from '../../../preload/contract';
import { useClient } from '../client/context';
import { toClientError, type VwClientError } from '../client/errors';

interface Settled<C extends Channel> {
  key: string;
  data?: Res<C>;
  error?: VwClientError;
}

export interface RequestState<C extends Channel> {
  data?: Res<C>;
  error?: VwClientError;
  loading: boolean;
  reload: () => void;
}

/**
 * Call a (small, JSON-only) request whenever it changes; `reload()` calls it again.
 * Loading is derived from whether the settled answer belongs to the current request.
 */
export function useRequest<C extends Channel>(channel: C, req: Req<C>, enabled = true): RequestState<C> {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<C> | undefined>();
  const reqJson = JSON.stringify(req);
  const key = `${channel} ${reqJson} ${generation}`;

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    client.call(channel, JSON.parse(reqJson) as Req<C>).then(
      (data) => live && setSettled({ key, data }),
      (err: unknown) => live && setSettled({ key, error: toClientError(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, channel, reqJson, key, enabled]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = settled?.key === key ? settled : undefined;
  return { data: current?.data ?? settled?.data, error: current?.error, loading: enabled && !current, reload };
}
