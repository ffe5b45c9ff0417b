import { useEffect, useRef, useState } from 'react';
import { Badge, Button, Text } from '@mantine/core';
import { IconUserOff, IconUserScan } from '@tabler/icons-react';
import type { RecognizedFace, RecognizeResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { DropZone } from '../../components/DropZone';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { useToast } from '../../hooks/useToast';
import { fileBytes } from '../../lib/files';
import { drawOverlay } from '../live/draw';
import { atTau, faceVerdict } from './retau';

/**
 * Drop a photo: every face boxed with its name, or "unknown" with the best
 * candidate. Verdicts follow τ as it moves (the similarities do not change).
 * A wrong name is corrected on the spot: "Not this person" records that this
 * face is not them (vw:faces.rejectProbe) and the photo is recognized again.
 */
export function RecognizePanel({ tau, details }: { tau?: number; details: React.ReactNode }) {
  const client = useClient();
  const toast = useToast();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [photo, setPhoto] = useState<{ name: string; bitmap: ImageBitmap; bytes: Uint8Array }>();
  const [raw, setRaw] = useState<RecognizeResult>();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState<number>();
  /** The row under the pointer, else the one with focus: its face is outlined on the photo. */
  const [pointer, setPointer] = useState<number>();
  const [focused, setFocused] = useState<number>();
  const hover = pointer ?? focused;
  const result = raw && tau !== undefined ? atTau(raw, tau) : raw;

  useEffect(() => {
    const c = canvas.current;
    if (!c || !photo || !result) return;
    const { bitmap } = photo;
    c.width = bitmap.width;
    c.height = bitmap.height;
    const ctx = c.getContext('2d')!;
    const layer = document.createElement('canvas');
    layer.width = bitmap.width;
    layer.height = bitmap.height;
    const scale = Math.max(1, bitmap.width / 640);
    drawOverlay(layer.getContext('2d')!, null, result, scale);
    ctx.drawImage(bitmap, 0, 0);
    ctx.drawImage(layer, 0, 0);
    const face = hover === undefined ? undefined : result.faces[hover];
    if (face) {
      const [x1, y1, x2, y2] = face.box;
      const pad = 6 * scale;
      ctx.lineWidth = 4 * scale;
      ctx.strokeStyle = '#fab005';
      ctx.strokeRect(x1 - pad, y1 - pad, x2 - x1 + 2 * pad, y2 - y1 + 2 * pad);
    }
  }, [photo, result, hover]);

  const recognize = async (file: File): Promise<void> => {
    setBusy(true);
    try {
      const bytes = await fileBytes(file);
      // The engine's verdict first: its typed error explains a bad file better than the browser's decoder.
      const r = await client.call('vw:faces.recognize', { image: bytes, tau });
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      setPhoto({ name: file.name, bitmap, bytes });
      setPointer(undefined);
      setFocused(undefined);
      setRaw(r);
    } catch (err) {
      toast.error(err, `Recognize ${file.name}`);
    } finally {
      setBusy(false);
    }
  };

  /** This face is not the person it was matched to: record it, then read the photo again. */
  const reject = async (i: number, f: RecognizedFace): Promise<void> => {
    const who = f.match;
    if (!photo || !raw || !who) return;
    setRejecting(i);
    try {
      const { detector } = raw;
      await client.call('vw:faces.rejectProbe', {
        image: photo.bytes,
        box: f.box,
        notPersonId: who.personId,
        source: photo.name,
        detector,
      });
      setRaw(await client.call('vw:faces.recognize', { image: photo.bytes, tau, detector }));
      toast.info(
        `Not ${who.name}`,
        `This face in ${photo.name} is no longer matched to ${who.name}. It is kept with ${who.name}'s faces, marked "not ${who.name}"; delete it there to undo.`,
      );
    } catch (err) {
      toast.error(err, `Not ${who.name}`);
    } finally {
      setRejecting(undefined);
    }
  };

  return (
    <div className="workspace" data-testid="recognize-panel">
      <div className="inputs">
        <Panel title="Photo">
          <DropZone label="Photo to recognize" accept="image/*" testId="recognize-drop" onFiles={([f]) => void recognize(f!)} />
          {busy && <ProgressBar label="Recognizing" />}
        </Panel>
        {result && (
          <Panel title="People in the photo">
            <ul className="face-results" aria-label="Recognized people" data-testid="recognize-names">
              {result.faces.map((f, i) => (
                <li
                  key={i}
                  data-name={f.match?.name ?? 'unknown'}
                  onMouseEnter={() => setPointer(i)}
                  onMouseLeave={() => setPointer(undefined)}
                  onFocus={() => setFocused(i)}
                  onBlur={() => setFocused(undefined)}
                >
                  <Badge size="lg" variant="light" color={f.match ? 'green' : 'red'} tt="none">
                    {faceVerdict(f)}
                  </Badge>
                  {f.match && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconUserOff size={12} />}
                      loading={rejecting === i}
                      disabled={rejecting !== undefined && rejecting !== i}
                      aria-label={`Not this person (face ${i + 1}, ${f.match.name})`}
                      onClick={() => void reject(i, f)}
                    >
                      Not this person
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            {result.faces.length === 0 && <Text size="sm">No face found in {photo?.name}.</Text>}
            <Text size="xs" c="dimmed" mt="xs" data-testid="recognize-tau">
              τ = {result.tau.toFixed(2)} · {result.detector} · detect {result.timings.detect.toFixed(0)} ms · embed{' '}
              {result.timings.embed.toFixed(0)} ms
            </Text>
          </Panel>
        )}
      </div>
      <div className="result">
        <Panel title={photo?.name ?? 'Result'} icon={<IconUserScan size={18} aria-hidden="true" />}>
          {!result && (
            <EmptyState icon={<IconUserScan size={30} />} title="Who is in this photo?">
              Drop a photo on the left. Every face is boxed and named from the gallery, or marked unknown with the closest person.
            </EmptyState>
          )}
          <canvas ref={canvas} className="recognize-canvas" hidden={!result} aria-label="Photo with recognized faces" role="img" />
        </Panel>
      </div>
      <div className="details">{details}</div>
    </div>
  );
}
