/** Channel handlers of the models area (`vw:models.*`). */
import type { AreaHandlers, HostEnv } from '../host/types';

export function modelsHandlers(_env: HostEnv): AreaHandlers {
  return { handlers: {} };
}
