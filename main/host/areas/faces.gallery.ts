/**
 * Which face gallery the host serves (issue 16): the local SQLite file, or a
 * team gallery on PostgreSQL chosen by a flag (`--gallery`), the environment
 * (`VWS_GALLERY`) or the app's setting (settings.json in the data directory).
 *
 * `vw:faces.store` says which, and whether this client may change it;
 * `vw:faces.useStore` switches — only where the host allows it (the desktop
 * app; `vws serve --allow-gallery-change`, since the URL makes the host open a
 * connection of the client's choosing), never over a flag or environment
 * variable, and only once the new gallery has answered: a wrong URL or a server
 * that is down leaves the current gallery in use and the setting unchanged.
 */
import { z } from 'zod';
import type { GalleryStoreInfo } from '../../../preload/contract';
import { VwError } from '../../errors';
import type { FacesService } from '../../faces/service';
import { redactUrl } from '../../faces/store/repository.pg';
import { galleryUrl, readSettings, writeSettings } from '../../settings';
import type { HostEnv } from '../types';

export const galleryStoreSchemas = {
  'vw:faces.store': z.object({}),
  'vw:faces.useStore': z.object({ url: galleryUrl.nullable() }),
};

/** Old services are closed after this grace, so a request already running on one can finish. */
const RETIRE_MS = 5000;

/**
 * The service of the gallery in use, created on first use, and the switch.
 *
 * @example
 *   const stores = galleryStores(env, (gallery) => new FacesService({ dbPath, gallery }));
 *   stores.current().list();
 *   await stores.use('postgres://vws@db.lan/faces'); // or null: back to SQLite
 */
export function galleryStores(env: HostEnv, make: (gallery: string | undefined) => FacesService) {
  const fixed = env.paths.gallerySource === 'option' || env.paths.gallerySource === 'env';
  // Read when the service is made, not from the start-up paths: a restarted engine keeps the app's latest choice.
  const chosen = (): string | undefined => (fixed ? env.paths.gallery : readSettings(env.paths.data).gallery);
  let made: { service: FacesService; gallery: string | undefined } | undefined;
  const retired = new Map<FacesService, NodeJS.Timeout>();
  let queue: Promise<unknown> = Promise.resolve();

  const current = (): FacesService => {
    if (!made) {
      const gallery = chosen();
      made = { service: make(gallery), gallery };
    }
    return made.service;
  };

  const why = (): string | undefined => {
    if (!env.allowGalleryChange)
      return 'This host does not let clients change the gallery: start it with `vws serve --allow-gallery-change`, or choose the gallery where it starts (--gallery, VWS_GALLERY).';
    if (fixed)
      return `The gallery is fixed by ${env.paths.gallerySource === 'env' ? 'VWS_GALLERY' : '--gallery'} for this run: start without it to choose the gallery here.`;
    return undefined;
  };

  const info = (): GalleryStoreInfo => {
    const gallery = made ? made.gallery : chosen();
    const reason = why();
    return {
      kind: gallery ? 'postgres' : 'sqlite',
      location: gallery ? redactUrl(gallery) : env.paths.db,
      source: fixed ? env.paths.gallerySource! : gallery ? 'settings' : 'default',
      changeable: reason === undefined,
      ...(reason ? { why: reason } : {}),
    };
  };

  const retire = (s: FacesService): void => {
    const timer = setTimeout(() => {
      retired.delete(s);
      void s.dispose().catch(() => {});
    }, RETIRE_MS);
    retired.set(s, timer);
  };

  const switchTo = async (url: string | null): Promise<GalleryStoreInfo> => {
    const reason = why();
    if (reason) throw new VwError('E_UNAUTHORIZED', reason);
    const gallery = url ?? undefined;
    const candidate = make(gallery);
    let counts: { persons: number; faces: number };
    try {
      // Opening and listing proves the server answers and the schema is ours (migrated if new).
      const persons = await candidate.list();
      counts = { persons: persons.length, faces: persons.reduce((n, p) => n + p.faces, 0) };
    } catch (err) {
      await candidate.dispose().catch(() => {});
      if (err instanceof VwError) throw err;
      throw new VwError('E_DB', `Cannot open the gallery ${gallery ? redactUrl(gallery) : env.paths.db}.`, { cause: err });
    }
    writeSettings(env.paths.data, { gallery });
    const old = made?.service;
    made = { service: candidate, gallery };
    if (old) retire(old);
    env.emit('vw:faces.onDidChangeGallery', counts);
    return info();
  };

  return {
    current,
    info,
    /** Switch to `url` (null: the local SQLite gallery); one switch at a time. */
    use(url: string | null): Promise<GalleryStoreInfo> {
      const next = queue.then(() => switchTo(url));
      queue = next.catch(() => {});
      return next;
    },
    async dispose(): Promise<void> {
      await queue;
      const all = [...retired.keys(), ...(made ? [made.service] : [])];
      for (const timer of retired.values()) clearTimeout(timer);
      retired.clear();
      made = undefined;
      await Promise.all(all.map((s) => s.dispose().catch(() => {})));
    },
  };
}
