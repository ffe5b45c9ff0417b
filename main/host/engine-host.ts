/**
 * The engine host, seen from the side that serves the UI (Electron main, the
 * headless host, the CLI, tests): request/response, progress events,
 * cancellation by request id, and crash recovery — if the engine process or
 * thread dies, requests in flight fail with E_HOST_CRASHED, a fresh one starts,
 * and the next request works.
 *
 * The transport is injected: a child process or worker_threads in Node
 * (main/host/node-transport.ts), an Electron utilityProcess in the app
 * (main/shell/utility-transport.ts).
 *
 * A watchdog pings the engine; if it does not answer for `watchdogMs` (a
 * handler stuck in a loop or in native code), the engine is killed and
 * restarted exactly as after a crash.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, EventName, HostState, Req, Res } from '../../preload/contract';
import { fromErrorPayload, VwError } from '../errors';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

export interface HostTransport {
  post(msg: ToWorker): void;
  onMessage(cb: (msg: FromWorker) => void): void;
  /** Called once when the worker/process ends for any reason. */
  onExit(cb: (reason: string) => void): void;
  terminate(): Promise<void>;
  /** The engine's process id, when it runs in its own process. */
  readonly pid?: number;
  /** End a stuck engine now (SIGKILL for a process); terminate() when absent. */
  kill?(): void;
}

export type TransportFactory = () => HostTransport;

export type HostEventListener = (ch: EventName, body: unknown) => void;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface EngineHostOptions {
  kind: HostState['kind'];
  init: WorkerInit;
  /** Restart an engine that has not answered a ping for this long. Default 120 s (a model conversion or a large style step may keep the engine busy for tens of seconds); 0 turns the watchdog off. */
  watchdogMs?: number;
}

/** Busy ↔ ready changes reach clients at most this often. */
export const STATE_COALESCE_MS = 250;
export const DEFAULT_WATCHDOG_MS = 120_000;

export class EngineHost {
  private transport?: HostTransport;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<HostEventListener>();
  private st: HostState;
  private disposed = false;
  private readyWaiters: (() => void)[] = [];
  private ready = false;
  private startFailures = 0;
  private lastSign = Date.now();
  private pingN = 0;
  private watchdog?: ReturnType<typeof setInterval>;
  /** Areas whose handlers failed to construct, with the reason. */
  unavailable: Record<string, string> = {};

  constructor(
    private readonly factory: TransportFactory,
    private readonly opts: EngineHostOptions,
  ) {
    this.st = { status: 'starting', executionProvider: 'unknown', restarts: 0, inFlight: 0, kind: opts.kind };
    this.start();
    const limit = opts.watchdogMs ?? DEFAULT_WATCHDOG_MS;
    if (limit > 0) {
      this.watchdog = setInterval(() => this.checkAlive(limit), Math.max(50, Math.min(5000, limit / 4)));
      this.watchdog.unref?.();
    }
  }

  private checkAlive(limit: number): void {
    const t = this.transport;
    if (!t || !this.ready) return;
    if (Date.now() - this.lastSign > limit) {
      this.transport = undefined;
      if (t.kill) t.kill();
      else void t.terminate().catch(() => undefined);
      this.onCrash(`no answer for ${Math.round(limit / 1000)} s; restarted by the watchdog`);
      return;
    }
    t.post({ t: 'ping', n: ++this.pingN });
  }

  private start(): void {
    const t = this.factory();
    this.transport = t;
    t.onMessage((msg) => this.onMessage(msg));
    t.onExit((reason) => {
      if (this.transport !== t) return;
      this.onCrash(reason);
    });
    this.lastSign = Date.now();
    t.post({ t: 'init', init: this.opts.init });
  }

