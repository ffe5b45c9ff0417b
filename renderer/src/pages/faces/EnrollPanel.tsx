import { useState } from 'react';
import type { EnrollResult, EnrollShot } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError } from '../../client/errors';
import { CameraControls } from '../../components/CameraControls';
import { DropZone } from '../../components/DropZone';
import { ProgressBar } from '../../components/ProgressBar';
import { useCamera } from '../../hooks/useCamera';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useToast } from '../../hooks/useToast';
import { fileBytes } from '../../lib/files';
import { grabEncodedFrame } from '../../lib/frames';

const GUIDE = [
  'Look straight at the camera',
  'Turn slightly to your left',
  'Turn slightly to your right',
  'Tilt your chin up a little',
  'Look straight again, closer',
];

interface Shot {
  name: string;
  data: Uint8Array;
}

/** Enroll a person from files or a guided series of webcam shots; each shot's gate verdict is shown. */
export function EnrollPanel({ onEnrolled }: { onEnrolled: () => void }) {
  const client = useClient();
  const toast = useToast();
  const camera = useCamera();
  const { videoRef, running } = camera;
  const [name, setName] = useState('');
  const [shots, setShots] = useState<Shot[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<EnrollResult>();
  // When nothing passes the gate the host answers with an error that still lists each shot's verdict.
  const [refused, setRefused] = useState<{ message: string; shots: EnrollShot[] }>();

  const capture = async (): Promise<void> => {
    const v = videoRef.current;
    if (!v || !running) return;
    try {
      const data = await fileBytes(await grabEncodedFrame(v, 'image/jpeg'));
      setShots((s) => [...s, { name: `webcam-${s.length + 1}.jpg`, data }]);
    } catch (err) {
      toast.error(err, 'Capture');
    }
  };

  const enroll = async (): Promise<void> => {
    if (!name.trim() || !shots.length) return;
    setBusy(true);
    setResult(undefined);
    setRefused(undefined);
    try {
      const r = await client.call('vw:faces.enroll', { name: name.trim(), images: shots });
      setResult(r);
      setShots([]);
      onEnrolled();
    } catch (err) {
      const e = toClientError(err);
      const detailShots = (e.details as { shots?: EnrollShot[] } | undefined)?.shots;
      if (Array.isArray(detailShots)) {
        setRefused({ message: e.message, shots: detailShots });
        setShots([]);
      }
      toast.error(e, `Enroll ${name}`);
    } finally {
      setBusy(false);
    }
  };

  useShortcuts({ 'Alt+C': camera.toggle, 'Alt+S': () => void capture(), 'Ctrl+Enter': () => void enroll() });

  return (
    <div className="card" data-testid="enroll-panel">
      <h2>Enroll</h2>
      <div className="row">
        <label>
          Name <input aria-label="Person name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. obama" />
        </label>
        <DropZone
          label="Photos of this person"
          accept="image/*"
          multiple
          testId="enroll-drop"
          onFiles={async (files) => {
            const add = await Promise.all(files.map(async (f) => ({ name: f.name, data: await fileBytes(f) })));
            setShots((s) => [...s, ...add]);
          }}
        />
      </div>
      <CameraControls camera={camera} />
      <div className="row" hidden={!running}>
        <video ref={videoRef} className="enroll-video" muted playsInline />
        {running && (
          <div>
            <p className="guide">
              Shot {Math.min(shots.length + 1, GUIDE.length)} of {GUIDE.length}: {GUIDE[Math.min(shots.length, GUIDE.length - 1)]}
            </p>
            <button type="button" onClick={() => void capture()} aria-keyshortcuts="Alt+S">
              Capture shot <kbd>Alt+S</kbd>
            </button>
          </div>
        )}
      </div>
      {shots.length > 0 && (
        <p data-testid="enroll-pending">
          Ready: {shots.map((s) => s.name).join(', ')}{' '}
          <button type="button" onClick={() => setShots([])}>
            Clear
          </button>
        </p>
      )}
      <button
        type="button"
        disabled={!name.trim() || !shots.length || busy}
        onClick={() => void enroll()}
        aria-keyshortcuts="Control+Enter"
      >
        Enroll {shots.length ? `${shots.length} image(s)` : ''} <kbd>Ctrl+Enter</kbd>
      </button>
      {busy && <ProgressBar label="Enrolling" />}
      {(result || refused) && (
        <div data-testid="enroll-result">
          {result ? (
            <p>
              <strong>{result.person.name}</strong> now has {result.person.faces} face(s).
            </p>
          ) : (
            <p className="bad">Nobody was enrolled: {refused!.message}</p>
          )}
          <ul aria-label="Enrollment shots">
            {(result?.shots ?? refused!.shots).map((s, i) => (
              <li key={i} className={s.accepted ? 'ok' : 'bad'}>
                {s.source}: {s.accepted ? 'accepted' : 'rejected'}
                {s.reasons.length > 0 && ` — ${s.reasons.join('; ')}`}
                {s.note && ` (${s.note})`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
