/**
 * One source of defaults and one model resolver: the CLI (a real `vws`
 * process) and the contract (a real engine host) give identical results for
 * the same inputs with defaults, and `--models-dir` holds for every engine.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectResult } from '../../../preload/contract';
import { resolvePaths } from '../../../main/config';
import { EngineHost } from '../../../main/host/engine-host';
import { nodeWorkerTransport } from '../../../main/host/node-transport';
import { engineDefaults } from '../../../main/host/areas/app';
import { DETECTION_DEFAULTS } from '../../../main/detection/models';
import { STYLE_DEFAULTS, STYLE_PRESETS } from '../../../main/style/options';

const run = promisify(execFile);
const bin = path.resolve('bin/vws.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-same-'));
const dog = path.resolve('tests/fixtures/detection/dog.jpg');
const content = path.resolve('tests/fixtures/style/tubingen.jpg');
const style = path.resolve('tests/fixtures/style/starry_night.jpg');
let host: EngineHost;

async function vws(args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [bin, '--json', ...args], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout);
}

beforeAll(() => {
  host = new EngineHost(() => nodeWorkerTransport(), { kind: 'worker_threads', init: { paths: resolvePaths() } });
});
afterAll(async () => {
  await host.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('CLI and contract agree', () => {
  it('clients read the engines’ defaults: vw:app.defaults is what the engines export', async () => {
    const d = await host.call('vw:app.defaults', {});
    expect(d).toEqual(engineDefaults());
    expect(d.detection).toMatchObject({ conf: DETECTION_DEFAULTS.conf, iou: DETECTION_DEFAULTS.iou, model: 'centernet' });
    expect(d.style).toEqual(STYLE_DEFAULTS);
    // "balanced" is the defaults; presets never change the loss weights.
    expect(d.stylePresets.balanced).toMatchObject({ size: STYLE_DEFAULTS.size, iterations: STYLE_DEFAULTS.iterations });
    for (const p of Object.values(STYLE_PRESETS)) expect(p).not.toHaveProperty('styleWeight');
  });

  it('the same detection with defaults', async () => {
    const cli = (await vws(['detect', dog])) as { file: string; result: DetectResult }[];
    const api = await host.call('vw:detection.detect', { image: new Uint8Array(fs.readFileSync(dog)) });
    expect(cli[0]!.result.detections.length).toBeGreaterThan(0);
    expect(cli[0]!.result.detections).toEqual(api.detections);
  });

  it('the same small stylization (defaults but size and iterations)', async () => {
    const out = path.join(dir, 'cli.png');
    const cli = (await vws(['stylize', content, style, '-o', out, '--size', '64', '--iterations', '3'])) as {
      losses: { total: number };
    };
    const { jobId } = await host.call('vw:style.start', {
      content: new Uint8Array(fs.readFileSync(content)),
      styles: [new Uint8Array(fs.readFileSync(style))],
      options: { size: 64, iterations: 3 },
    });
    const api = await host.call('vw:style.result', { jobId, wait: true });
    expect(api.status).toBe('done');
    expect(api.losses!.total).toBeCloseTo(cli.losses.total, 3);
    expect(Buffer.from(api.png!).equals(fs.readFileSync(out))).toBe(true);
  });
});

describe('--models-dir', () => {
  it('faces verify prepares the face models in the given (empty) directory', async () => {
    const models = path.join(dir, 'models');
    fs.mkdirSync(models);
    const a = path.resolve('tests/fixtures/faces/gallery/obama/obama.jpg');
    const b = path.resolve('tests/fixtures/faces/gallery/obama/obama2.jpg');
    const r = (await vws(['--models-dir', models, '--db', path.join(dir, 'g.db'), 'faces', 'verify', a, b])) as { same: boolean };
    expect(r.same).toBe(true);
    const files = fs.readdirSync(models);
    for (const id of ['fr_detect', 'fr_landmark', 'fr_feature']) expect(files).toContain(`${id}.onnx`);
  });
});
