/** The app area's channels (`vw:app.*`): info, doctor, host state and the engines' defaults. */
import { z } from 'zod';
import type { EngineDefaults } from '../../../preload/contract';
import { doctorReport } from '../../app/doctor';
import { appInfo } from '../../app/info';
import { DETECTION_DEFAULTS } from '../../detection/models';
import { DEFAULT_TAU } from '../../faces/service';
import { STYLE_DEFAULTS, STYLE_PRESETS } from '../../style/options';
import type { AreaHandlers, HostEnv, SchemaMap } from '../types';

const empty = z.object({}).strict();

export const appSchemas: SchemaMap = {
  'vw:app.info': empty,
  'vw:app.doctor': empty,
  'vw:app.hostState': empty,
  'vw:app.defaults': empty,
};

/** Every engine's defaults, as the engines export them (the renderer and the CLI never restate them). */
export function engineDefaults(): EngineDefaults {
  const { classes: _c, ...detection } = DETECTION_DEFAULTS;
  return {
    detection,
    faces: { tau: DEFAULT_TAU, detector: 'ultraface' },
    style: { ...STYLE_DEFAULTS },
    stylePresets: STYLE_PRESETS,
  };
}

export function appHandlers(env: HostEnv): AreaHandlers {
  return {
    handlers: {
      'vw:app.info': async () => appInfo(),
      // The host fills in its own state on the way out (see EngineHost.call).
      'vw:app.doctor': async () =>
        doctorReport(env.paths, { status: 'ready', executionProvider: 'unknown', restarts: 0, inFlight: 0, kind: 'worker_threads' }),
      'vw:app.defaults': async () => engineDefaults(),
    },
  };
}
