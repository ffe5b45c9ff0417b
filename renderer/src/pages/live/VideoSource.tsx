/**
 * A video file on the Live page: it plays through the same overlay pipeline as
 * the camera (Chromium decodes it; frames go to the engines as raw RGBA), with
 * the player's own play/pause/seek; "Scan whole video" seeks through it at a
 * fixed step, faster than real time, and fills a timeline whose bars seek the
 * player. A folder (picked or dropped) is processed file by file with progress
 * and a results table.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button, Switch } from '@mantine/core';
import type { FrameResult, RecognizeResult, VwClient } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { ProgressBar } from '../../components/ProgressBar';
import { useRequest } from '../../hooks/useRequest';
import { fitSize, grabRawFrame } from '../../lib/frames';
import { drawOverlay } from './draw';
import { Timeline } from './Timeline';
import { timelineRows, type Sample, type TimelineRow } from './timeline';
import { useFrameLoop } from './useFrameLoop';

const FACE_SIDE = 640;
/** Samples per scan at most: long videos get a coarser step. */
const MAX_SAMPLES = 240;

interface ScanState {
  done: number;
  total: number;
  /** Seconds of video per second of scanning. */
  realtime: number;
}

interface FolderRow {
  name: string;
  kind: 'image' | 'video';
  summary: string;
  error?: string;
}

/** Seek and wait until the frame is there (a seek to the current time still fires `seeked`). */
function seek(v: HTMLVideoElement, t: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 3000);
    v.addEventListener('seeked', done, { once: true });
    v.currentTime = t;
  });
}

/** Sample a video every `step` seconds through the engines; `onSample` sees the samples so far. */
async function scanVideo(
  client: VwClient,
  url: string,
  opts: { longSide: number; faces: boolean; streamId: string; signal: { cancelled: boolean } },
  onProgress: (s: ScanState, samples: Sample[], step: number) => void,
): Promise<{ samples: Sample[]; step: number; duration: number }> {
  const v = document.createElement('video');
  v.muted = true;
  v.preload = 'auto';
  v.src = url;
  await new Promise<void>((resolve, reject) => {
    v.addEventListener('loadeddata', () => resolve(), { once: true });
    v.addEventListener('error', () => reject(new Error('Chromium cannot decode this video.')), { once: true });
  });
  const duration = v.duration;
  const step = Math.max(0.25, duration / MAX_SAMPLES);
  const samples: Sample[] = [];
  const t0 = performance.now();
  const total = Math.max(1, Math.floor(duration / step));
  for (let i = 0; i < total && !opts.signal.cancelled; i++) {
    const time = i * step;
    await seek(v, time);
    const o = fitSize(v.videoWidth, v.videoHeight, opts.longSide);
    const objects = await client.call('vw:detection.frame', {
      frame: grabRawFrame(v, o.width, o.height),
      options: { track: true, streamId: opts.streamId },
    });
    let faces: RecognizeResult | null = null;
    if (opts.faces) {
      const f = fitSize(v.videoWidth, v.videoHeight, FACE_SIDE);
      faces = await client.call('vw:faces.frame', { frame: grabRawFrame(v, f.width, f.height), streamId: opts.streamId });
    }
    samples.push({ time, objects: objects?.detections ?? [], faces: faces?.faces ?? [] });
    onProgress({ done: i + 1, total, realtime: (time + step) / Math.max(1e-3, (performance.now() - t0) / 1000) }, samples, step);
  }
  v.removeAttribute('src');
  v.load();
  return { samples, step, duration };
}

