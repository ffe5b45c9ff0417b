/**
 * IPC: one handler per contract channel. Each checks that the sender is the
 * app's own main frame, then hands the payload to the same Dispatcher as
 * `vws serve` (size limit, schema validation, engine host).
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../../preload/channels';
import type { IpcAnswer } from '../../preload/contract';
import { toErrorPayload, VwError } from '../errors';
import type { Dispatcher } from '../host/dispatch';
import { isAppUrl } from './security';

export function registerIpc(dispatcher: Dispatcher, win: () => BrowserWindow | undefined, appUrl: () => string): void {
  const trusted = (e: { sender: Electron.WebContents; senderFrame: Electron.WebFrameMain | null }): boolean => {
    const w = win();
    return (
      !!w &&
      e.sender === w.webContents &&
      !!e.senderFrame &&
      e.senderFrame === w.webContents.mainFrame &&
      isAppUrl(e.senderFrame.url, appUrl())
    );
  };
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (e: IpcMainInvokeEvent, requestId: unknown, body: unknown): Promise<IpcAnswer> => {
      // Errors cross IPC as values: Electron would flatten a thrown error to its message.
      try {
        if (!trusted(e)) throw new VwError('E_UNAUTHORIZED', 'IPC from an untrusted frame was refused.');
        if (typeof requestId !== 'string' || requestId.length > 100)
          throw new VwError('E_INVALID_PAYLOAD', 'requestId must be a short string.');
        return { ok: true, body: await dispatcher.call(channel, body, requestId) };
      } catch (err) {
        return { ok: false, error: toErrorPayload(err) };
      }
    });
  }
  ipcMain.on('vw:cancel', (e, requestId: unknown) => {
    if (trusted(e) && typeof requestId === 'string') dispatcher.cancel(requestId);
  });
  dispatcher.host.onEvent((ch, body) => {
    const w = win();
    if (w && !w.isDestroyed()) w.webContents.send(ch, body);
  });
}
