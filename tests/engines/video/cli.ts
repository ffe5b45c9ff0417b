/** Run `vws` in-process and capture what it prints (JSON with --json). */
import { vi } from 'vitest';
import { main } from '../../../main/cli/index';

export async function vws(...args: string[]): Promise<{ code: number; json: unknown }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const saved = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await main(['--json', ...args]);
    return { code, json: out.trim() ? JSON.parse(out) : undefined };
  } finally {
    process.exitCode = saved;
    spy.mockRestore();
    err.mockRestore();
  }
}
