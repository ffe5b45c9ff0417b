import type { VwClientError } from '../client/errors';

/** Says plainly that a feature's engine has not landed (or failed), never shows fake data. */
export function Unavailable({ what, error }: { what: string; error: VwClientError }) {
  const notYet = error.code === 'E_NOT_AVAILABLE';
  return (
    <div className="notice" role="note" data-testid="unavailable" data-code={error.code}>
      <strong>{notYet ? `${what} is not available yet.` : `${what} failed.`}</strong> {error.message}
      {error.hint && <div className="hint">{error.hint}</div>}
      {!notYet && <code className="code">{error.code}</code>}
    </div>
  );
}
