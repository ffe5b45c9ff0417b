/** Ranges shared by the schemas (types) and the engine (meaning). */
export const SIZE_RANGE = { min: 32, max: 2048 } as const;
export const MAX_STYLES = 8;
export const MAX_ITERATIONS = 5000;
/** Largest content/style/tv weight accepted, by the schema and the engine alike. */
export const WEIGHT_MAX = 1e12;
