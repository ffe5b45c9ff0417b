import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { Notification } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { toClientError } from '../client/errors';
import { ToastContext, type ToastApi } from '../hooks/useToast';
import { readableError } from '../lib/errors';

interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  body?: string;
  code?: string;
}

/**
 * Readable, dismissible messages. An error reads as a sentence (what failed,
 * why, what to do); its code stays on a small details line for bug reports.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (t: Omit<Toast, 'id'>) => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-3), { ...t, id }]);
      setTimeout(() => dismiss(id), t.kind === 'error' ? 12_000 : 5_000);
    },
    [dismiss],
  );

  const api = useMemo<ToastApi>(
    () => ({
      error: (err, context) => {
        const e = toClientError(err);
        if (e.code === 'E_CANCELLED') return; // the user asked for it
        const r = readableError(e, context);
        push({ kind: 'error', code: e.code, title: r.title, body: r.body });
      },
      info: (title, body) => push({ kind: 'info', title, body }),
    }),
    [push],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <Notification
            key={t.id}
            className={`toast toast-${t.kind}`}
            data-code={t.code}
            role={t.kind === 'error' ? 'alert' : undefined}
            color={t.kind === 'error' ? 'red' : 'indigo'}
            icon={t.kind === 'error' ? <IconAlertTriangle size={18} /> : <IconInfoCircle size={18} />}
            title={<span className="toast-title">{t.title}</span>}
            closeButtonProps={{ 'aria-label': 'Dismiss' }}
            onClose={() => dismiss(t.id)}
            withBorder
          >
            {t.body && <span className="toast-body">{t.body}</span>}
            {t.code && <span className="toast-code">Details: {t.code}</span>}
          </Notification>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
