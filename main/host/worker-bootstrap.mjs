// Worker entry in plain Node: register tsx in this thread, then load the TypeScript worker.
// (On Node 20 a worker's `--import` hooks do not apply to its own entry module.)
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker.ts', import.meta.url).href);
