/**
 * Prepares the model cache once before the engine tests (idempotent: a warm
 * cache only re-verifies sha256). Uses the same code path as `npm run models`.
 */
import { ensureModels } from '../main/models';

export default async function setup(): Promise<void> {
  await ensureModels();
}
