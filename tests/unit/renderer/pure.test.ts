import { describe, expect, it } from 'vitest';
import { outputLength as engineOutputLength } from '../../../main/lab/conv';
import { FILTERS } from '../../../main/lab/filters';
import { toClientError, VwClientError } from '../../../renderer/src/client/errors';
import { defaultSocketUrl } from '../../../renderer/src/client/ws-client';
import { comboOf } from '../../../renderer/src/hooks/useShortcuts';
import { fitSize } from '../../../renderer/src/lib/frames';
import { FILTER_PRESETS, INPUT_PRESETS, outputLength, parseMatrix } from '../../../renderer/src/pages/lab/presets';

describe('renderer pure helpers', () => {
  it("parses the Lab's matrix text and explains ragged or non-numeric input", () => {
    const m = parseMatrix(INPUT_PRESETS['Lesson 6×6']!).matrix!;
    expect([m.rows, m.cols]).toEqual([6, 6]);
    expect(m.data.slice(0, 6)).toEqual([3, 0, 1, 2, 7, 4]);
    expect(parseMatrix('1 2 3\n4 5').error).toBe('Row 2 has 2 values; row 1 has 3.');
    expect(parseMatrix('1, 2\n3, x').error).toBe('Row 2 has something that is not a number.');
    expect(parseMatrix('  \n').error).toBe('The input is empty.');
  });

  it("sends the same filter weights as the engine's named filters and predicts the same output size", () => {
    for (const [name, weights] of Object.entries(FILTER_PRESETS)) expect(weights, name).toEqual(FILTERS[name as keyof typeof FILTERS].data);
    for (const [n, f, p, s] of [
      [6, 3, 0, 1],
      [6, 3, 1, 1],
      [7, 3, 0, 2],
      [10, 3, 2, 3],
    ] as const) {
      expect(outputLength(n, f, p, s)).toBe(engineOutputLength(n, f, p, s));
    }
  });

  it('fits frames to the size the engine asks for, keeping the aspect ratio', () => {
    expect(fitSize(640, 480, 512)).toEqual({ width: 512, height: 384 });
    expect(fitSize(720, 1280, 320)).toEqual({ width: 180, height: 320 });
  });

  it('turns wire errors and flattened Electron errors into VwClientError', () => {
    const e = toClientError({ code: 'E_BAD_IMAGE', message: 'Not a readable image', hint: 'Use a JPEG' });
    expect(e).toBeInstanceOf(VwClientError);
    expect([e.code, e.message, e.hint]).toEqual(['E_BAD_IMAGE', 'Not a readable image', 'Use a JPEG']);
    const flat = toClientError(new Error(`Error invoking remote method 'vw:invoke': Error: {"code":"E_NO_FACE","message":"No face"}`));
    expect([flat.code, flat.message]).toEqual(['E_NO_FACE', 'No face']);
    expect(toClientError(new Error('boom')).code).toBe('E_INTERNAL');
  });

  it('connects to /ws on its own origin and passes the page token on', () => {
    const loc = (href: string) => new URL(href) as unknown as Location;
    expect(defaultSocketUrl(loc('http://127.0.0.1:4000/'))).toBe('ws://127.0.0.1:4000/ws');
    expect(defaultSocketUrl(loc('https://box:8443/?token=a%2Bb'))).toBe('wss://box:8443/ws?token=a%2Bb');
  });

  it('names key combos the same way on every layout', () => {
    const ev = (init: Partial<KeyboardEvent>) =>
      ({ ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, key: '', code: '', ...init }) as KeyboardEvent;
    expect(comboOf(ev({ altKey: true, key: 'ç', code: 'KeyC' }))).toBe('Alt+C');
    expect(comboOf(ev({ ctrlKey: true, key: 'Enter', code: 'Enter' }))).toBe('Ctrl+Enter');
    expect(comboOf(ev({ altKey: true, key: '¡', code: 'Digit1' }))).toBe('Alt+1');
    expect(comboOf(ev({ key: 'Escape', code: 'Escape' }))).toBe('Escape');
  });
});

describe('IpcClient over a preload-shaped API', () => {
  it('unwraps the envelope main answers with and keeps typed errors', async () => {
    const { IpcClient } = await import('../../../renderer/src/client/ipc-client');
    const seen: string[] = [];
    const api = {
      invoke: async (channel: string, requestId: string) => {
        seen.push(requestId);
        if (channel === 'vw:app.info') return { ok: true, body: { name: 'vws' } };
        if (channel === 'vw:faces.list') return { ok: false, error: { code: 'E_DB', message: 'locked', hint: 'retry' } };
        throw new Error('E_UNKNOWN_CHANNEL: vw:x.y');
      },
      cancel: () => {},
      on: () => () => {},
      versions: { electron: '', chrome: '', node: '' },
    };
    const c = new IpcClient(api as never);
    expect(await c.call('vw:app.info', {})).toEqual({ name: 'vws' });
    await expect(c.call('vw:faces.list', {})).rejects.toMatchObject({ code: 'E_DB', message: 'locked', hint: 'retry' });
    await expect(c.call('vw:x.y' as never, {} as never)).rejects.toMatchObject({ code: 'E_UNKNOWN_CHANNEL', message: 'vw:x.y' });
    await c.call('vw:app.info', {}, { requestId: 'mine' });
    expect(seen[3]).toBe('mine');
    expect(new Set(seen.slice(0, 3)).size).toBe(3);
  });
});
