import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findModel, loadManifest, manifestPath, parseManifest } from '../../../main/models/manifest';
import { VwError } from '../../../main/errors';

const bundled = () =>
  JSON.parse(fs.readFileSync(manifestPath(), 'utf8')) as Record<string, unknown> & { models: Record<string, unknown>[] };

describe('model manifest', () => {
  it('the bundled manifest lists every model with pinned source, integrity, license and sha256', () => {
    const all = loadManifest();
    // The optional (copyleft) models have their own test: tests/unit/models/optional.test.ts.
    const m = { ...all, models: all.models.filter((x) => !x.optional) };
    expect(m.models.map((x) => x.id)).toEqual([
      'centernet',
      'blazeface',
      'facemesh',
      'faceres',
      'fr_detect',
      'fr_landmark',
      'fr_feature',
      'blazeface_front',
    ]);
    for (const model of m.models) {
      expect(model.sha256, model.id).toMatch(/^[0-9a-f]{64}$/);
      expect(model.license, model.id).toMatch(/^(MIT|Apache-2\.0)$/);
      expect(m.packages[model.package]!.integrity).toMatch(/^sha512-/);
      for (const s of model.sources) expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(path.basename(model.file)).toBe(model.file);
    }
    expect(findModel(m, 'centernet').inputs[0]).toMatchObject({ name: 'tower_0/images', shape: [1, 512, 512, 3] });
    expect(findModel(m, 'centernet').outputs[0]).toMatchObject({ name: 'tower_0/detections', shape: [1, 100, 6] });
  });

  it('an unknown id is E_NOT_FOUND listing the known ones', () => {
    const err = (() => {
      try {
        findModel(loadManifest(), 'yolo');
      } catch (e) {
        return e as VwError;
      }
    })();
    expect(err?.code).toBe('E_NOT_FOUND');
    expect(err?.message).toContain('centernet');
  });

  it('rejects duplicates, unpinned versions, unknown packages, bad hashes and bad JSON with every problem named', () => {
    const m = bundled();
    m.models.push({ ...m.models[0]!, package: '@vladmandic/human@^3.3.6', sha256: 'abc' });
    const e = (() => {
      try {
        parseManifest(m);
      } catch (err) {
        return err as VwError;
      }
    })();
    expect(e?.code).toBe('E_MODEL_INVALID');
    expect(e?.message).toContain('duplicate model id centernet');
    expect(e?.message).toContain('not in "packages"');
    expect(e?.message).toContain('exact version');
    expect(e?.message).toContain('sha256');
    expect(() => parseManifest('{ nope')).toThrow(/not valid JSON/);
    const bad = bundled();
    (bad.models[0] as { format: string }).format = 'pytorch';
    expect(() => parseManifest(bad)).toThrow(VwError);
  });

  it('a tfjs-graph model must list its model.json', () => {
    const m = bundled();
    const first = m.models[0] as { sources: { path: string }[] };
    first.sources = first.sources.filter((s) => !s.path.endsWith('.json'));
    expect(() => parseManifest(m)).toThrow(/model\.json/);
  });
});