export function VideoSource() {
  const client = useClient();
  const models = useRequest('vw:detection.models', {});
  const longSide = models.data?.[0]?.liveInputSize ?? 640;
  const videoRef = useRef<HTMLVideoElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [file, setFile] = useState<{ url: string; name: string }>();
  const [playing, setPlaying] = useState(false);
  const [withFaces, setWithFaces] = useState(false);
  const [objects, setObjects] = useState<FrameResult | null>(null);
  const [faces, setFaces] = useState<RecognizeResult | null>(null);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [scan, setScan] = useState<ScanState | null>(null);
  const [rows, setRows] = useState<TimelineRow[]>([]);
  const [folder, setFolder] = useState<{ rows: FolderRow[]; total: number } | null>(null);
  const [error, setError] = useState<string>();
  const cancel = useRef({ cancelled: false });
  const streamId = `video-${useId()}`;

  const sendObjects = useCallback(
    (frame: ReturnType<typeof grabRawFrame>) => client.call('vw:detection.frame', { frame, options: { track: true, streamId } }),
    [client, streamId],
  );
  const sendFaces = useCallback(
    (frame: ReturnType<typeof grabRawFrame>) => client.call('vw:faces.frame', { frame, streamId }),
    [client, streamId],
  );
  const objectsLoop = useFrameLoop({
    video: videoRef,
    running: playing,
    enabled: Boolean(file),
    longSide,
    send: sendObjects,
    onResult: setObjects,
    engineDropped: (r) => r.dropped,
  });
  useFrameLoop({
    video: videoRef,
    running: playing,
    enabled: Boolean(file) && withFaces,
    longSide: FACE_SIDE,
    send: sendFaces,
    onResult: setFaces,
    engineDropped: (r) => r.dropped,
  });

  // Paused or seeked: one frame, so the overlay matches the picture.
  const refresh = useCallback(async () => {
    const v = videoRef.current;
    if (!v || !v.videoWidth) return;
    try {
      const o = fitSize(v.videoWidth, v.videoHeight, longSide);
      const r = await sendObjects(grabRawFrame(v, o.width, o.height));
      if (r) setObjects(r);
      if (withFaces) {
        const f = fitSize(v.videoWidth, v.videoHeight, FACE_SIDE);
        const rf = await sendFaces(grabRawFrame(v, f.width, f.height));
        if (rf) setFaces(rf);
      }
    } catch (err) {
      setError(toClientError(err).message);
    }
  }, [longSide, sendObjects, sendFaces, withFaces]);

  // A paused video's new frame can be drawn only once it is presented: wait for that (or half a second).
  const refreshWhenPresented = useCallback(() => {
    const v = videoRef.current;
    if (!v) return;
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      void refresh();
    };
    if ('requestVideoFrameCallback' in v) v.requestVideoFrameCallback(go);
    setTimeout(go, 500);
  }, [refresh]);

  useEffect(() => {
    const c = overlay.current;
    const v = videoRef.current;
    if (!c || !v) return;
    // The player letterboxes the picture (object-fit: contain): cover exactly the picture, not the element.
    const cw = v.clientWidth || 640;
    const ch = v.clientHeight || 360;
    const k = v.videoWidth && v.videoHeight ? Math.min(cw / v.videoWidth, ch / v.videoHeight) : 1;
    const w = v.videoWidth ? Math.round(v.videoWidth * k) : cw;
    const h = v.videoHeight ? Math.round(v.videoHeight * k) : ch;
    c.width = w;
    c.height = h;
    Object.assign(c.style, {
      inset: 'auto',
      left: `${v.offsetLeft + (cw - w) / 2}px`,
      top: `${v.offsetTop + (ch - h) / 2}px`,
      width: `${w}px`,
      height: `${h}px`,
    });
    const ctx = c.getContext('2d');
    if (ctx) drawOverlay(ctx, objects, withFaces ? faces : null);
  }, [objects, faces, withFaces]);

  useEffect(() => () => (file ? URL.revokeObjectURL(file.url) : undefined), [file]);

  const open = (f: File): void => {
    cancel.current.cancelled = true;
    setFile({ url: URL.createObjectURL(f), name: f.name });
    setRows([]);
    setScan(null);
    setObjects(null);
    setFaces(null);
    setError(undefined);
  };

  const scanAll = async (): Promise<void> => {
    if (!file) return;
    cancel.current = { cancelled: false };
    setError(undefined);
    try {
      const { samples, step } = await scanVideo(
        client,
        file.url,
        { longSide, faces: withFaces, streamId: `${streamId}-scan`, signal: cancel.current },
        (s, samples, step) => {
          setScan(s);
          if (s.done % 4 === 0) setRows(timelineRows(samples, step));
        },
      );
      setRows(timelineRows(samples, step));
    } catch (err) {
      setError(toClientError(err).message);
    }
  };

  const runFolder = async (files: File[]): Promise<void> => {
    const media = files.filter((f) => /^(image|video)\//.test(f.type)).sort((a, b) => a.name.localeCompare(b.name));
    const out: FolderRow[] = [];
    setFolder({ rows: [], total: media.length });
    cancel.current = { cancelled: false };
    for (const f of media) {
      if (cancel.current.cancelled) break;
      const kind = f.type.startsWith('video/') ? 'video' : 'image';
      const name = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
      try {
        if (kind === 'image') {
          const image = new Uint8Array(await f.arrayBuffer());
          const r = await client.call('vw:detection.detect', { image });
          const fr = withFaces ? await client.call('vw:faces.recognize', { image }) : null;
          const labels = [...r.detections.map((d) => d.label), ...(fr?.faces.map((x) => x.match?.name ?? 'unknown') ?? [])];
          out.push({ name, kind, summary: countLabels(labels) });
        } else {
          const url = URL.createObjectURL(f);
          try {
            const { samples, step } = await scanVideo(
              client,
              url,
              { longSide, faces: withFaces, streamId: `${streamId}-folder`, signal: cancel.current },
              () => {},
            );
            out.push({
              name,
              kind,
              summary:
                timelineRows(samples, step)
                  .map((r) => r.name)
                  .join(', ') || 'nothing',
            });
          } finally {
            URL.revokeObjectURL(url);
          }
        }
      } catch (err) {
        out.push({ name, kind, summary: '', error: toClientError(err).message });
      }
      setFolder({ rows: [...out], total: media.length });
    }
  };

  return (
    <section aria-labelledby="video-source-title" className="video-source">
      <h2 id="video-source-title">Video file or folder</h2>
      <div className="row">
        <DropZone label="A video to play and scan" accept="video/*" onFiles={(fs) => fs[0] && open(fs[0])} testId="video-drop" compact />
        <DropZone
          label="A folder of images and videos"
          accept="image/*,video/*"
          multiple
          folder
          onFiles={(fs) => void runFolder(fs)}
          testId="folder-drop"
          compact
        />
        <Switch label="Faces in the video" checked={withFaces} onChange={(e) => setWithFaces(e.currentTarget.checked)} />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {file && (
        <>
          <div className="stage">
            <video
              ref={videoRef}
              src={file.url}
              controls
              muted
              playsInline
              className="stage-video"
              aria-label={`Video ${file.name}`}
              data-testid="video-player"
              onPlay={() => setPlaying(true)}
              onPause={() => {
                setPlaying(false);
                refreshWhenPresented();
              }}
              onSeeked={() => {
                if (videoRef.current?.paused) refreshWhenPresented();
              }}
              onLoadedData={refreshWhenPresented}
              onLoadedMetadata={(e) => setDuration(e.currentTarget.duration)}
              onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
            />
            <canvas ref={overlay} className="stage-overlay" aria-hidden="true" />
          </div>
          <ul aria-label="Detected objects in the video" data-testid="video-objects">
            {objects?.detections.map((d, i) => (
              <li key={`${d.trackId ?? i}-${d.label}`} data-label={d.label}>
                {d.label} {(d.score * 100).toFixed(0)}%
              </li>
            ))}
          </ul>
          <div className="row">
            <Button size="xs" onClick={() => void scanAll()} disabled={Boolean(scan && scan.done < scan.total)}>
              Scan whole video
            </Button>
            {scan && <ProgressBar fraction={scan.done / scan.total} label="Scanning the video" testId="video-scan-progress" />}
            {scan && <span data-testid="video-scan-speed">{scan.realtime.toFixed(1)}× real time</span>}
            <span>{objectsLoop.stats.fps.toFixed(1)} frames/s while playing</span>
          </div>
          <Timeline
            rows={rows}
            duration={duration}
            time={time}
            onSeek={(t) => {
              if (videoRef.current) videoRef.current.currentTime = t;
            }}
          />
        </>
      )}
      {folder && (
        <>
          <ProgressBar fraction={folder.rows.length / Math.max(1, folder.total)} label="Processing the folder" testId="folder-progress" />
          <table aria-label="Folder results" data-testid="folder-results">
            <thead>
              <tr>
                <th>file</th>
                <th>kind</th>
                <th>found</th>
              </tr>
            </thead>
            <tbody>
              {folder.rows.map((r) => (
                <tr key={r.name}>
                  <td>{r.name}</td>
                  <td>{r.kind}</td>
                  <td>{r.error ? `error: ${r.error}` : r.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function countLabels(labels: readonly string[]): string {
  const n = new Map<string, number>();
  for (const l of labels) n.set(l, (n.get(l) ?? 0) + 1);
  return [...n.entries()].map(([l, k]) => (k > 1 ? `${k} ${l}` : l)).join(', ') || 'nothing';
}
