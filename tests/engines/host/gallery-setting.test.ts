/**
 * The gallery as an app setting (issue 16): the faces area says which gallery
 * it serves and switches between the local SQLite file and a real PostgreSQL
 * only where the host allows it, only after the new gallery answered, and
 * saves the choice (settings.json, mode 0600) so a restarted engine and the CLI
 * on the same data directory use it too. A wrong URL or a server that is down
 * leaves the current gallery and the setting as they were, and no message
 * shows the password.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, GalleryStoreInfo, Req, Res } from '../../../preload/contract';
import { resolvePaths } from '../../../main/config';
import { facesHandlers, facesSchemas } from '../../../main/host/areas/faces';
import type { HostEnv } from '../../../main/host/types';
import { modelResolver } from '../../../main/models/resolver';
import { settingsFile } from '../../../main/settings';
import { postgresAvailable, startCluster, type PgCluster } from '../../support/postgres';

const FIX = 'tests/fixtures/faces';
const shot = (f: string) => ({ name: f, data: new Uint8Array(fs.readFileSync(`${FIX}/gallery/obama/${f}`)) });

const available = postgresAvailable();
let cluster: PgCluster;
let dir: string;
const opened: { dispose?: () => Promise<void> | void }[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-gallery-setting-'));
  if (available) cluster = await startCluster();
}, 120_000);
afterAll(async () => {
  for (const h of opened) await h.dispose?.();
  await cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The faces area as a host builds it, on `dir`, with the events it emits. */
function area(opts: { allow: boolean; gallery?: string }) {
  const saved = process.env.VWS_GALLERY;
  delete process.env.VWS_GALLERY;
  const paths = resolvePaths({ dataDir: dir, db: path.join(dir, 'faces.db'), ...(opts.gallery ? { gallery: opts.gallery } : {}) });
  if (saved !== undefined) process.env.VWS_GALLERY = saved;
  const events: unknown[] = [];
  const env: HostEnv = { paths, models: modelResolver(paths), emit: (_e, body) => events.push(body), allowGalleryChange: opts.allow };
  const a = facesHandlers(env);
  opened.push(a);
  const call = <C extends Channel>(ch: C, req: Req<C>): Promise<Res<C>> =>
    (a.handlers[ch] as (r: Req<C>, ctx: unknown) => Promise<Res<C>>)(req, {
      requestId: 'test',
      signal: new AbortController().signal,
      emit: () => {},
    });
  return { call, events, paths };
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string; message: string; hint?: string }) => ({ code: e.code, text: `${e.message} ${e.hint ?? ''}` }),
  );

describe('the gallery as an app setting', () => {
  it('refuses URLs that are not PostgreSQL before anything opens', () => {
    const schema = facesSchemas['vw:faces.useStore']!;
    for (const url of ['file:///etc/passwd', 'http://db.lan/x', 'postgres://', 'postgres:///db', '/tmp/x.db', 'x'.repeat(3000)])
      expect(schema.safeParse({ url }).success, url).toBe(false);
    expect(schema.safeParse({ url: 'postgres://vws@db.lan:5432/faces?sslmode=verify-full' }).success).toBe(true);
    expect(schema.safeParse({ url: 'postgresql://vws@/faces?host=/run/postgresql' }).success).toBe(true);
    expect(schema.safeParse({ url: null }).success).toBe(true);
  });

  it('a host that does not allow it says why and changes nothing', async () => {
    const { call } = area({ allow: false });
    const info = await call('vw:faces.store', {});
    expect(info).toMatchObject({ kind: 'sqlite', source: 'default', changeable: false });
    expect(info.why).toContain('--allow-gallery-change');
    expect(await code(call('vw:faces.useStore', { url: 'postgres://vws@127.0.0.1:1/x' }))).toMatchObject({ code: 'E_UNAUTHORIZED' });
    // A gallery given by flag or environment is fixed for the run, even where changes are allowed.
    const fixed = area({ allow: true, gallery: 'postgres://vws:s3cret@db.lan/faces' });
    const f = await fixed.call('vw:faces.store', {});
    expect(f).toMatchObject({ kind: 'postgres', source: 'option', changeable: false, location: 'postgres://vws:***@db.lan/faces' });
    expect(fs.existsSync(settingsFile(dir))).toBe(false);
  });

  it.skipIf(!available)(
    'switches to a real PostgreSQL and back, saved for the next start; a server that is down changes nothing',
    async () => {
      const { call, events } = area({ allow: true });
      await call('vw:faces.enroll', { name: 'obama', images: [shot('obama.jpg'), shot('obama2.jpg')] });
      expect((await call('vw:faces.list', {})).map((p) => p.name)).toEqual(['obama']);

      // Down: a typed error naming the server without its password; still SQLite, nothing saved.
      const down = await code(call('vw:faces.useStore', { url: 'postgres://vws:s3cret@127.0.0.1:1/faces' }));
      expect(down).toMatchObject({ code: 'E_DB' });
      expect((down as { text: string }).text).toContain('127.0.0.1:1');
      expect((down as { text: string }).text).not.toContain('s3cret');
      expect(await call('vw:faces.store', {})).toMatchObject({ kind: 'sqlite', source: 'default', changeable: true });
      expect(fs.existsSync(settingsFile(dir))).toBe(false);
      expect((await call('vw:faces.list', {})).map((p) => p.name)).toEqual(['obama']);

      // Up: the team gallery (new, empty) is in use at once and saved, readable by the owner only.
      const url = await cluster.createDatabase('setting');
      const team: GalleryStoreInfo = await call('vw:faces.useStore', { url });
      expect(team).toMatchObject({ kind: 'postgres', source: 'settings', changeable: true });
      expect(await call('vw:faces.list', {})).toEqual([]);
      expect(events.at(-1)).toEqual({ persons: 0, faces: 0 });
      expect(fs.statSync(settingsFile(dir)).mode & 0o777).toBe(0o600);
      await call('vw:faces.enroll', { name: 'obama-team', images: [shot('obama.jpg')] });

      // The next start (an engine restart, the CLI) on this data directory uses it.
      expect(resolvePaths({ dataDir: dir })).toMatchObject({ gallery: url, gallerySource: 'settings' });
      const next = area({ allow: true });
      expect(await next.call('vw:faces.store', {})).toMatchObject({ kind: 'postgres', source: 'settings' });
      expect((await next.call('vw:faces.list', {})).map((p) => p.name)).toEqual(['obama-team']);

      // Back to SQLite: its gallery as it was; the setting removed.
      expect(await call('vw:faces.useStore', { url: null })).toMatchObject({ kind: 'sqlite', source: 'default' });
      expect((await call('vw:faces.list', {})).map((p) => p.name)).toEqual(['obama']);
      expect(JSON.parse(fs.readFileSync(settingsFile(dir), 'utf8'))).toEqual({});
    },
    180_000,
  );
});
