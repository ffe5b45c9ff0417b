/** Bad input gives typed errors, and the engine host goes on serving. */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePaths } from '../../../main/config';
import { DetectionService } from '../../../main/detection/service';
import { EngineHost } from '../../../main/host/engine-host';
import { nodeWorkerTransport } from '../../../main/host/node-transport';
import { FIXTURES } from './expected';
import { classifierModel } from './models';

/** A PNG whose header claims `w×h` pixels, with one tiny (invalid) data chunk. */
function pngClaiming(w: number, h: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(16))), chunk('IEND', Buffer.alloc(0))]),
  );
}

const dog = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'dog.jpg')));
let host: EngineHost;
let service: DetectionService;

beforeAll(() => {
  host = new EngineHost(() => nodeWorkerTransport(), { kind: 'worker_threads', init: { paths: resolvePaths() } });
  service = new DetectionService();
});
afterAll(async () => {
  await host.dispose();
  await service.dispose();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code ?? String(e),
  );

describe('bad input through the engine host', () => {
  it('each bad input is a typed error and the host answers the next good request', async () => {
    expect(await codeOf(host.call('vw:detection.detect', { image: new TextEncoder().encode('this is not an image') }))).toBe('E_BAD_IMAGE');
    expect(await codeOf(host.call('vw:detection.detect', { image: dog.subarray(0, dog.length >> 1) }))).toBe('E_BAD_IMAGE');
    expect(await codeOf(host.call('vw:detection.detect', { image: new Uint8Array(0) }))).toBe('E_BAD_IMAGE');
    expect(await codeOf(host.call('vw:detection.detect', { image: pngClaiming(50_000, 50_000) }))).toBe('E_IMAGE_TOO_LARGE');
    // EngineHost.call trusts its caller (transports validate schemas); the engine checks again.
    expect(await codeOf(host.call('vw:detection.frame', { frame: { width: 0, height: 0, data: new Uint8Array(0) } }))).toBe('E_BAD_IMAGE');
    expect(await codeOf(host.call('vw:detection.frame', { frame: { width: 4, height: 4, data: new Uint8Array(10) } }))).toBe('E_BAD_IMAGE');
    // The host opens no path a client names (issue #12): a path is an unknown model id. Import is tested in tests/engines/host/user-models.test.ts.
    expect(await codeOf(host.call('vw:detection.detect', { image: dog, options: { model: classifierModel() } }))).toBe('E_MODEL_MISSING');
    expect(await codeOf(host.call('vw:detection.detect', { image: dog, options: { classes: ['unicorn'] } }))).toBe('E_BAD_ARGUMENT');
    expect(await codeOf(host.call('vw:detection.detect', { image: dog, options: { conf: 2 } }))).toBe('E_BAD_ARGUMENT');
    const ok = await host.call('vw:detection.detect', { image: dog });
    expect(ok.detections.map((d) => d.label)).toContain('dog');
    expect(host.state().restarts).toBe(0);
  });
});

describe('bad input in the engine itself', () => {
  it('0×0 and inconsistent frames are E_BAD_IMAGE; a bad option is E_BAD_ARGUMENT', async () => {
    expect(await codeOf(service.openStream().run({ width: 0, height: 0, data: new Uint8Array(0) }))).toBe('E_BAD_IMAGE');
    expect(await codeOf(service.detect(dog, { inputSize: 100 }))).toBe('E_BAD_ARGUMENT');
    expect(await codeOf(service.detect(dog, { iou: 0 }))).toBe('E_BAD_ARGUMENT');
    expect(await codeOf(service.detect(dog, { maxDet: 0 }))).toBe('E_BAD_ARGUMENT');
  });
});
