import { useEffect, useRef, useState } from 'react';
import type { StyleLosses, StyleOptions, StyleProgress, StyleResult } from '../../../preload/contract';
import { useClient } from '../client/context';
import { toClientError, type VwClientError } from '../client/errors';
import { DropZone } from '../components/DropZone';
import { ProgressBar } from '../components/ProgressBar';
import { Unavailable } from '../components/Unavailable';
import { useObjectUrl } from '../hooks/useObjectUrl';
import { useRequest } from '../hooks/useRequest';
import { useShortcuts } from '../hooks/useShortcuts';
import { useToast } from '../hooks/useToast';
import { download, fileBytes, formatEta, formatMs } from '../lib/index';
import { Compare } from './style/Compare';
import { LossCurve } from './style/LossCurve';
import { OptionsForm } from './style/OptionsForm';
import { DEFAULT_OPTIONS } from './style/presets';
import { StyleImage } from './style/StyleImage';

interface StyleInput {
  file: File;
  weight: number;
}

export function StylePage() {
  const client = useClient();
  const toast = useToast();
  const [content, setContent] = useState<File>();
  const [styles, setStyles] = useState<StyleInput[]>([]);
  const [options, setOptions] = useState<StyleOptions>(DEFAULT_OPTIONS);
  const [jobId, setJobId] = useState<string>();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<StyleProgress>();
  const [points, setPoints] = useState<{ iteration: number; losses: StyleLosses }[]>([]);
  const [preview, setPreview] = useState<Uint8Array>();
  const [result, setResult] = useState<StyleResult>();
  const [error, setError] = useState<VwClientError>();
  const job = useRef<string | undefined>(undefined);
  // Ask once whether the engine is there at all, so the page can say so before a run.
  const probe = useRequest('vw:style.result', { jobId: 'availability-probe', wait: false });
  const missing = probe.error?.code === 'E_NOT_AVAILABLE' ? probe.error : error?.code === 'E_NOT_AVAILABLE' ? error : undefined;
  const contentUrl = useObjectUrl(content);
  const previewUrl = useObjectUrl(preview);
  const resultUrl = useObjectUrl(result?.png);

  const finish = (r: StyleResult): void => {
    if (r.jobId !== job.current) return;
    job.current = undefined;
    setRunning(false);
    setResult(r);
    if (r.status === 'failed' && r.error) toast.error(r.error, 'Style transfer');
  };
  const finishRef = useRef(finish);
  useEffect(() => {
    finishRef.current = finish;
  });

  useEffect(() => {
    const offProgress = client.on('vw:style.onDidProgress', (p) => {
      // Events may precede the start answer: accept them while our job is the one starting.
      if (job.current !== undefined && p.jobId !== job.current && job.current !== 'starting') return;
      setProgress(p);
      setPoints((pts) => [...pts, { iteration: p.iteration, losses: p.losses }]);
      if (p.preview) setPreview(p.preview);
    });
    const offFinish = client.on('vw:style.onDidFinish', (r) => finishRef.current(r));
    return () => {
      offProgress();
      offFinish();
    };
  }, [client]);

  const run = async (): Promise<void> => {
    if (!content || !styles.length || running) return;
    if (options.init === 'image' && !options.initImage) {
      toast.info('Choose a start image', 'With init "an image…", drop the picture to start from, or pick content or noise.');
      return;
    }
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    setProgress(undefined);
    setPreview(undefined);
    setPoints([]);
    job.current = 'starting';
    try {
      const total = styles.reduce((s, x) => s + x.weight, 0) || 1;
      const { jobId: id } = await client.call('vw:style.start', {
        content: await fileBytes(content),
        styles: await Promise.all(styles.map((s) => fileBytes(s.file))),
        // The start image travels only when it is used.
        options: {
          ...options,
          initImage: options.init === 'image' ? options.initImage : undefined,
          styleBlendWeights: styles.map((s) => s.weight / total),
        },
      });
      job.current = id;
      setJobId(id);
      // The waiting call covers a missed finish event.
      const r = await client.call('vw:style.result', { jobId: id, wait: true });
      if (r.status !== 'running') finishRef.current(r);
    } catch (err) {
      const e = toClientError(err);
      job.current = undefined;
      setRunning(false);
      setError(e);
      if (e.code !== 'E_NOT_AVAILABLE') toast.error(e, 'Style transfer');
    }
  };

  const cancel = async (): Promise<void> => {
    if (!jobId || !running) return;
    try {
      finishRef.current(await client.call('vw:style.cancel', { jobId }));
    } catch (err) {
      toast.error(err, 'Cancel');
    }
  };

  useShortcuts({ 'Ctrl+Enter': () => void run(), Escape: () => void cancel() });

  const done = result?.status === 'done';
  const fraction = done ? 1 : progress ? progress.iteration / Math.max(1, progress.iterations) : running ? undefined : 0;

  return (
    <section aria-labelledby="style-title">
      <h1 id="style-title">Style transfer</h1>
      {missing && <Unavailable what="Style transfer" error={missing} />}
      <div className="style-layout">
        <div className="card">
          <DropZone label="Content image" accept="image/*" testId="content-drop" onFiles={([f]) => setContent(f)}>
            {contentUrl && <img className="thumb-lg" src={contentUrl} alt="Content" />}
          </DropZone>
          <DropZone
            label="Style images"
            accept="image/*"
            multiple
            testId="style-drop"
            onFiles={(files) => setStyles((s) => [...s, ...files.map((file) => ({ file, weight: 1 }))])}
          />
          <ul className="style-list" aria-label="Style images">
            {styles.map((s, i) => (
              <StyleImage
                key={`${s.file.name}-${i}`}
                file={s.file}
                weight={s.weight}
                onWeight={(w) => setStyles((all) => all.map((x, j) => (j === i ? { ...x, weight: w } : x)))}
                onRemove={() => setStyles((all) => all.filter((_, j) => j !== i))}
              />
            ))}
          </ul>
          <OptionsForm options={options} onChange={setOptions} disabled={running} />
          <div className="row">
            <button
              type="button"
              onClick={() => void run()}
              disabled={!content || !styles.length || running}
              aria-keyshortcuts="Control+Enter"
            >
              Run <kbd>Ctrl+Enter</kbd>
            </button>
            <button type="button" onClick={() => void cancel()} disabled={!running || !jobId} aria-keyshortcuts="Escape">
              Cancel <kbd>Esc</kbd>
            </button>
            {result?.png && (
              <button type="button" onClick={() => download(result.png!, 'stylized.png')}>
                Save PNG
              </button>
            )}
          </div>
        </div>
        <div className="card">
          <ProgressBar fraction={fraction} label="Style transfer progress" testId="style-progress" />
          <p className="muted" data-testid="style-status">
            {running && progress && `iteration ${progress.iteration} of ${progress.iterations} · ETA ${formatEta(progress.etaMs)}`}
            {running && !progress && 'starting…'}
            {result &&
              `${result.status}: ${result.iterations} iterations${result.totalMs ? ` in ${formatMs(result.totalMs)}` : ''}${result.msPerIteration ? ` (${formatMs(result.msPerIteration)} each)` : ''}`}
          </p>
          <LossCurve points={points} />
          {running && previewUrl && <img className="preview" src={previewUrl} alt="Live preview" />}
          {resultUrl && contentUrl && (
            <div data-testid="style-result">
              <Compare before={contentUrl} after={resultUrl} />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
