/**
 * The preload: exposes `window.vw` (PreloadApi from the contract) through
 * contextBridge — named functions over an allowlist of channels, never
 * `ipcRenderer` itself. Listeners never see the IPC event object.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadApi } from './contract';
import { isChannel, isEventName } from './channels';

const api: PreloadApi = {
  invoke(channel, requestId, req) {
    if (!isChannel(channel)) return Promise.reject(new Error(`E_UNKNOWN_CHANNEL: ${String(channel)}`));
    if (typeof requestId !== 'string') return Promise.reject(new Error('E_INVALID_PAYLOAD: requestId must be a string'));
    return ipcRenderer.invoke(channel, requestId, req);
  },
  cancel(requestId) {
    if (typeof requestId === 'string') ipcRenderer.send('vw:cancel', requestId);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`E_UNKNOWN_CHANNEL: ${String(event)}`);
    const wrapped = (_e: IpcRendererEvent, body: unknown): void => listener(body);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
  versions: {
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    node: process.versions.node,
  },
};

contextBridge.exposeInMainWorld('vw', api);
