/**
 * Prepares the model cache once before the engine tests (idempotent: a warm
 * cache only re-verifies sha256). Uses the same code path as `npm run models`.
 */
export default async function setup(): Promise<void> {
  const mod = (await import('../main/models/index')) as { ensureModels?: (o?: unknown) => Promise<unknown> };
  if (typeof mod.ensureModels === 'function') await mod.ensureModels();
}
