import { createContext, useContext } from 'react';

export interface ToastApi {
  /** Show a typed error (E_CANCELLED is silent). `context` names the action, e.g. "Enroll". */
  error(err: unknown, context?: string): void;
  info(title: string, body?: string): void;
}

export const ToastContext = createContext<ToastApi>({ error: () => {}, info: () => {} });

export function useToast(): ToastApi {
  return useContext(ToastContext);
}
