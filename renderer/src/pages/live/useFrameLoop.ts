import { useEffect, useRef, useState } from 'react';
import type { RawFrame } from '../../../../preload/contract';
import { toClientError, type VwClientError } from '../../client/errors';
import { fitSize, grabRawFrame } from '../../lib/frames';

export interface LoopStats {
  fps: number;
  roundTripMs: number;
  /** Frames the engine replaced while busy (its own count). */
  engineDropped: number;
  /** Camera frames never sent because a request was still in flight. */
  skipped: number;
  processed: number;
}

interface Options<T> {
  video: React.RefObject<HTMLVideoElement | null>;
  running: boolean;
  enabled: boolean;
  /** Long side of the frame the engine asks for. */
  longSide: number;
  send: (frame: RawFrame) => Promise<T | null>;
  onResult: (r: T) => void;
  engineDropped: (r: T) => number;
}

/**
 * Latest-frame-wins: one request in flight; when it answers, the *current*
 * camera frame goes next, so results never fall behind the camera. Frames
 * the camera shows meanwhile are counted as skipped, not queued.
 */
const IDLE: LoopStats = { fps: 0, roundTripMs: 0, engineDropped: 0, skipped: 0, processed: 0 };

/** Wait for the next paint: the page draws and answers input between two frames sent. */
const nextPaint = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

export function useFrameLoop<T>(opts: Options<T>): { stats: LoopStats; error?: VwClientError } {
  const [stats, setStats] = useState<LoopStats>(IDLE);
  const [error, setError] = useState<VwClientError>();
  const latest = useRef(opts);
  useEffect(() => {
    latest.current = opts;
  });

  const { running, enabled, video } = opts;
  useEffect(() => {
    if (!running || !enabled) return;
    let live = true;
    let presented = 0;
    let sent = 0;
    let processed = 0;
    const stamps: number[] = [];
    const v = video.current;
    // Count frames the camera presents, to report the ones we let go.
    const countFrame = (): void => {
      presented++;
      if (live && v) v.requestVideoFrameCallback(countFrame);
    };
    if (v && 'requestVideoFrameCallback' in v) v.requestVideoFrameCallback(countFrame);

    const pump = async (): Promise<void> => {
      while (live) {
        const el = video.current;
        if (!el || el.readyState < 2 || !el.videoWidth) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        // Backpressure: one frame in flight, and never more than one per paint.
        await nextPaint();
        if (!live) return;
        const { width, height } = fitSize(el.videoWidth, el.videoHeight, latest.current.longSide);
        const t0 = performance.now();
        sent++;
        try {
          const res = await latest.current.send(grabRawFrame(el, width, height));
          if (!live) return;
          const t1 = performance.now();
          if (res) {
            processed++;
            stamps.push(t1);
            while (stamps.length && stamps[0]! < t1 - 2000) stamps.shift();
            latest.current.onResult(res);
            setError(undefined);
            setStats({
              fps: stamps.length > 1 ? ((stamps.length - 1) * 1000) / (t1 - stamps[0]!) : 0,
              roundTripMs: t1 - t0,
              engineDropped: latest.current.engineDropped(res),
              skipped: Math.max(0, presented - sent),
              processed,
            });
          }
        } catch (err) {
          if (!live) return;
          const e = toClientError(err);
          setError(e);
          if (e.code === 'E_NOT_AVAILABLE' || e.code === 'E_INVALID_PAYLOAD' || e.code === 'E_BAD_ARGUMENT') return;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    void pump();
    return () => {
      live = false;
      // Stopped: no stale FPS or round trip stays on screen.
      setStats(IDLE);
    };
  }, [running, enabled, video]);

  return { stats, error };
}
