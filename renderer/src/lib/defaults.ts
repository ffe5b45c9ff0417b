import type { EngineDefaults } from '../../../preload/contract';
import { useRequest } from '../hooks/useRequest';

/**
 * The engines' own defaults and presets (`vw:app.defaults`), so a run with the
 * page untouched equals a run of the CLI with no flags. Undefined until they arrive.
 */
export function useDefaults(): EngineDefaults | undefined {
  return useRequest('vw:app.defaults', {}).data;
}
