/**
 * No client-named paths: a remote client can only *import* model bytes and
 * then name the id it got back. Paths (/dev/zero, /etc/passwd, ../..) are
 * refused by the schema; unknown ids all get the same answer (no oracle for
 * which server files exist); errors carry no server path; external data and
 * models no decoder understands are refused at import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectionModelInfo, DetectResult } from '../../../preload/contract';
import { resolvePaths, type Paths } from '../../../main/config';
import { Dispatcher } from '../../../main/host/dispatch';
import { EngineHost } from '../../../main/host/engine-host';
import { nodeWorkerTransport } from '../../../main/host/node-transport';
import { loadModel, saveModel } from '../../../main/onnx/proto';
import { classifierModel, constantYoloV8 } from '../detection/models';

let host: EngineHost;
let api: Dispatcher;
let paths: Paths;
const image = new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/detection/dog.jpg')));

const answer = (p: Promise<unknown>): Promise<{ code: string; message: string; hint?: string } | unknown> =>
  p.then(
    (v) => v,
    (e: { code: string; message: string; hint?: string }) => ({ code: e.code, message: e.message, hint: e.hint }),
  );

function yolo(): Uint8Array {
  const nc = 2;
  const n = 8;
  const head = new Float32Array((4 + nc) * n);
  [320, 320, 100, 50].forEach((v, ch) => (head[ch * n] = v));
  head[(4 + 1) * n] = 0.9;
  return new Uint8Array(fs.readFileSync(constantYoloV8(head, nc, n, ['widget', 'gadget'])));
}

beforeAll(() => {
  // A fresh models dir (imports land in its user/ folder) whose bundled models link to the prepared cache.
  const shared = resolvePaths();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-user-models-'));
  const models = path.join(dir, 'models');
  fs.mkdirSync(path.join(models, 'user'), { recursive: true });
  for (const f of fs.readdirSync(shared.models)) if (f.endsWith('.onnx')) fs.symlinkSync(path.join(shared.models, f), path.join(models, f));
  paths = resolvePaths({ dataDir: dir, modelsDir: models });
  host = new EngineHost(() => nodeWorkerTransport(), { kind: 'worker_threads', init: { paths } });
  api = new Dispatcher(host);
});
afterAll(() => host?.dispose());

describe('bring-your-own models', () => {
  it('refuses every client-named path in the schema, before anything is opened', async () => {
    for (const model of ['/dev/zero', '/etc/passwd', '../../etc/passwd', '/root/.ssh/id_rsa', 'C:\\x.onnx', 'a/b']) {
      const r = (await answer(api.call('vw:detection.detect', { image, options: { model } }))) as { code: string };
      expect([model, r.code]).toEqual([model, 'E_INVALID_PAYLOAD']);
    }
  });

  it('answers every unknown id alike, naming no server path', async () => {
    const a = (await answer(api.call('vw:detection.detect', { image, options: { model: 'id_rsa' } }))) as { code: string; message: string };
    const b = (await answer(api.call('vw:detection.detect', { image, options: { model: 'passwd' } }))) as { code: string; message: string };
    expect(a.code).toBe('E_MODEL_MISSING');
    expect(b.code).toBe('E_MODEL_MISSING');
    expect(a.message.replace('id_rsa', 'X')).toBe(b.message.replace('passwd', 'X'));
    expect(a.message).not.toContain(paths.models);
  });

  it('imports a YOLOv8 once, by id; the same bytes again give the same id; detection uses it; lists show ids only', async () => {
    const bytes = yolo();
    const info = (await api.call('vw:models.import', { name: '../../My Model.onnx', bytes })) as DetectionModelInfo;
    expect(info.id).toMatch(/^My-Model-[0-9a-f]{10}$/);
    expect(info.family).toBe('yolov8');
    expect(info.classes).toEqual(['widget', 'gadget']);
    expect(((await api.call('vw:models.import', { name: 'My Model.onnx', bytes })) as DetectionModelInfo).id).toBe(info.id);
    expect(fs.readdirSync(path.join(paths.models, 'user')).filter((f) => f.endsWith('.onnx'))).toHaveLength(1);
    const r = (await api.call('vw:detection.detect', { image, options: { model: info.id } })) as DetectResult;
    expect(r.detections.map((d) => d.label)).toEqual(['gadget']);
    const listed = (await api.call('vw:detection.models', {})) as DetectionModelInfo[];
    // Bundled and imported detectors (the optional zoo models are listed too, with their license).
    expect(listed.filter((m) => !m.optional).map((m) => m.id)).toEqual(['centernet', info.id]);
    expect(JSON.stringify(listed)).not.toContain(path.sep + 'user' + path.sep);
  });

  it('inspects an imported model by its id, never by a path', async () => {
    const info = (await api.call('vw:models.import', { name: 'inspect-me.onnx', bytes: yolo() })) as DetectionModelInfo;
    const report = (await api.call('vw:models.inspect', { model: info.id })) as { layers: unknown[] };
    expect(report.layers.length).toBeGreaterThan(0);
    await expect(api.call('vw:models.inspect', { model: 'no-such-model' })).rejects.toMatchObject({ code: 'E_MODEL_MISSING' });
    await expect(api.call('vw:models.inspect', { model: '../../etc/passwd' })).rejects.toMatchObject({ code: 'E_INVALID_PAYLOAD' });
    await api.call('vw:detection.removeModel', { id: info.id });
  });

  it('removes an imported model by id: its file goes, it is no longer listed, and using it is E_MODEL_MISSING', async () => {
    const info = (await api.call('vw:models.import', { name: 'to-remove.onnx', bytes: yolo() })) as DetectionModelInfo;
    await api.call('vw:detection.detect', { image, options: { model: info.id } });
    expect(await api.call('vw:detection.removeModel', { id: info.id })).toEqual({ removed: info.id });
    expect(fs.readdirSync(path.join(paths.models, 'user')).some((f) => f.startsWith(info.id))).toBe(false);
    const listed = (await api.call('vw:detection.models', {})) as DetectionModelInfo[];
    expect(listed.map((m) => m.id)).not.toContain(info.id);
    await expect(api.call('vw:detection.detect', { image, options: { model: info.id } })).rejects.toMatchObject({
      code: 'E_MODEL_MISSING',
    });
    await expect(api.call('vw:detection.removeModel', { id: info.id })).rejects.toMatchObject({ code: 'E_MODEL_MISSING' });
    // Only imported ids: a bundled model or a path is refused.
    await expect(api.call('vw:detection.removeModel', { id: 'centernet' })).rejects.toMatchObject({ code: 'E_MODEL_MISSING' });
    await expect(api.call('vw:detection.removeModel', { id: '../centernet' })).rejects.toMatchObject({ code: 'E_INVALID_PAYLOAD' });
  });

  it('refuses non-ONNX bytes, external data and models no decoder understands, without keeping them', async () => {
    const notOnnx = (await answer(api.call('vw:models.import', { name: 'x.onnx', bytes: new TextEncoder().encode('root:x:0:0') }))) as {
      code: string;
    };
    expect(notOnnx).toMatchObject({ code: 'E_MODEL_INVALID', message: 'The file is not an ONNX model.' });

    const m = loadModel(yolo());
    const t = m.graph!.initializer![0]!;
    t.rawData = new Uint8Array(0);
    t.floatData = [];
    t.dataLocation = 1;
    t.externalData = [{ key: 'location', value: '/etc/passwd' }];
    const ext = (await answer(api.call('vw:models.import', { name: 'ext.onnx', bytes: saveModel(m) }))) as {
      code: string;
      message: string;
    };
    expect(ext).toMatchObject({ code: 'E_MODEL_INVALID' });
    expect(ext.message).toMatch(/external data/);

    const cls = (await answer(
      api.call('vw:models.import', { name: 'classifier.onnx', bytes: new Uint8Array(fs.readFileSync(classifierModel())) }),
    )) as { code: string; message: string };
    expect(cls.code).toBe('E_MODEL_INVALID');
    expect(cls.message).not.toContain(paths.models);
    expect(fs.readdirSync(path.join(paths.models, 'user')).filter((f) => !f.startsWith('My-Model-'))).toEqual([]);
  });
});
