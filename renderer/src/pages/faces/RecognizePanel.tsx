import { useEffect, useRef, useState } from 'react';
import type { RecognizeResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { DropZone } from '../../components/DropZone';
import { ProgressBar } from '../../components/ProgressBar';
import { useToast } from '../../hooks/useToast';
import { fileBytes } from '../../lib/files';
import { drawOverlay, faceLabel } from '../live/draw';

/** Drop a photo: every face boxed with its name (or "unknown" and the best similarity). */
export function RecognizePanel({ tau }: { tau?: number }) {
  const client = useClient();
  const toast = useToast();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [photo, setPhoto] = useState<ImageBitmap>();
  const [result, setResult] = useState<RecognizeResult>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !photo || !result) return;
    c.width = photo.width;
    c.height = photo.height;
    const ctx = c.getContext('2d')!;
    const layer = document.createElement('canvas');
    layer.width = photo.width;
    layer.height = photo.height;
    drawOverlay(layer.getContext('2d')!, null, result, Math.max(1, photo.width / 640));
    ctx.drawImage(photo, 0, 0);
    ctx.drawImage(layer, 0, 0);
  }, [photo, result]);

  const recognize = async (file: File): Promise<void> => {
    setBusy(true);
    try {
      const bytes = await fileBytes(file);
      // The engine's verdict first: its typed error explains a bad file better than the browser's decoder.
      const r = await client.call('vw:faces.recognize', { image: bytes, tau });
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      setPhoto(bitmap);
      setResult(r);
    } catch (err) {
      toast.error(err, 'Recognize');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" data-testid="recognize-panel">
      <h2>Recognize</h2>
      <DropZone label="Photo to recognize" accept="image/*" testId="recognize-drop" onFiles={([f]) => void recognize(f!)} />
      {busy && <ProgressBar label="Recognizing" />}
      {result && (
        <>
          <ul aria-label="Recognized people" data-testid="recognize-names">
            {result.faces.map((f, i) => (
              <li key={i} data-name={f.match?.name ?? 'unknown'}>
                {faceLabel(f)}
              </li>
            ))}
          </ul>
          {result.faces.length === 0 && <p>No face found in this photo.</p>}
          <p className="muted">τ = {result.tau.toFixed(2)}</p>
        </>
      )}
      <canvas ref={canvas} className="recognize-canvas" hidden={!result} aria-label="Photo with recognized faces" role="img" />
    </div>
  );
}
