import { Tooltip } from '@mantine/core';
import { IconCpu, IconPlugConnected, IconServer2 } from '@tabler/icons-react';
import { useClient } from '../client/context';
import { useHostState } from '../hooks/useHostState';

/** Engine host state, execution provider, worker kind, restarts, requests in flight, transport. */
export function StatusBar() {
  const client = useClient();
  const { state, error, connection, availableEps } = useHostState();
  const status = connection === 'closed' ? 'disconnected' : (state?.status ?? (error ? 'unknown' : 'starting'));
  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-item">
        <span className={`status-dot status-${status}`} aria-hidden="true" />
        Engine <strong data-testid="host-status">{status}</strong>
      </span>
      <Tooltip label={availableEps ? `Available: ${availableEps.join(', ')}` : 'Execution provider of the runtime'}>
        <span className="status-item" tabIndex={0}>
          <IconCpu size={14} aria-hidden="true" /> Execution provider{' '}
          <strong data-testid="host-ep">{state?.executionProvider ?? '—'}</strong>
        </span>
      </Tooltip>
      {state && (
        <>
          <span className="status-item">
            <IconServer2 size={14} aria-hidden="true" /> <span data-testid="host-kind">{state.kind}</span>
          </span>
          <span className="status-item">
            restarts <span data-testid="host-restarts">{state.restarts}</span>
          </span>
          <span className="status-item">
            in flight <span data-testid="host-inflight">{state.inFlight}</span>
          </span>
        </>
      )}
      {error && <span className="status-error">Host state unavailable: {error.message}</span>}
      <span className="status-item status-transport">
        <IconPlugConnected size={14} aria-hidden="true" /> <span data-testid="transport">{client.transport}</span>
      </span>
    </footer>
  );
}
