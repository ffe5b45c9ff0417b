import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Badge, Button, MultiSelect, NativeSelect, Switch, Text } from '@mantine/core';
import { IconCamera, IconCameraOff, IconPhotoDown } from '@tabler/icons-react';
import type { FaceDetectorName, FrameResult, RawFrame, RecognizeResult } from '../../../preload/contract';
import { useClient } from '../client/context';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ThresholdSliders } from '../components/ThresholdSliders';
import { Unavailable } from '../components/Unavailable';
import { useCamera } from '../hooks/useCamera';
import { useRequest } from '../hooks/useRequest';
import { useShortcuts } from '../hooks/useShortcuts';
import { useToast } from '../hooks/useToast';
import { useDefaults } from '../lib/defaults';
import { download, formatMs } from '../lib/index';
import { canvasBlob } from '../lib/frames';
import { drawOverlay, faceLabel, objectLabel } from './live/draw';
import { useFrameLoop } from './live/useFrameLoop';
import { VideoSource } from './live/VideoSource';

/** Faces work on a moderate frame; the detector is asked for its own input size. */
const FACE_FRAME_SIDE = 640;

export function LivePage() {
  const client = useClient();
  const toast = useToast();
  const camera = useCamera();
  const { videoRef, running } = camera;
  const overlay = useRef<HTMLCanvasElement>(null);
  const [showObjects, setShowObjects] = useState(true);
  const [showFaces, setShowFaces] = useState(true);
  const [faceDetector, setFaceDetector] = useState<FaceDetectorName>('ultraface');
  const defaults = useDefaults()?.detection;
  // Untouched options are not sent: the engine's defaults apply (and are shown).
  const [confSet, setConf] = useState<number>();
  const [iouSet, setIou] = useState<number>();
  const conf = confSet ?? defaults?.conf ?? 0;
  const iou = iouSet ?? defaults?.iou ?? 0;
  const [classes, setClasses] = useState<string[]>([]);
  const [model, setModel] = useState<string>();
  const [objects, setObjects] = useState<FrameResult | null>(null);
  const [faces, setFaces] = useState<RecognizeResult | null>(null);
  const streamId = `live-${useId()}`;

  const models = useRequest('vw:detection.models', {});
  const detector = models.data?.find((m) => m.id === model) ?? models.data?.[0];

  const sendObjects = useCallback(
    (frame: RawFrame) =>
      client.call('vw:detection.frame', {
        frame,
        options: { conf: confSet, iou: iouSet, classes: classes.length ? classes : undefined, model, track: true, streamId },
      }),
    [client, confSet, iouSet, classes, model, streamId],
  );
  const sendFaces = useCallback(
    (frame: RawFrame) => client.call('vw:faces.frame', { frame, streamId, detector: faceDetector }),
    [client, streamId, faceDetector],
  );

  const objectsLoop = useFrameLoop({
    video: videoRef,
    running: running,
    enabled: showObjects && !models.error,
    longSide: detector?.liveInputSize ?? detector?.inputSize ?? 640,
    send: sendObjects,
    onResult: setObjects,
    engineDropped: (r) => r.dropped,
  });
  const facesLoop = useFrameLoop({
    video: videoRef,
    running: running,
    enabled: showFaces,
    longSide: FACE_FRAME_SIDE,
    send: sendFaces,
    onResult: setFaces,
    engineDropped: (r) => r.dropped,
  });

  const shownObjects = running && showObjects ? objects : null;
  const shownFaces = running && showFaces ? faces : null;

  useEffect(() => {
    const c = overlay.current;
    const v = videoRef.current;
    if (!c || !v) return;
    c.width = v.clientWidth || 640;
    c.height = v.clientHeight || 480;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    // The video is letterboxed inside its box (object-fit: contain): draw in the picture's own rectangle.
    ctx.clearRect(0, 0, c.width, c.height);
    const vw = v.videoWidth || 4;
    const vh = v.videoHeight || 3;
    const s = Math.min(c.width / vw, c.height / vh);
    const w = vw * s;
    const h = vh * s;
    const layer = document.createElement('canvas');
    layer.width = Math.max(1, Math.round(w));
    layer.height = Math.max(1, Math.round(h));
    drawOverlay(layer.getContext('2d')!, shownObjects, shownFaces);
    ctx.drawImage(layer, (c.width - w) / 2, (c.height - h) / 2);
  }, [shownObjects, shownFaces, videoRef]);

  const snapshot = async (): Promise<void> => {
    // The frame from the camera as it is now (not a render's idea of it): a key pressed as it starts is kept.
    let v: HTMLVideoElement;
    try {
      v = await camera.frame();
    } catch {
      toast.info('Start the camera first', 'A snapshot is the camera frame with the overlay drawn on it.');
      return;
    }
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(v, 0, 0);
    const layer = document.createElement('canvas');
    layer.width = c.width;
    layer.height = c.height;
    drawOverlay(layer.getContext('2d')!, shownObjects, shownFaces, c.width / 640);
    ctx.drawImage(layer, 0, 0);
    download(await canvasBlob(c), `snapshot-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
    toast.info('Snapshot saved');
  };

  useShortcuts({ 'Alt+C': camera.toggle, 'Alt+S': () => void snapshot() });

  const detErr = models.error ?? objectsLoop.error;
  const faceErr = facesLoop.error;
  const speed = shownObjects?.speed;
  const oStats = objectsLoop.stats;
  const fStats = facesLoop.stats;

  return (
    <section aria-labelledby="live-title" className="page-live">
      <PageHeader
        id="live-title"
        title="Live"
        description="Objects and faces on the webcam, as fast as the engine answers (the newest frame always goes next)."
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconPhotoDown size={16} />}
              onClick={() => void snapshot()}
              aria-keyshortcuts="Alt+S"
              disabled={!running}
            >
              Snapshot <kbd>Alt+S</kbd>
            </Button>
            <Button
              variant={running ? 'light' : 'filled'}
              color={running ? 'red' : undefined}
              leftSection={running ? <IconCameraOff size={16} /> : <IconCamera size={16} />}
              onClick={camera.toggle}
              aria-keyshortcuts="Alt+C"
              data-testid="camera-toggle"
            >
              {running ? 'Stop camera' : 'Start camera'} <kbd>Alt+C</kbd>
            </Button>
          </>
        }
      />
      {detErr && showObjects && <Unavailable what="Object detection" error={detErr} />}
      {faceErr && showFaces && <Unavailable what="Face recognition" error={faceErr} />}
      {camera.error && (
        <Text c="red" role="alert">
          {camera.error}
        </Text>
      )}

      <div className="workspace">
        <div className="inputs">
          <Panel title="Source">
            <NativeSelect
              label="Camera"
              value={camera.deviceId}
              onChange={(e) => camera.setDeviceId(e.currentTarget.value)}
              data={[
                { value: '', label: 'Default camera' },
                ...camera.devices.map((d, i) => ({ value: d.deviceId || String(i), label: d.label || `Camera ${i + 1}` })),
              ]}
            />
          </Panel>
          <Panel title="What to find">
            <div className="stack">
              <Switch label="Objects" checked={showObjects} onChange={(e) => setShowObjects(e.currentTarget.checked)} />
              <NativeSelect
                label="Detection model"
                value={detector?.id ?? ''}
                onChange={(e) => setModel(e.currentTarget.value)}
                data={(models.data ?? []).map((m) => ({ value: m.id, label: m.id }))}
                disabled={!showObjects}
              />
              <ThresholdSliders conf={conf} iou={iou} onConf={setConf} onIou={setIou} />
              <MultiSelect
                label="Classes"
                placeholder={classes.length ? undefined : 'All classes'}
                data={[...new Set(detector?.classes ?? [])]}
                value={classes}
                onChange={setClasses}
                searchable
                clearable
                aria-label="Class filter"
              />
              <Switch label="Faces" checked={showFaces} onChange={(e) => setShowFaces(e.currentTarget.checked)} mt="xs" />
              <NativeSelect
                label="Face detector"
                aria-label="Face detector"
                value={faceDetector}
                onChange={(e) => setFaceDetector(e.currentTarget.value as FaceDetectorName)}
                data={[
                  { value: 'ultraface', label: 'UltraFace — any distance' },
                  { value: 'blazeface', label: 'BlazeFace — webcam distance, faster' },
                ]}
                disabled={!showFaces}
              />
            </div>
          </Panel>
        </div>

        <div className="result">
          <div className="stage stage-live">
            <video ref={videoRef} muted playsInline className="stage-video" />
            <canvas ref={overlay} className="stage-overlay" aria-hidden="true" />
            {!running && (
              <div className="stage-empty">
                <EmptyState icon={<IconCamera size={30} />} title="Camera off">
                  Press Start camera (Alt+C). Boxes, labels, track ids, face landmarks and names are drawn over the picture.
                </EmptyState>
              </div>
            )}
          </div>
        </div>

        <div className="details">
          <Panel title="In view">
            <ul className="chip-list" aria-label="Detected objects" data-testid="live-objects" aria-live="polite">
              {shownObjects?.detections.map((d, i) => (
                <li key={`${d.trackId ?? i}-${d.label}`} data-label={d.label}>
                  <Badge variant="light" tt="none">
                    {objectLabel(d)}
                  </Badge>
                </li>
              ))}
            </ul>
            <ul className="chip-list" aria-label="Recognized faces" data-testid="live-faces" style={{ marginTop: 6 }}>
              {shownFaces?.faces.map((f, i) => (
                <li key={i} data-name={f.match?.name ?? 'unknown'} data-landmarks={f.landmarks.length}>
                  <Badge variant="light" color={f.match ? 'green' : 'red'} tt="none">
                    {faceLabel(f)}
                  </Badge>
                </li>
              ))}
            </ul>
            {!running && (
              <Text size="sm" c="dimmed">
                Nothing yet: the camera is off.
              </Text>
            )}
          </Panel>
          <Panel title="Speed">
            <dl className="stats" data-testid="live-stats">
              <dt>Objects FPS</dt>
              <dd data-testid="objects-fps">{oStats.fps.toFixed(1)}</dd>
              <dt>Faces FPS</dt>
              <dd>{fStats.fps.toFixed(1)}</dd>
              <dt>Round trip (objects / faces)</dt>
              <dd>
                {formatMs(oStats.processed ? oStats.roundTripMs : undefined)} /{' '}
                {formatMs(fStats.processed ? fStats.roundTripMs : undefined)}
              </dd>
              <dt>Pre / infer / post</dt>
              <dd>{speed ? `${formatMs(speed.preprocess)} / ${formatMs(speed.inference)} / ${formatMs(speed.postprocess)}` : '—'}</dd>
              <dt>Face detect / embed</dt>
              <dd data-testid="face-timings" data-detector={shownFaces?.detector}>
                {shownFaces ? `${formatMs(shownFaces.timings.detect)} / ${formatMs(shownFaces.timings.embed)}` : '—'}
              </dd>
              <dt>Dropped by the engine</dt>
              <dd data-testid="dropped">{oStats.engineDropped + fStats.engineDropped}</dd>
              <dt>Camera frames skipped</dt>
              <dd>{Math.max(oStats.skipped, fStats.skipped)}</dd>
              <dt>Frames processed (objects)</dt>
              <dd data-testid="processed">{oStats.processed}</dd>
              <dt>Frames processed (faces)</dt>
              <dd data-testid="processed-faces">{fStats.processed}</dd>
            </dl>
          </Panel>
        </div>
      </div>
      <VideoSource />
    </section>
  );
}
