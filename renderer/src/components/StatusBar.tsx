import { useClient } from '../client/context';
import { useHostState } from '../hooks/useHostState';

export function StatusBar() {
  const client = useClient();
  const { state, error, connection, availableEps } = useHostState();
  const status = connection === 'closed' ? 'disconnected' : (state?.status ?? (error ? 'unknown' : 'starting'));
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`status-dot status-${status}`} aria-hidden="true" />
      <span>
        Engine host: <strong data-testid="host-status">{status}</strong>
      </span>
      <span title={availableEps ? `available: ${availableEps.join(', ')}` : undefined}>
        Execution provider: <strong data-testid="host-ep">{state?.executionProvider ?? '—'}</strong>
      </span>
      {state && (
        <>
          <span data-testid="host-kind">{state.kind}</span>
          <span>
            restarts <span data-testid="host-restarts">{state.restarts}</span>
          </span>
          <span>
            in flight <span data-testid="host-inflight">{state.inFlight}</span>
          </span>
        </>
      )}
      {error && <span className="status-error">host state unavailable: {error.message}</span>}
      <span className="status-transport" data-testid="transport">
        {client.transport}
      </span>
    </footer>
  );
}
