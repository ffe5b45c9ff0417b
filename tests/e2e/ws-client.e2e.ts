/**
 * The renderer's WebSocket client, run in Node against the real `vws serve`
 * (the `ws` package stands in for the browser's WebSocket): request ids,
 * binary attachments, typed errors and cancellation.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import type { Channel } from '../../preload/contract';
import { VwClientError } from '../../renderer/src/client/errors';
import { WsClient } from '../../renderer/src/client/ws-client';
import { fixture } from './browser';

const { url } = inject('e2e');

describe('WsClient against vws serve', () => {
  let client: WsClient;
  beforeAll(() => {
    (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
    // `vws serve` requires its token on every bind; the page URL carries it.
    const u = new URL(url);
    client = new WsClient(`ws://${u.host}/ws?token=${encodeURIComponent(u.searchParams.get('token') ?? '')}`);
  });
  afterAll(() => client?.close());

  it('answers vw:app.hostState with the host state', async () => {
    const s = await client.call('vw:app.hostState', {});
    expect(['ready', 'busy']).toContain(s.status);
    expect(s.kind).toBe('child_process');
    expect(client.transport).toBe('websocket');
    expect(client.state).toBe('open');
  });

  it('rejects with typed errors: wrong payload and unknown channel', async () => {
    const bad = client.call('vw:lab.convolve', { input: { rows: 1, cols: 1, data: [1] }, filter: 'vertical' } as never);
    await expect(bad).rejects.toBeInstanceOf(VwClientError);
    await expect(bad).rejects.toMatchObject({ code: 'E_INVALID_PAYLOAD' });
    await expect(client.call('vw:nope.nothing' as Channel, {} as never)).rejects.toMatchObject({ code: 'E_UNKNOWN_CHANNEL' });
  });

  it('sends and receives binary attachments (vw:lab.image)', async () => {
    const image = new Uint8Array(fs.readFileSync(fixture('dog.jpg')));
    const res = await client.call('vw:lab.image', { image, filter: { rows: 1, cols: 1, data: [1] }, padding: 0, stride: 2 });
    expect(res.outputSize).toEqual({ rows: 288, cols: 384 });
    expect(res.output).toBeInstanceOf(Uint8Array);
    expect(Array.from(res.output.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // "PNG"
  });

  it('keeps concurrent requests apart by id', async () => {
    const reqs = [1, 2, 3, 4, 5].map((k) =>
      client.call('vw:lab.convolve', {
        input: { rows: 1, cols: 1, data: [k] },
        filter: { rows: 1, cols: 1, data: [10] },
        padding: 0,
        stride: 1,
      }),
    );
    expect((await Promise.all(reqs)).map((r) => r.output.data[0])).toEqual([10, 20, 30, 40, 50]);
  });

  it('cancels a request by its id', async () => {
    const content = new Uint8Array(fs.readFileSync(fixture('tubingen.jpg')));
    const style = new Uint8Array(fs.readFileSync(fixture('starry_night.jpg')));
    const { jobId } = await client.call('vw:style.start', { content, styles: [style], options: { size: 96, iterations: 5000 } });
    try {
      const waiting = client.call('vw:style.result', { jobId, wait: true }, { requestId: 'wait-to-cancel' });
      const settled = waiting.then(
        () => 'resolved',
        (e: VwClientError) => e.code,
      );
      await new Promise((r) => setTimeout(r, 300));
      client.cancel('wait-to-cancel');
      const outcome = await Promise.race([settled, new Promise((r) => setTimeout(() => r('still waiting'), 20_000))]);
      // Without the cancel this wait would last the whole 5000-iteration job.
      expect(outcome).not.toBe('still waiting');
      expect(outcome).not.toBe('resolved');
      expect(outcome).toBe('E_CANCELLED');
    } finally {
      await client.call('vw:style.cancel', { jobId });
    }
  });
});
