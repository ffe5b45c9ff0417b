/** Channel handlers of the detection area (`vw:detection.*`). */
import type { AreaHandlers, HostEnv } from '../host/types';

export function detectionHandlers(_env: HostEnv): AreaHandlers {
  return { handlers: {} };
}
