import { createContext, useContext } from 'react';
import type { VwClient } from '../../../preload/contract';

export const ClientContext = createContext<VwClient | null>(null);

/** The one client; React code never knows which transport is behind it. */
export function useClient(): VwClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient outside <ClientContext.Provider>');
  return c;
}
