import { useEffect, useState } from 'react';
import type { HostState } from '../../../preload/contract';
import { useClient } from '../client/context';
import { toClientError, type VwClientError } from '../client/errors';
import type { ConnectionState, WsClient } from '../client/ws-client';

export interface HostView {
  state?: HostState;
  error?: VwClientError;
  connection: ConnectionState | 'ipc';
  selectedEp?: string;
  availableEps?: string[];
}

/** What the engine host reports: asked once per connection, then kept current by its event. */
export function useHostState(): HostView {
  const client = useClient();
  const ws = client.transport === 'websocket' ? (client as WsClient) : undefined;
  const [connection, setConnection] = useState<ConnectionState | 'ipc'>(ws ? ws.state : 'ipc');
  const [view, setView] = useState<Omit<HostView, 'connection'>>({});

  useEffect(() => ws?.onState(setConnection), [ws]);

  useEffect(() => {
    if (connection === 'closed' || connection === 'connecting') return;
    let live = true;
    client.call('vw:app.hostState', {}).then(
      (state) => live && setView((v) => ({ ...v, state, error: undefined })),
      (err: unknown) => live && setView((v) => ({ ...v, error: toClientError(err) })),
    );
    client.call('vw:app.doctor', {}).then(
      (d) => live && setView((v) => ({ ...v, selectedEp: d.executionProviders.selected, availableEps: d.executionProviders.available })),
      () => {},
    );
    const off = client.on('vw:app.onDidChangeHostState', (state) => setView((v) => ({ ...v, state, error: undefined })));
    return () => {
      live = false;
      off();
    };
  }, [client, connection]);

  return { ...view, connection };
}