  private onMessage(msg: FromWorker): void {
    this.lastSign = Date.now();
    if (msg.t === 'pong') return;
    if (msg.t === 'ready') {
      this.ready = true;
      this.unavailable = msg.unavailable;
      this.setState({ status: this.pending.size ? 'busy' : 'ready', executionProvider: msg.executionProvider });
      this.readyWaiters.splice(0).forEach((w) => w());
      return;
    }
    if (msg.t === 'evt') {
      for (const l of this.listeners) l(msg.ch, msg.body);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    this.setState({ inFlight: this.pending.size, status: this.pending.size ? 'busy' : 'ready' });
    if (msg.ok) p.resolve(msg.body);
    else p.reject(fromErrorPayload(msg.error));
  }

  private onCrash(reason: string): void {
    this.transport = undefined;
    const wasReady = this.ready;
    this.ready = false;
    const failed = [...this.pending.values()];
    this.pending.clear();
    if (this.disposed) return;
    this.setState({ status: 'crashed', inFlight: 0 });
    for (const p of failed) {
      p.reject(
        new VwError('E_HOST_CRASHED', `The engine host stopped while working on this request (${reason}).`, {
          hint: 'It has been restarted; try again.',
        }),
      );
    }
    // A worker that dies before it is ready would otherwise restart in a tight loop.
    this.startFailures = wasReady ? 0 : this.startFailures + 1;
    const delay = this.startFailures === 0 ? 0 : Math.min(10_000, 250 * 2 ** this.startFailures);
    this.setState({ status: 'restarting', restarts: this.st.restarts + 1 });
    setTimeout(() => {
      if (!this.disposed) this.start();
    }, delay).unref?.();
  }

  /** The state clients last heard about. */
  private announced: HostState | undefined;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Clients hear of transitions, not of every request: crashes, restarts and
   * start-up are announced at once; busy ↔ ready and the in-flight count are
   * coalesced to at most one event per `STATE_COALESCE_MS` (the live page's two
   * frame loops would otherwise cause two events per frame).
   */
  private setState(patch: Partial<HostState>): void {
    this.st = { ...this.st, ...patch };
    const last = this.announced;
    const routine =
      last !== undefined &&
      last.restarts === this.st.restarts &&
      last.executionProvider === this.st.executionProvider &&
      (['busy', 'ready'] as HostState['status'][]).includes(last.status) &&
      (['busy', 'ready'] as HostState['status'][]).includes(this.st.status);
    if (!routine) return this.announce();
    this.announceTimer ??= setTimeout(() => this.announce(), STATE_COALESCE_MS);
    this.announceTimer.unref?.();
  }

  private announce(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    if (this.announced && JSON.stringify(this.announced) === JSON.stringify(this.st)) return;
    this.announced = { ...this.st };
    for (const l of this.listeners) l('vw:app.onDidChangeHostState', { ...this.st });
  }

  state(): HostState {
    return { ...this.st };
  }

  /** Resolves once the worker has initialized (after a start or a restart). */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  /**
   * Send a request (already validated by the caller) and await its response.
   * A cancelled request rejects with E_CANCELLED once the handler stops.
   */
  call<C extends Channel>(channel: C, req: Req<C>, opts: { requestId?: string; signal?: AbortSignal } = {}): Promise<Res<C>> {
    if (this.disposed) return Promise.reject(new VwError('E_NOT_AVAILABLE', 'The engine host has been shut down.'));
    if (channel === 'vw:app.hostState') {
      // Answer once the worker has reported its provider, but never hang on a worker that cannot start.
      const timeout = new Promise<void>((r) => setTimeout(r, 5000).unref?.());
      return Promise.race([this.whenReady(), timeout]).then(() => {
        // This answer is an announcement too: a client now holds this snapshot (say, busy while another
        // request ran), so a return to the announced state must be sent, not coalesced away as "no change".
        const snapshot = this.state();
        this.announced = { ...snapshot };
        return snapshot as Res<C>;
      });
    }
    const id = opts.requestId ?? randomUUID();
    if (this.pending.has(id)) return Promise.reject(new VwError('E_INVALID_PAYLOAD', `Request id ${id} is already in flight.`));
    return new Promise<Res<C>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.setState({ inFlight: this.pending.size, status: 'busy' });
      opts.signal?.addEventListener('abort', () => this.cancel(id), { once: true });
      const send = (): void => {
        // Between a crash and the restart there is no transport: wait for the new worker.
        if (!this.pending.has(id)) return;
        if (this.transport) this.transport.post({ t: 'req', id, ch: channel, body: req });
        else this.readyWaiters.push(send);
      };
      send();
    }).then((res) => {
      if (channel === 'vw:app.doctor') return { ...(res as object), host: this.state() } as Res<C>;
      return res;
    });
  }

  cancel(requestId: string): void {
    if (this.pending.has(requestId)) this.transport?.post({ t: 'cancel', id: requestId });
  }

  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Test hook: make the worker throw an uncaught error. */
  crashForTest(): void {
    this.transport?.post({ t: 'crash' });
  }

  /** Test hook: block the engine's event loop for `ms` (the watchdog's case). */
  hangForTest(ms: number): void {
    this.transport?.post({ t: 'hang', ms });
  }

  /** The engine's process id when it runs in a process of its own (child process, utilityProcess). */
  enginePid(): number | undefined {
    return this.transport?.pid;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.announceTimer);
    clearInterval(this.watchdog);
    const t = this.transport;
    this.transport = undefined;
    for (const p of this.pending.values()) p.reject(new VwError('E_CANCELLED', 'The engine host is shutting down.'));
    this.pending.clear();
    await t?.terminate();
  }
}
