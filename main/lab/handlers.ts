/** Channel handlers of the lab area (`vw:lab.*`). */
import type { AreaHandlers, HostEnv } from '../host/types';

export function labHandlers(_env: HostEnv): AreaHandlers {
  return { handlers: {} };
}
