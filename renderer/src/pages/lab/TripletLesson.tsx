import { useEffect, useState } from 'react';
import { Group, Loader, NumberInput, Table, Text } from '@mantine/core';
import { IconTriangle } from '@tabler/icons-react';
import type { LabTripletRequest, LabTripletResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { fileBytes } from '../../lib/files';
import { Panel } from '../../components/Panel';
import { GalleryPersonalization } from './GalleryPersonalization';

/** "obama2.jpg" → "obama", "alex_lacamoire1.jpg" → "alex_lacamoire": the person is the file name without trailing digits. */
export const personOf = (file: string): string =>
  file
    .replace(/\.[^.]+$/, '')
    .replace(/[\s_-]*\d+$/, '')
    .toLowerCase();

type Images = LabTripletRequest['images'];

/** Triplet loss on the user's pictures, hardest triplets first, and a learned projection judged on held-out pictures. */
export function TripletLesson() {
  const client = useClient();
  const [train, setTrain] = useState<Images>([]);
  const [held, setHeld] = useState<Images>([]);
  const [alpha, setAlpha] = useState(0.2);
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState<{ key: string; result?: LabTripletResult; error?: VwClientError }>();
  const key = `${version} ${alpha}`;
  const images = [...train, ...held];
  const ready = train.length >= 3;
  const busy = ready && settled?.key !== key;
  const r = settled?.result;

  useEffect(() => {
    if (train.length < 3) return;
    let live = true;
    client.call('vw:lab.triplet', { images: [...train, ...held], alpha }).then(
      (res) => live && setSettled({ key, result: res }),
      (err: unknown) => live && setSettled((prev) => ({ key, result: prev?.result, error: toClientError(err) })),
    );
    return () => {
      live = false;
    };
  }, [client, train, held, alpha, key]);

  const take = (heldOut: boolean) => async (files: File[]) => {
    const list = await Promise.all(files.map(async (f) => ({ name: f.name, person: personOf(f.name), heldOut, data: await fileBytes(f) })));
    (heldOut ? setHeld : setTrain)(list);
    setVersion((v) => v + 1);
  };
  const nm = (i: number) => (r ? `${r.faces[i]!.name}` : '');

  return (
    <div className="stack">
      <Panel title="Triplet loss and personalisation" icon={<IconTriangle size={18} />}>
        <Text size="sm" c="dimmed" mb="sm">
          L(A, P, N) = max(d(A, P) − d(A, N) + α, 0) with d = ‖f(x1) − f(x2)‖². The person is read from the file name (obama2.jpg → obama).
          Held-out pictures never train; they score verification before and after a learned per-dimension projection, which is kept only if
          it does better.
        </Text>
        <div className="drop-grid">
          <DropZone label="Training pictures" accept="image/*" multiple compact testId="triplet-train" onFiles={take(false)} />
          <DropZone label="Held-out pictures" accept="image/*" multiple compact testId="triplet-heldout" onFiles={take(true)} />
        </div>
        <NumberInput
          mt="sm"
          label="α"
          min={0}
          max={4}
          step={0.1}
          decimalScale={2}
          w={100}
          value={alpha}
          onChange={(v) => setAlpha(Math.min(4, Math.max(0, Number(v) || 0)))}
        />
        {images.length > 0 && (
          <Text size="xs" c="dimmed" mt="sm" data-testid="triplet-people">
            {images.map((i) => `${i.name} → ${i.person}${i.heldOut ? ' (held out)' : ''}`).join(' · ')}
          </Text>
        )}
        {busy && (
          <Group gap="xs" mt="sm">
            <Loader size="xs" />
            <Text size="sm">Encoding and training…</Text>
          </Group>
        )}
        {settled?.error && settled.key === key && (
          <Text size="sm" c="red" mt="sm" role="alert">
            {settled.error.message}
          </Text>
        )}
      </Panel>
      {r && (
        <Panel title="Hardest triplets" testId="triplet">
          <Text size="sm" mb="xs">
            <span data-testid="triplet-count">{r.tripletCount}</span> training triplets, α = {r.alpha}: J = Σ L ={' '}
            <strong data-testid="triplet-j">{r.j.toFixed(4)}</strong>
          </Text>
          <Table striped withTableBorder className="numbers" data-testid="triplet-table" aria-label="Hardest triplets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>A</Table.Th>
                <Table.Th>P</Table.Th>
                <Table.Th>N</Table.Th>
                <Table.Th className="num">d(A, P)</Table.Th>
                <Table.Th className="num">d(A, N)</Table.Th>
                <Table.Th className="num">L</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.triplets.slice(0, 10).map((t, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{nm(t.anchor)}</Table.Td>
                  <Table.Td>{nm(t.positive)}</Table.Td>
                  <Table.Td>{nm(t.negative)}</Table.Td>
                  <Table.Td className="num">{t.dAP.toFixed(3)}</Table.Td>
                  <Table.Td className="num">{t.dAN.toFixed(3)}</Table.Td>
                  <Table.Td className="num">{t.loss.toFixed(3)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {r.projection ? (
            <Text size="sm" mt="sm" data-testid="triplet-projection">
              Projection ({r.projection.steps} steps): J {r.j.toFixed(4)} → {r.projection.jAfter.toFixed(4)}; held-out verification on{' '}
              {r.projection.heldOutPairs} pairs: accuracy {r.projection.accuracyBefore.toFixed(3)} → {r.projection.accuracyAfter.toFixed(3)}{' '}
              — <strong>{r.projection.adopted ? 'adopted' : 'not adopted (no gain on held-out pairs)'}</strong>
            </Text>
          ) : (
            <Text size="sm" c="dimmed" mt="sm" data-testid="triplet-projection">
              Add held-out pictures to learn and judge a projection.
            </Text>
          )}
        </Panel>
      )}
      <GalleryPersonalization />
    </div>
  );
}
