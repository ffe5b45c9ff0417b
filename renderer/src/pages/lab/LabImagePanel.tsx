import { useState } from 'react';
import type { LabImageResult, Matrix } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { CameraControls } from '../../components/CameraControls';
import { DropZone } from '../../components/DropZone';
import { useCamera } from '../../hooks/useCamera';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useToast } from '../../hooks/useToast';
import { fileBytes } from '../../lib/files';
import { grabEncodedFrame } from '../../lib/frames';

interface Props {
  filter: Matrix;
  padding: number;
  stride: number;
  pool: { mode: 'max' | 'avg'; size: number; stride: number };
}

/** The current filter applied to a dropped picture or a webcam frame, input and response side by side. */
export function LabImagePanel({ filter, padding, stride, pool }: Props) {
  const client = useClient();
  const toast = useToast();
  const camera = useCamera();
  const { videoRef, running } = camera;
  const [image, setImage] = useState<Uint8Array>();
  const [usePool, setUsePool] = useState(false);
  const [result, setResult] = useState<LabImageResult>();
  const [busy, setBusy] = useState(false);
  const inputUrl = useObjectUrl(result?.input);
  const outputUrl = useObjectUrl(result?.output);

  const run = async (bytes = image): Promise<void> => {
    if (!bytes) return;
    setBusy(true);
    try {
      setResult(await client.call('vw:lab.image', { image: bytes, filter, padding, stride, pool: usePool ? pool : undefined }));
    } catch (err) {
      toast.error(err, 'Filter the image');
    } finally {
      setBusy(false);
    }
  };

  const fromCamera = async (): Promise<void> => {
    if (!videoRef.current || !running) return;
    try {
      const bytes = await fileBytes(await grabEncodedFrame(videoRef.current));
      setImage(bytes);
      await run(bytes);
    } catch (err) {
      toast.error(err, 'Webcam frame');
    }
  };

  useShortcuts({ 'Ctrl+Enter': () => void run(), 'Alt+C': camera.toggle, 'Alt+S': () => void fromCamera() });

  return (
    <div className="card lab-image">
      <h2>On a picture</h2>
      <div className="row">
        <DropZone
          label="Image"
          accept="image/*"
          testId="lab-drop"
          onFiles={async ([f]) => {
            const bytes = await fileBytes(f!);
            setImage(bytes);
            await run(bytes);
          }}
        />
        <label>
          <input type="checkbox" checked={usePool} onChange={(e) => setUsePool(e.target.checked)} /> then pool ({pool.mode}, f = {pool.size}, s ={' '}
          {pool.stride})
        </label>
        <button type="button" disabled={!image || busy} onClick={() => void run()} aria-keyshortcuts="Control+Enter">
          Run <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
      <CameraControls camera={camera} />
      <div className="row">
        <video ref={videoRef} className="lab-video" muted playsInline hidden={!running} />
        {running && (
          <button type="button" onClick={() => void fromCamera()} aria-keyshortcuts="Alt+S">
            Use this frame <kbd>Alt+S</kbd>
          </button>
        )}
      </div>
      {busy && <div className="muted">Filtering…</div>}
      {result && (
        <div className="side-by-side" data-testid="lab-image-result">
          <figure>
            <img src={inputUrl} alt="Grayscale input" />
            <figcaption>
              input {result.width}×{result.height}
            </figcaption>
          </figure>
          <figure>
            <img src={outputUrl} alt="Filter response" />
            <figcaption>
              response {result.outputSize.cols}×{result.outputSize.rows} (mid-gray = 0)
            </figcaption>
          </figure>
        </div>
      )}
    </div>
  );
}
