/** Picks the transport once at start: the preload's API if present, else WebSocket. */
import type { PreloadApi, VwClient } from '../../../preload/contract';
import { IpcClient } from './ipc-client';
import { WsClient } from './ws-client';

declare global {
  interface Window {
    vw?: PreloadApi;
  }
}

export function createClient(): VwClient {
  return window.vw ? new IpcClient(window.vw) : new WsClient();
}
