import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { toClientError } from '../client/errors';
import { ToastContext, type ToastApi } from '../hooks/useToast';

interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  body?: string;
  code?: string;
}

/** Readable, dismissible messages; errors name the code, what went wrong and what to do. */
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
        push({ kind: 'error', code: e.code, title: context ? `${context}: ${e.message}` : e.message, body: e.hint });
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
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined} data-code={t.code}>
            <div className="toast-title">
              {t.code && <code>{t.code}</code>} {t.title}
            </div>
            {t.body && <div className="toast-body">{t.body}</div>}
            <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
