import { Alert } from '@mantine/core';
import { IconAlertCircle, IconPlugOff } from '@tabler/icons-react';
import type { VwClientError } from '../client/errors';
import { readableError } from '../lib/errors';

/** Says plainly that a feature's engine has not landed (or failed), never shows fake data. */
export function Unavailable({ what, error }: { what: string; error: VwClientError }) {
  const notYet = error.code === 'E_NOT_AVAILABLE';
  const r = readableError(error);
  return (
    <Alert
      className="notice"
      role="note"
      data-testid="unavailable"
      data-code={error.code}
      color={notYet ? 'gray' : 'red'}
      icon={notYet ? <IconPlugOff size={18} /> : <IconAlertCircle size={18} />}
      title={notYet ? `${what} is not available yet.` : `${what} failed.`}
    >
      {r.title}
      {r.body && <div className="hint">{r.body}</div>}
      {!notYet && <div className="toast-code">Details: {error.code}</div>}
    </Alert>
  );
}
