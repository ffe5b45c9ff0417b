/**
 * The Electron shell: app and window lifecycle, IPC wiring, nothing else.
 * Engines run in a utilityProcess behind the engine host; this file holds no
 * logic a test would need to reach.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { resolvePaths } from './config';
import { Dispatcher } from './host/dispatch';
import { EngineHost } from './host/engine-host';
import { registerAppScheme, serveAppScheme } from './shell/app-protocol';
import { registerIpc } from './shell/ipc';
import { electronSqliteBinding } from './shell/native';
import { APP_ENTRY, hardenSession, hardenWindow } from './shell/security';
import { utilityTransport } from './shell/utility-transport';

const here = path.dirname(fileURLToPath(import.meta.url));
let win: BrowserWindow | undefined;

// The dev server's URL only in development: a packaged app ignores ELECTRON_RENDERER_URL.
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appUrl = (): string => devUrl ?? APP_ENTRY;
registerAppScheme();

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Vision Workstation',
    show: false,
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  hardenWindow(w, appUrl);
  w.once('ready-to-show', () => w.show());
  void w.loadURL(appUrl());
  return w;
}

async function start(): Promise<void> {
  await app.whenReady();
  serveAppScheme(session.defaultSession, path.join(here, '..', 'renderer'));
  hardenSession(session.defaultSession, appUrl);
  const appRoot = app.getAppPath();
  const paths = resolvePaths({ dataDir: app.getPath('userData') });
  const binding = electronSqliteBinding(appRoot, process.resourcesPath);
  const host = new EngineHost(
    () =>
      // The paths travel once, in init; every engine resolves models through them.
      utilityTransport(path.join(here, 'host.js'), binding ? { VWS_SQLITE_BINDING: binding } : {}),
    { kind: 'utilityProcess', init: { paths, allowGalleryChange: true } },
  );
  registerIpc(new Dispatcher(host), () => win, appUrl);
  win = createWindow();
  // Prepare models lazily at first start; progress reaches the renderer as events.
  host.call('vw:models.prepare', {}).catch(() => undefined);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    void host.dispose();
  });
}

void start();
