/** Channel handlers of the style area (`vw:style.*`). */
import type { AreaHandlers, HostEnv } from '../host/types';

export function styleHandlers(_env: HostEnv): AreaHandlers {
  return { handlers: {} };
}
