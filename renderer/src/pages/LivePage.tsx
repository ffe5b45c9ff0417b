import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { FaceDetectorName, FrameResult, RawFrame, RecognizeResult } from '../../../preload/contract';
import { useClient } from '../client/context';
import { CameraControls } from '../components/CameraControls';
import { Slider } from '../components/Slider';
import { Unavailable } from '../components/Unavailable';
import { useCamera } from '../hooks/useCamera';
import { useRequest } from '../hooks/useRequest';
import { useShortcuts } from '../hooks/useShortcuts';
import { useToast } from '../hooks/useToast';
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
  // The engine's and the CLI's default too.
  const [conf, setConf] = useState(0.25);
  const [iou, setIou] = useState(0.45);
  const [classText, setClassText] = useState('');
  const [objects, setObjects] = useState<FrameResult | null>(null);
  const [faces, setFaces] = useState<RecognizeResult | null>(null);
  const streamId = `live-${useId()}`;

  const models = useRequest('vw:detection.models', {});
  const detector = models.data?.[0];
  const classes = classText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const sendObjects = useCallback(
    (frame: RawFrame) =>
      client.call('vw:detection.frame', {
        frame,
        options: { conf, iou, classes: classes.length ? classes : undefined, track: true, streamId },
      }),
    // classes is derived from classText each render
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, conf, iou, classText, streamId],
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
    if (ctx) drawOverlay(ctx, shownObjects, shownFaces);
  }, [shownObjects, shownFaces, videoRef]);

  const snapshot = async (): Promise<void> => {
    const v = videoRef.current;
    if (!v || !running || !v.videoWidth) {
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
    drawOverlay(layer.getContext('2d')!, shownObjects, shownFaces, c.width / Math.max(1, v.clientWidth));
    ctx.drawImage(layer, 0, 0);
    download(await canvasBlob(c), `snapshot-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
    toast.info('Snapshot saved');
  };

  useShortcuts({ 'Alt+C': camera.toggle, 'Alt+S': () => void snapshot() });

  const detErr = models.error ?? objectsLoop.error;
  const faceErr = facesLoop.error;
  const speed = shownObjects?.speed;

  return (
    <section aria-labelledby="live-title" className="page-live">
      <h1 id="live-title">Live</h1>
      <CameraControls camera={camera} />
      <div className="row">
        <label>
          <input type="checkbox" checked={showObjects} onChange={(e) => setShowObjects(e.target.checked)} /> objects
        </label>
        <label>
          <input type="checkbox" checked={showFaces} onChange={(e) => setShowFaces(e.target.checked)} /> faces
        </label>
        <label>
          face detector{' '}
          <select aria-label="Face detector" value={faceDetector} onChange={(e) => setFaceDetector(e.target.value as FaceDetectorName)}>
            <option value="ultraface">UltraFace — any distance</option>
            <option value="blazeface">BlazeFace — webcam distance, faster</option>
          </select>
        </label>
        <Slider
          label="confidence"
          value={conf}
          min={0.05}
          max={0.95}
          step={0.05}
          digits={2}
          onChange={setConf}
          ariaLabel="Confidence threshold"
        />
        <Slider label="IoU" value={iou} min={0.1} max={0.9} step={0.05} digits={2} onChange={setIou} ariaLabel="IoU threshold" />
        <label>
          classes{' '}
          <input
            list="live-classes"
            placeholder="all (e.g. person, dog)"
            value={classText}
            onChange={(e) => setClassText(e.target.value)}
            aria-label="Class filter"
          />
        </label>
        <datalist id="live-classes">
          {detector?.classes.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <button type="button" onClick={() => void snapshot()} aria-keyshortcuts="Alt+S" disabled={!running}>
          Snapshot <kbd>Alt+S</kbd>
        </button>
      </div>
      {detErr && showObjects && <Unavailable what="Object detection" error={detErr} />}
      {faceErr && showFaces && <Unavailable what="Face recognition" error={faceErr} />}

      <div className="live-layout">
        <div className="stage">
          <video ref={videoRef} muted playsInline className="stage-video" />
          <canvas ref={overlay} className="stage-overlay" aria-hidden="true" />
          {!running && <div className="stage-empty">Camera off — press Start camera (Alt+C)</div>}
        </div>
        <aside className="live-side">
          <h2>Counters</h2>
          <dl className="stats" data-testid="live-stats">
            <dt>objects FPS</dt>
            <dd data-testid="objects-fps">{objectsLoop.stats.fps.toFixed(1)}</dd>
            <dt>faces FPS</dt>
            <dd>{facesLoop.stats.fps.toFixed(1)}</dd>
            <dt>round trip objects / faces</dt>
            <dd>
              {formatMs(objectsLoop.stats.roundTripMs)} / {formatMs(facesLoop.stats.roundTripMs)}
            </dd>
            <dt>pre / infer / post</dt>
            <dd>{speed ? `${formatMs(speed.preprocess)} / ${formatMs(speed.inference)} / ${formatMs(speed.postprocess)}` : '—'}</dd>
            {shownFaces && (
              <>
                <dt>face detect / embed</dt>
                <dd data-testid="face-timings" data-detector={shownFaces.detector}>
                  {formatMs(shownFaces.timings.detect)} / {formatMs(shownFaces.timings.embed)} ({shownFaces.detector})
                </dd>
              </>
            )}
            <dt>dropped by engine</dt>
            <dd data-testid="dropped">{objectsLoop.stats.engineDropped + facesLoop.stats.engineDropped}</dd>
            <dt>camera frames skipped</dt>
            <dd>{Math.max(objectsLoop.stats.skipped, facesLoop.stats.skipped)}</dd>
            <dt>processed objects</dt>
            <dd data-testid="processed">{objectsLoop.stats.processed}</dd>
            <dt>processed faces</dt>
            <dd data-testid="processed-faces">{facesLoop.stats.processed}</dd>
          </dl>
          <h2>In view</h2>
          <ul aria-label="Detected objects" data-testid="live-objects" aria-live="polite">
            {shownObjects?.detections.map((d, i) => (
              <li key={`${d.trackId ?? i}-${d.label}`} data-label={d.label}>
                {objectLabel(d)}
              </li>
            ))}
          </ul>
          <ul aria-label="Recognized faces" data-testid="live-faces">
            {shownFaces?.faces.map((f, i) => (
              <li key={i} data-name={f.match?.name ?? 'unknown'} data-landmarks={f.landmarks.length}>
                {faceLabel(f)}
              </li>
            ))}
          </ul>
        </aside>
      </div>
      <VideoSource />
    </section>
  );
}
