/**
 * The faces area inside the real engine host (a worker thread): requests go
 * through the registry's schemas and the worker, events come back to the host.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../preload/contract';
import { resolvePaths } from '../../../main/config';
import { EngineHost } from '../../../main/host/engine-host';
import { nodeWorkerTransport } from '../../../main/host/node-transport';
import { validateRequest } from '../../../main/host/registry';

const FIX = 'tests/fixtures/faces';
const read = (f: string) => new Uint8Array(fs.readFileSync(f));
let dir: string;
let host: EngineHost;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-faces-host-'));
  host = new EngineHost(() => nodeWorkerTransport(), {
    kind: 'worker_threads',
    init: { paths: resolvePaths({ dataDir: dir, db: path.join(dir, 'host.db') }) },
  });
});
afterAll(async () => {
  await host.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('faces in the engine host', () => {
  it('enrolls and recognizes through the worker, with gallery events', async () => {
    const events: { ch: EventName; body: unknown }[] = [];
    host.onEvent((ch, body) => events.push({ ch, body }));
    const req = { name: 'kit', images: [{ name: 'john2.jpg', data: read(`${FIX}/gallery/kit_harington/john2.jpg`) }] };
    expect(validateRequest('vw:faces.enroll', req).channel).toBe('vw:faces.enroll');
    expect(() => validateRequest('vw:faces.enroll', { name: 'kit', images: [{ name: 'x', data: 'nope' }] })).toThrow();
    const enrolled = await host.call('vw:faces.enroll', req);
    expect(enrolled.person).toMatchObject({ name: 'kit', faces: 1 });
    const r = await host.call('vw:faces.recognize', { image: read(`${FIX}/probes/johnsnow_test1.jpg`) });
    expect(r.faces.map((f) => f.match?.name)).toEqual(['kit']);
    expect(events.filter((e) => e.ch === 'vw:faces.onDidChangeGallery').map((e) => e.body)).toEqual([{ persons: 1, faces: 1 }]);
    await host.call('vw:faces.rename', { personId: enrolled.person.id, name: 'jon' }).then((p) => expect(p.name).toBe('jon'));
    await expect(host.call('vw:faces.rename', { personId: 999, name: 'x' })).rejects.toMatchObject({ code: 'E_UNKNOWN_PERSON' });
  });

  it('exports, re-embeds and imports the gallery over the contract', async () => {
    const { json } = await host.call('vw:faces.export', {});
    const exported = JSON.parse(new TextDecoder().decode(json)) as { format: string; persons: { name: string; faces: unknown[] }[] };
    expect(exported.format).toBe('vws-faces');
    expect(exported.persons.map((p) => [p.name, p.faces.length])).toEqual([['jon', 1]]);
    const re = await host.call('vw:faces.reembed', {});
    expect(re.faces).toBe(1);
    // Import into a second, empty database through a second host.
    const other = new EngineHost(() => nodeWorkerTransport(), {
      kind: 'worker_threads',
      init: { paths: resolvePaths({ dataDir: dir, db: path.join(dir, 'imported.db') }) },
    });
    try {
      const imported = await other.call('vw:faces.import', { json });
      expect(imported).toMatchObject({ persons: 1, faces: 1, reembedded: 0 });
      const r = await other.call('vw:faces.recognize', { image: read(`${FIX}/probes/johnsnow_test1.jpg`) });
      expect(r.faces.map((f) => f.match?.name)).toEqual(['jon']);
      await expect(other.call('vw:faces.import', { json: new TextEncoder().encode('{nope') })).rejects.toMatchObject({
        code: 'E_BAD_ARGUMENT',
      });
    } finally {
      await other.dispose();
    }
  });
});
