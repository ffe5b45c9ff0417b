import { useEffect, useRef, useState } from 'react';
import { Button, Text } from '@mantine/core';
import { IconDownload, IconPalette, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import type { StyleLosses, StyleOptions, StyleProgress, StyleResult } from '../../../preload/contract';
import { useClient } from '../client/context';
import { toClientError, type VwClientError } from '../client/errors';
import { DropZone } from '../components/DropZone';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ProgressBar } from '../components/ProgressBar';
import { Unavailable } from '../components/Unavailable';
import { useObjectUrl } from '../hooks/useObjectUrl';
import { useRequest } from '../hooks/useRequest';
import { useShortcuts } from '../hooks/useShortcuts';
import { useToast } from '../hooks/useToast';
import { download, fileBytes, formatEta, formatMs } from '../lib/index';
import { useDefaults } from '../lib/defaults';
import { withOriginalColors } from './style/colors';
import { Compare } from './style/Compare';
import { LossCurve } from './style/LossCurve';
import { OptionsForm } from './style/OptionsForm';
import { StyleImage } from './style/StyleImage';

interface StyleInput {
  file: File;
  weight: number;
}

/** A finished (or cancelled) run of this session, for the gallery strip. */
interface SessionResult {
  id: string;
  png: Uint8Array;
  contentUrl: string;
  label: string;
}

