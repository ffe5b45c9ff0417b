import { useEffect, useRef, useState } from 'react';
import { Badge, Button, Menu, Progress, Text } from '@mantine/core';
import { IconDownload, IconFileExport, IconPhotoScan, IconTrash } from '@tabler/icons-react';
import type { DetectOptions, DetectResult } from '../../../preload/contract';
import { useClient } from '../client/context';
import { toClientError, type VwClientError } from '../client/errors';
import { DropZone } from '../components/DropZone';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { Unavailable } from '../components/Unavailable';
import { useRequest } from '../hooks/useRequest';
import { useToast } from '../hooks/useToast';
import { canvasBlob } from '../lib/frames';
import { download, fileBytes, formatMs } from '../lib/index';
import { readableError } from '../lib/errors';
import { useDefaults } from '../lib/defaults';
import { DetectionTable } from './detect/DetectionTable';
import { DetectOptionsForm } from './detect/DetectOptions';
import { toCoco, toCsv, toJson } from './detect/exports';
import { drawOverlay } from './live/draw';

interface Item {
  key: number;
  name: string;
  file: File;
  result?: DetectResult;
  /** JSON of the options the result was computed with. */
  resultFor?: string;
  error?: VwClientError;
}

let nextKey = 1;

/** Objects in photos and folders: boxes on the image, a sortable table, exports. */
export function DetectPage() {
  const client = useClient();
  const toast = useToast();
  const models = useRequest('vw:detection.models', {});
  const defaults = useDefaults();
  const [items, setItems] = useState<Item[]>([]);
  const [selected, setSelected] = useState(0);
  const [options, setOptions] = useState<DetectOptions>({});
  const [hover, setHover] = useState<number>();
  const [decoded, setDecoded] = useState<{ key: number; bitmap: ImageBitmap }>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const optionsKey = JSON.stringify(options);

  const current = items[selected];
  const classes = models.data?.find((m) => m.id === (options.model ?? models.data?.[0]?.id))?.classes ?? [];
  const done = items.filter((i) => i.result && i.resultFor === optionsKey);
  const pending = items.filter((i) => i.resultFor !== optionsKey);

  // One image at a time, the next only when the engine has answered (never a queue of requests).
  const working = useRef(false);
  useEffect(() => {
    if (working.current || models.error) return;
    const next = items.find((i) => i.resultFor !== optionsKey);
    if (!next) return;
    working.current = true;
    const forKey = optionsKey;
    void (async () => {
      let patch: Partial<Item>;
      try {
        const result = await client.call('vw:detection.detect', {
          image: await fileBytes(next.file),
          options: JSON.parse(forKey) as DetectOptions,
        });
        patch = { result, resultFor: forKey, error: undefined };
      } catch (err) {
        const e = toClientError(err);
        patch = { result: undefined, resultFor: forKey, error: e };
        if (e.code === 'E_BAD_ARGUMENT' || e.code === 'E_MODEL_INVALID' || e.code === 'E_MODEL_MISSING')
          toast.error(e, `Detect in ${next.name}`);
      } finally {
        working.current = false;
      }
      setItems((all) => all.map((i) => (i.key === next.key ? { ...i, ...patch } : i)));
    })();
  }, [items, optionsKey, client, toast, models.error]);

  // The chosen photo, decoded once for drawing.
  useEffect(() => {
    if (!current) return;
    let live = true;
    const key = current.key;
    createImageBitmap(current.file, { imageOrientation: 'from-image' }).then(
      (bitmap) => live && setDecoded({ key, bitmap }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [current?.key]); // eslint-disable-line react-hooks/exhaustive-deps

  const bitmap = current && decoded?.key === current.key ? decoded.bitmap : undefined;
  useEffect(() => {
    const c = canvas.current;
    if (!c || !bitmap) return;
    c.width = bitmap.width;
    c.height = bitmap.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    if (current?.result) {
      const layer = document.createElement('canvas');
      layer.width = bitmap.width;
      layer.height = bitmap.height;
      drawOverlay(layer.getContext('2d')!, current.result, null, Math.max(1, bitmap.width / 700), hover);
      ctx.drawImage(layer, 0, 0);
    }
  }, [bitmap, current?.result, hover]);

  const importModel = async (file: File): Promise<void> => {
    try {
      const info = await client.call('vw:models.import', { name: file.name, bytes: await fileBytes(file) });
      toast.info(
        `${file.name} imported as ${info.id}`,
        `${info.family}, ${info.classes.length} classes, input ${info.inputSize} px${info.license ? `, license ${info.license}` : ''}. It is chosen now.`,
      );
      models.reload();
      setOptions((o) => ({ ...o, model: info.id, inputSize: undefined, classes: undefined }));
    } catch (err) {
      toast.error(err, `Import ${file.name}`);
    }
  };

  const add = (files: File[]): void => {
    const added = files.map((file) => ({ key: nextKey++, name: file.webkitRelativePath || file.name, file }));
    setItems((all) => {
      setSelected(all.length);
      return [...all, ...added];
    });
  };

  const saveAnnotated = async (): Promise<void> => {
    if (!canvas.current || !current) return;
    download(await canvasBlob(canvas.current), `${current.name.replace(/\.[^.]+$/, '').replace(/[\\/]/g, '_')}.detections.png`);
  };
  const exportAs = (kind: 'json' | 'coco' | 'csv'): void => {
    const list = done.map((i) => ({ name: i.name, result: i.result! }));
    if (kind === 'json') download(new Blob([toJson(list)], { type: 'application/json' }), 'detections.json');
    if (kind === 'coco') download(new Blob([toCoco(list, classes)], { type: 'application/json' }), 'detections.coco.json');
    if (kind === 'csv') download(new Blob([toCsv(list)], { type: 'text/csv' }), 'detections.csv');
  };

  const result = current?.resultFor === optionsKey ? current.result : current?.result;
  const total = items.length;

  return (
    <section aria-labelledby="detect-title" className="page-detect">
      <PageHeader
        id="detect-title"
        title="Detect objects"
        description="Drop photos or pick a folder; every image is checked with the chosen model and options."
        actions={
          <>
            <Menu position="bottom-end" withinPortal={false}>
              <Menu.Target>
                <Button variant="default" leftSection={<IconFileExport size={16} />} disabled={!done.length} data-testid="export-menu">
                  Export {done.length ? `${done.length} image${done.length === 1 ? '' : 's'}` : ''}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => exportAs('json')}>JSON (engine results)</Menu.Item>
                <Menu.Item onClick={() => exportAs('coco')}>COCO JSON</Menu.Item>
                <Menu.Item onClick={() => exportAs('csv')}>CSV (one row per box)</Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button leftSection={<IconDownload size={16} />} onClick={() => void saveAnnotated()} disabled={!result}>
              Save annotated image
            </Button>
          </>
        }
      />
      {models.error && <Unavailable what="Object detection" error={models.error} />}
      <div className="workspace">
        <div className="inputs">
          <Panel title="Images">
            <DropZone label="Photos or a folder" accept="image/*" multiple folder testId="detect-drop" onFiles={add} />
            {total > 0 && (
              <div className="stack" style={{ marginTop: 10 }}>
                <div className="row">
                  <Text size="sm" data-testid="detect-progress">
                    {total - pending.length} of {total} image{total === 1 ? '' : 's'} done
                  </Text>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="gray"
                    leftSection={<IconTrash size={14} />}
                    onClick={() => {
                      setItems([]);
                      setSelected(0);
                    }}
                    ml="auto"
                  >
                    Clear
                  </Button>
                </div>
                <Progress value={(100 * (total - pending.length)) / total} size="sm" aria-label="Images done" transitionDuration={0} />
              </div>
            )}
          </Panel>
          <Panel title="Model and options">
            {models.data && defaults ? (
              <DetectOptionsForm
                models={models.data}
                options={options}
                onChange={setOptions}
                defaults={defaults.detection}
                onImport={(f) => void importModel(f)}
              />
            ) : (
              <Text size="sm" c="dimmed">
                Loading the models…
              </Text>
            )}
          </Panel>
        </div>
        <div className="result">
          {current ? (
            <Panel
              title={current.name}
              icon={<IconPhotoScan size={18} aria-hidden="true" />}
              actions={
                result && (
                  <Badge variant="light" size="lg" data-testid="detect-count">
                    {result.detections.length} object{result.detections.length === 1 ? '' : 's'}
                  </Badge>
                )
              }
            >
              <div className="stage">
                <canvas ref={canvas} className="stage-canvas" role="img" aria-label={`${current.name} with detected objects`} />
              </div>
              {current.error && (
                <Text c="red" size="sm" mt="xs" role="alert">
                  {readableError(current.error, current.name).title} {current.error.hint}
                </Text>
              )}
              {items.length > 1 && (
                <div className="thumb-strip" role="group" aria-label="Images" style={{ marginTop: 10 }}>
                  {items.map((it, i) => (
                    <Thumb key={it.key} item={it} active={i === selected} onClick={() => setSelected(i)} />
                  ))}
                </div>
              )}
            </Panel>
          ) : (
            <Panel>
              <EmptyState icon={<IconPhotoScan size={30} />} title="No images yet" testId="detect-empty">
                Drop photos here or on the Images panel, or choose a whole folder. Boxes appear on the image and in a table you can sort and
                export.
              </EmptyState>
            </Panel>
          )}
        </div>
        <div className="details">
          <Panel title="Detections">
            {result ? (
              <>
                <DetectionTable detections={result.detections} onHover={setHover} />
                <Text size="xs" c="dimmed" mt="xs" data-testid="detect-speed">
                  {result.model} · {result.width}×{result.height} · pre {formatMs(result.speed.preprocess)} · infer{' '}
                  {formatMs(result.speed.inference)} · post {formatMs(result.speed.postprocess)}
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {current ? (current.error ? 'No result for this image.' : 'Detecting…') : 'The boxes of the chosen image are listed here.'}
              </Text>
            )}
          </Panel>
        </div>
      </div>
    </section>
  );
}

function Thumb({ item, active, onClick }: { item: Item; active: boolean; onClick: () => void }) {
  const [url] = useState(() => URL.createObjectURL(item.file));
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <button type="button" aria-pressed={active} onClick={onClick} title={item.name}>
      <img src={url} alt={item.name} />
    </button>
  );
}
