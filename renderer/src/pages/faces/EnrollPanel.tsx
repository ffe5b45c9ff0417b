import { useState } from 'react';
import { Alert, Badge, Button, Group, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCamera, IconUserPlus, IconX } from '@tabler/icons-react';
import type { EnrollResult, EnrollShot, Person } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError } from '../../client/errors';
import { CameraControls } from '../../components/CameraControls';
import { DropZone } from '../../components/DropZone';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { useCamera } from '../../hooks/useCamera';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useToast } from '../../hooks/useToast';
import { fileBytes } from '../../lib/files';
import { grabEncodedFrame } from '../../lib/frames';
import { detectShots, needsChoice, reviewShots, shotBytes, type Review, type Shot } from './enroll-check';
import { FacePicker } from './FacePicker';

const GUIDE = [
  'Look straight at the camera',
  'Turn slightly to your left',
  'Turn slightly to your right',
  'Tilt your chin up a little',
  'Look straight again, closer',
];

let nextShot = 1;

/**
 * Enroll a person from photos or guided webcam shots — safely: a shot with
 * several faces asks which one, shots that disagree with each other or that
 * look like someone already enrolled are shown before anything is written.
 */
export function EnrollPanel({
  tau,
  onEnrolled,
  details,
  active = true,
  people,
}: {
  tau: number | undefined;
  /** The gallery as listed now, so the last enrollment's line follows renames. */
  people?: Person[];
  onEnrolled: () => void;
  details?: React.ReactNode;
  /** The Enroll tab is the one shown: only then do its shortcuts act (the tabs stay mounted). */
  active?: boolean;
}) {
  const client = useClient();
  const toast = useToast();
  const camera = useCamera();
  const { videoRef, running } = camera;
  const [name, setName] = useState('');
  const [shots, setShots] = useState<Shot[]>([]);
  const [busy, setBusy] = useState<string>();
  const [review, setReview] = useState<Review>();
  const [result, setResult] = useState<EnrollResult>();
  // When nothing passes the gate the host answers with an error that still lists each shot's verdict.
  const [refused, setRefused] = useState<{ message: string; shots: EnrollShot[] }>();

  const addShots = (added: { name: string; data: Uint8Array }[]): void => {
    setReview(undefined);
    setShots((s) => [...s, ...added.map((a) => ({ ...a, id: nextShot++ }))]);
  };

  // Alt+S and the button: the frame comes from the camera as it is now (camera.frame), never from a
  // render's idea of it, and the shot is named when it is added (two quick captures get two names).
  const capture = async (): Promise<void> => {
    try {
      const data = await fileBytes(await grabEncodedFrame(await camera.frame(), 'image/jpeg'));
      setReview(undefined);
      setShots((s) => [...s, { name: `webcam-${s.length + 1}.jpg`, data, id: nextShot++ }]);
    } catch (err) {
      toast.error(err, 'Capture');
    }
  };

  const write = async (as: string, list: Shot[]): Promise<void> => {
    setBusy('Enrolling');
    try {
      const images = await Promise.all(list.map(async (s) => ({ name: s.name, data: await shotBytes(s) })));
      const r = await client.call('vw:faces.enroll', { name: as, images });
      setResult(r);
      setShots([]);
      setReview(undefined);
      setName('');
      onEnrolled();
    } catch (err) {
      const e = toClientError(err);
      const detailShots = (e.details as { shots?: EnrollShot[] } | undefined)?.shots;
      if (Array.isArray(detailShots)) {
        setRefused({ message: e.message, shots: detailShots });
        setShots([]);
        setReview(undefined);
      }
      toast.error(e, `Enroll ${as}`);
    } finally {
      setBusy(undefined);
    }
  };

  /** Check, then write only when nothing needs the user's word. */
  const enroll = async (): Promise<void> => {
    if (!name.trim() || !shots.length || busy || tau === undefined) return;
    setResult(undefined);
    setRefused(undefined);
    setBusy('Checking the shots');
    let checked: Shot[];
    let r: Review;
    try {
      checked = await detectShots(client, shots, tau);
      setShots(checked);
      if (checked.some(needsChoice)) return;
      r = await reviewShots(client, checked, name, tau);
    } catch (err) {
      toast.error(err, 'Check the shots');
      return;
    } finally {
      setBusy(undefined);
    }
    if (r.disagreements.length || r.lookAlikes.length) {
      setReview(r);
      return;
    }
    await write(name.trim(), checked);
  };

  useShortcuts({ 'Alt+C': camera.toggle, 'Alt+S': () => void capture(), 'Ctrl+Enter': () => void enroll() }, active);

  const choosing = shots.filter(needsChoice);
  // The person as the gallery has them now (renamed or given more faces since), else as enrolled.
  const enrolled = result && (people?.find((p) => p.id === result.person.id) ?? result.person);
  const lookAlike = review?.lookAlikes[0];

  return (
    <div className="workspace" data-testid="enroll-panel">
      <div className="inputs">
        <Panel title="New person">
          <div className="stack">
            <TextInput
              label="Name"
              aria-label="Person name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              placeholder="e.g. obama"
            />
            <DropZone
              label="Photos of this person"
              accept="image/*"
              multiple
              testId="enroll-drop"
              onFiles={async (files) => addShots(await Promise.all(files.map(async (f) => ({ name: f.name, data: await fileBytes(f) }))))}
            />
            <CameraControls camera={camera} />
            {shots.length > 0 && (
              <div data-testid="enroll-pending">
                <Text size="sm" fw={500}>
                  Ready: {shots.map((s) => s.name).join(', ')}
                </Text>
                <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconX size={12} />} onClick={() => setShots([])}>
                  Clear
                </Button>
              </div>
            )}
            <Button
              leftSection={<IconUserPlus size={16} />}
              disabled={!name.trim() || !shots.length || !!busy || choosing.length > 0 || tau === undefined}
              onClick={() => void enroll()}
              aria-keyshortcuts="Control+Enter"
            >
              Enroll {shots.length ? `${shots.length} image${shots.length === 1 ? '' : 's'}` : ''} <kbd>Ctrl+Enter</kbd>
            </Button>
            {busy && <ProgressBar label={busy} />}
          </div>
        </Panel>
      </div>
      <div className="result">
        <Panel title="Enrollment" icon={<IconUserPlus size={18} aria-hidden="true" />}>
          <div className="stack">
            {/* One video element whatever the state: the camera's stream is attached to it once. */}
            <div className="stack" hidden={!running}>
              <video ref={videoRef} className="enroll-video" muted playsInline />
              <Group>
                <Badge color="red" variant="dot" data-testid="camera-live">
                  live
                </Badge>
                <Text className="guide" fw={600}>
                  Shot {Math.min(shots.length + 1, GUIDE.length)} of {GUIDE.length}: {GUIDE[Math.min(shots.length, GUIDE.length - 1)]}
                </Text>
                <Button leftSection={<IconCamera size={16} />} onClick={() => void capture()} aria-keyshortcuts="Alt+S" variant="light">
                  Capture shot <kbd>Alt+S</kbd>
                </Button>
              </Group>
            </div>
            {choosing.length > 0 && (
              <Alert
                color="yellow"
                icon={<IconAlertTriangle size={18} />}
                title="Several faces in a shot: which one is this person?"
                data-testid="enroll-choose"
              >
                <Text size="sm" mb="xs">
                  Click the face to enroll in each photo below (or clear the shots). Nothing is enrolled until every shot has one face.
                </Text>
                <div className="stack">
                  {choosing.map((s) => (
                    <FacePicker
                      key={s.id}
                      shot={s}
                      onPick={(i) => setShots((all) => all.map((x) => (x.id === s.id ? { ...x, chosen: i } : x)))}
                    />
                  ))}
                </div>
              </Alert>
            )}
            {review && review.disagreements.length > 0 && (
              <Alert
                color="red"
                icon={<IconAlertTriangle size={18} />}
                title="These shots do not look like the same person"
                data-testid="enroll-disagree"
              >
                <ul>
                  {review.disagreements.map((d) => (
                    <li key={`${d.a}|${d.b}`}>
                      {d.a} and {d.b}: similarity {d.similarity.toFixed(2)} &lt; τ {review.tau.toFixed(2)}
                    </li>
                  ))}
                </ul>
                <Text size="sm">Remove the shots of someone else (Clear and add them again), or enroll them all anyway.</Text>
                <Group mt="xs">
                  <Button size="xs" color="red" variant="light" onClick={() => void write(name.trim(), shots)}>
                    Enroll all anyway
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setReview(undefined)}>
                    Back
                  </Button>
                </Group>
              </Alert>
            )}
            {review && review.disagreements.length === 0 && lookAlike && (
              <Alert
                color="yellow"
                icon={<IconAlertTriangle size={18} />}
                title={`This looks like ${lookAlike.name}, who is already enrolled`}
                data-testid="enroll-lookalike"
              >
                <Text size="sm">
                  {lookAlike.shot} matches {lookAlike.name} with similarity {lookAlike.similarity.toFixed(2)} (τ {review.tau.toFixed(2)}).
                  Merge instead: add these photos to {lookAlike.name}?
                </Text>
                <Group mt="xs">
                  <Button size="xs" onClick={() => void write(lookAlike.name, shots)}>
                    Add to {lookAlike.name}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => void write(name.trim(), shots)}>
                    Enroll as new person “{name.trim()}”
                  </Button>
                </Group>
              </Alert>
            )}
            {(result || refused) && (
              <div data-testid="enroll-result">
                {result ? (
                  <Text>
                    <strong>{enrolled!.name}</strong> now has {enrolled!.faces} face{enrolled!.faces === 1 ? '' : 's'}.
                  </Text>
                ) : (
                  <Text c="red">Nobody was enrolled: {refused!.message}</Text>
                )}
                <ul aria-label="Enrollment shots">
                  {(result?.shots ?? refused!.shots).map((s, i) => (
                    <li key={i} className={s.accepted ? 'ok' : 'bad'}>
                      {s.source}: {s.accepted ? 'accepted' : 'rejected'}
                      {s.reasons.length > 0 && ` — ${s.reasons.join('; ')}`}
                      {s.note && ` (${s.note})`}
                      {s.lookAlike && ` — looks like ${s.lookAlike.name} (${s.lookAlike.similarity.toFixed(2)}), already enrolled`}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {!running && !choosing.length && !review && !result && !refused && (
              <EmptyState icon={<IconUserPlus size={30} />} title="Add someone to the gallery">
                Type a name, then drop two to five photos of them or start the camera for five guided shots. Each shot passes a quality
                check; shots of different people, or of someone already enrolled, are shown to you before anything is saved.
              </EmptyState>
            )}
          </div>
        </Panel>
      </div>
      {details && <div className="details">{details}</div>}
    </div>
  );
}