export function StylePage() {
  const client = useClient();
  const toast = useToast();
  const [content, setContent] = useState<File>();
  const [styles, setStyles] = useState<StyleInput[]>([]);
  const defaults = useDefaults();
  // What the user changed; everything else is the engine's default (as in the CLI).
  const [changed, setOptions] = useState<StyleOptions>({});
  const options: StyleOptions = { ...defaults?.style, ...changed };
  const [jobId, setJobId] = useState<string>();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<StyleProgress>();
  const [points, setPoints] = useState<{ iteration: number; losses: StyleLosses }[]>([]);
  const [preview, setPreview] = useState<Uint8Array>();
  const [result, setResult] = useState<StyleResult>();
  const [error, setError] = useState<VwClientError>();
  const [session, setSession] = useState<SessionResult[]>([]);
  const [shown, setShown] = useState<string>();
  const [coloredPreview, setColoredPreview] = useState<Blob>();
  const job = useRef<string | undefined>(undefined);
  // Ask once whether the engine is there at all, so the page can say so before a run.
  const probe = useRequest('vw:style.result', { jobId: 'availability-probe', wait: false });
  const missing = probe.error?.code === 'E_NOT_AVAILABLE' ? probe.error : error?.code === 'E_NOT_AVAILABLE' ? error : undefined;
  const contentUrl = useObjectUrl(content);
  // The preview in the colour mode chosen (the engine's previews are in the painting's colours).
  useEffect(() => {
    if (!preview || !options.originalColors || !content) return;
    let live = true;
    withOriginalColors(new Blob([preview as Uint8Array<ArrayBuffer>], { type: 'image/png' }), content).then(
      (b) => live && setColoredPreview(b),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [preview, options.originalColors, content]);
  const previewUrl = useObjectUrl(options.originalColors ? coloredPreview : preview);
  const picked = session.find((r) => r.id === shown);
  const resultUrl = useObjectUrl(picked?.png ?? result?.png);

  const finish = (r: StyleResult): void => {
    if (r.jobId !== job.current) return;
    job.current = undefined;
    setRunning(false);
    setResult(r);
    setShown(undefined);
    if (r.png && contentUrl)
      setSession((all) => [
        ...all,
        { id: r.jobId, png: r.png!, contentUrl, label: `${r.status} · ${r.iterations} it · ${r.width}×${r.height}` },
      ]);
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
    setColoredPreview(undefined);
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

  const stylesPanel = (
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
  );

  return (
    <section aria-labelledby="style-title" className="page-style">
      <PageHeader
        id="style-title"
        title="Style transfer"
        description="Paint a photo in the style of one or more pictures (Gatys et al.), watching it converge."
        actions={
          <>
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              onClick={() => void run()}
              disabled={!content || !styles.length || running}
              aria-keyshortcuts="Control+Enter"
            >
              Run <kbd>Ctrl+Enter</kbd>
            </Button>
            <Button
              variant="light"
              color="red"
              leftSection={<IconPlayerStop size={16} />}
              onClick={() => void cancel()}
              disabled={!running || !jobId}
              aria-keyshortcuts="Escape"
            >
              Cancel <kbd>Esc</kbd>
            </Button>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              disabled={!(picked?.png ?? result?.png)}
              onClick={() => download((picked?.png ?? result?.png)!, 'stylized.png')}
            >
              Save PNG
            </Button>
          </>
        }
      />
      {missing && <Unavailable what="Style transfer" error={missing} />}
      <div className="workspace">
        <div className="inputs">
          <Panel title="Pictures">
            <div className="stack">
              <DropZone label="Content image" accept="image/*" compact testId="content-drop" onFiles={([f]) => setContent(f)}>
                {contentUrl && <img className="thumb-lg" src={contentUrl} alt="Content" />}
              </DropZone>
              <DropZone
                label="Style images"
                accept="image/*"
                multiple
                compact
                testId="style-drop"
                onFiles={(files) => setStyles((s) => [...s, ...files.map((file) => ({ file, weight: 1 }))])}
              />
              {stylesPanel}
            </div>
          </Panel>
          <Panel title="Options">
            {defaults ? (
              <OptionsForm
                options={options}
                presets={defaults.stylePresets}
                onChange={(o) => setOptions(diff(o, defaults.style))}
                disabled={running}
              />
            ) : (
              <Text size="sm" c="dimmed">
                Loading the engine's defaults…
              </Text>
            )}
          </Panel>
        </div>
        <div className="result">
          <Panel title={running ? 'Live preview' : 'Result'} icon={<IconPalette size={18} aria-hidden="true" />}>
            {(running || result) && (
              <div className="stack" style={{ marginBottom: 10 }}>
                <ProgressBar fraction={fraction} label="Style transfer progress" testId="style-progress" />
                <Text size="sm" c="dimmed" data-testid="style-status">
                  {running && progress && `iteration ${progress.iteration} of ${progress.iterations} · ETA ${formatEta(progress.etaMs)}`}
                  {running && !progress && 'starting…'}
                  {!running &&
                    result &&
                    `${result.status}: ${result.iterations} iterations${result.totalMs ? ` in ${formatMs(result.totalMs)}` : ''}${result.msPerIteration ? ` (${formatMs(result.msPerIteration)} each)` : ''}`}
                </Text>
              </div>
            )}
            {running && previewUrl && <img className="preview" src={previewUrl} alt="Live preview" data-testid="style-preview" />}
            {!running && resultUrl && (picked?.contentUrl ?? contentUrl) && (
              <div data-testid="style-result">
                <Compare before={(picked?.contentUrl ?? contentUrl)!} after={resultUrl} />
              </div>
            )}
            {!running && !result && !picked && (
              <EmptyState icon={<IconPalette size={30} />} title="Nothing painted yet">
                Drop a content photo and one or more style pictures on the left, then press Run (Ctrl+Enter). The picture is shown as it
                converges; Cancel keeps the best so far.
              </EmptyState>
            )}
          </Panel>
          {session.length > 0 && (
            <Panel title="This session">
              <div className="session-gallery" role="group" aria-label="Results of this session">
                {session.map((r) => (
                  <SessionThumb key={r.id} r={r} active={(shown ?? result?.jobId) === r.id} onClick={() => setShown(r.id)} />
                ))}
              </div>
            </Panel>
          )}
        </div>
        <div className="details">
          <Panel title="Loss">
            {points.length > 1 ? (
              <LossCurve points={points} />
            ) : (
              <Text size="sm" c="dimmed">
                The content, style and total-variation losses are plotted here while a run goes.
              </Text>
            )}
          </Panel>
        </div>
      </div>
    </section>
  );
}

function SessionThumb({ r, active, onClick }: { r: SessionResult; active: boolean; onClick: () => void }) {
  const url = useObjectUrl(r.png);
  return (
    <button type="button" aria-pressed={active} onClick={onClick} title={r.label}>
      {url && <img src={url} alt={`Result ${r.label}`} />}
    </button>
  );
}

/** The fields of `next` that differ from the defaults. */
function diff(next: StyleOptions, prev: StyleOptions): StyleOptions {
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => prev[k as keyof StyleOptions] !== v)) as StyleOptions;
}
