/**
 * The WebSocket transport (`vws serve`): binary messages in the shared wire
 * format, one socket per page, reconnecting with backoff when the host goes away.
 */
import type { Channel, EventName, Events, Req, Res, VwClient } from '../../../preload/contract';
import { decodeMessage, encodeMessage, type ClientMessage, type HostMessage } from '../../../preload/wire';
import { toClientError, VwClientError } from './errors';
import { nextRequestId } from './ids';

interface Pending {
  resolve: (body: unknown) => void;
  reject: (err: VwClientError) => void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** `/ws` on the page's own origin, carrying the page's `?token=` on. */
export function defaultSocketUrl(loc: Location = window.location): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(loc.search).get('token');
  return `${scheme}//${loc.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

export class WsClient implements VwClient {
  readonly transport = 'websocket' as const;
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Map<string, Set<(body: unknown) => void>>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private outbox: Uint8Array[] = [];
  private retryMs = 250;
  private closedByUser = false;
  state: ConnectionState = 'connecting';

  constructor(private readonly url: string = defaultSocketUrl()) {
    this.connect();
  }

  call<C extends Channel>(channel: C, req: Req<C>, opts: { requestId?: string } = {}): Promise<Res<C>> {
    const id = opts.requestId ?? nextRequestId();
    return new Promise<Res<C>>((resolve, reject) => {
      this.pending.set(id, { resolve: (b) => resolve(b as Res<C>), reject });
      this.send({ t: 'req', id, ch: channel, body: req });
    });
  }

  cancel(requestId: string): void {
    if (this.pending.has(requestId)) this.send({ t: 'cancel', id: requestId });
  }

  on<E extends EventName>(event: E, listener: (body: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (body: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Connection state now and on every change (for the status bar). */
  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    // The socket may have opened before anyone listened.
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.closedByUser = true;
    this.socket?.close();
  }

  private setState(s: ConnectionState): void {
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  private send(msg: ClientMessage): void {
    const bytes = encodeMessage(msg);
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(bytes);
    else this.outbox.push(bytes);
  }

  private connect(): void {
    this.setState('connecting');
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    ws.onopen = () => {
      this.retryMs = 250;
      this.setState('open');
      const queued = this.outbox;
      this.outbox = [];
      for (const b of queued) ws.send(b);
    };
    ws.onmessage = (ev: MessageEvent) => this.receive(ev.data);
    ws.onclose = () => {
      this.setState('closed');
      // Requests on a lost socket can't be answered any more: fail them now.
      const err = new VwClientError({
        code: 'E_HOST_CRASHED',
        message: 'Lost the connection to the engine host.',
        hint: 'Check that `vws serve` is still running; the page reconnects by itself.',
      });
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (!this.closedByUser) {
        setTimeout(() => this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 5000);
      }
    };
  }

  private receive(data: unknown): void {
    let msg: HostMessage;
    try {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new TextEncoder().encode(String(data));
      msg = (data instanceof ArrayBuffer ? decodeMessage(bytes) : JSON.parse(String(data))) as HostMessage;
    } catch (err) {
      console.error('vw: unreadable message from host', err);
      return;
    }
    if (msg.t === 'evt') {
      for (const l of this.listeners.get(msg.ch) ?? []) {
        try {
          l(msg.body);
        } catch (err) {
          console.error(`vw: listener of ${msg.ch} threw`, err);
        }
      }
      return;
    }
    if (msg.t === 'res') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.body);
      else p.reject(toClientError(msg.error));
    }
  }
}
