/** Channel handlers of the faces area (`vw:faces.*`). */
import type { AreaHandlers, HostEnv } from '../host/types';

export function facesHandlers(_env: HostEnv): AreaHandlers {
  return { handlers: {} };
}
