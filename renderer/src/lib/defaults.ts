/**
 * Engine defaults as the renderer shows them before the user changes anything.
 * Options the user has not touched are not sent, so the engine's own defaults
 * apply and a run here equals a run of the CLI with the same flags.
 */
export const DETECTION_DEFAULTS = { conf: 0.25, iou: 0.5, maxDet: 100, agnostic: false };
