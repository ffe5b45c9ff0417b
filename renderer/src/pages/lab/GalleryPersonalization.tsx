import { useState } from 'react';
import { Badge, Button, Group, Text } from '@mantine/core';
import { IconSparkles, IconTrash } from '@tabler/icons-react';
import type { PersonalizeResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { Panel } from '../../components/Panel';
import { useRequest } from '../../hooks/useRequest';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * The gallery's personalization (issue #17 item 8): learn the projection on the
 * gallery's own faces (kept only when held-out accuracy at τ rises), see what
 * is applied, remove it.
 */
export function GalleryPersonalization() {
  const client = useClient();
  const status = useRequest('vw:faces.personalization', {});
  const [busy, setBusy] = useState<'train' | 'remove'>();
  const [last, setLast] = useState<PersonalizeResult>();
  const [error, setError] = useState<VwClientError>();
  const p = status.data?.projection;

  const act = async (what: 'train' | 'remove') => {
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'train') setLast(await client.call('vw:faces.personalize', {}));
      else {
        await client.call('vw:faces.removePersonalization', {});
        setLast(undefined);
      }
    } catch (err) {
      setError(toClientError(err));
    } finally {
      setBusy(undefined);
      status.reload();
    }
  };

  return (
    <Panel
      title="Personalize the gallery"
      icon={<IconSparkles size={18} />}
      testId="personalization"
      actions={
        <Group gap="xs">
          <Button size="xs" loading={busy === 'train'} disabled={!!busy} onClick={() => void act('train')} data-testid="personalize-train">
            Learn from the gallery
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconTrash size={14} />}
            loading={busy === 'remove'}
            disabled={!!busy || !status.data?.active}
            onClick={() => void act('remove')}
            data-testid="personalize-remove"
          >
            Remove
          </Button>
        </Group>
      }
    >
      <Text size="sm" c="dimmed" mb="xs">
        The same projection, learned on the faces enrolled on the Faces page: every third face of a person is held out, and the projection
        is kept only if it raises verification accuracy on the held-out pairs at the gallery’s τ. While kept, verify and recognize project
        both sides and say so.
      </Text>
      <Group gap="xs" data-testid="personalization-status">
        {status.data?.active ? (
          <Badge color="teal" variant="light">
            Applied
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            Not applied
          </Badge>
        )}
        {status.data && (
          <Text size="xs" c="dimmed">
            embeddings {status.data.model}@{status.data.version}
          </Text>
        )}
      </Group>
      {p && (
        <Text size="sm" mt="xs" data-testid="personalization-active">
          Held-out accuracy at τ {p.tau}: {pct(p.accuracyBefore)} → {pct(p.accuracyAfter)} on {p.heldOutPairs} pairs ({p.trainFaces} faces
          trained, {p.heldOutFaces} held out), learned {new Date(p.trained).toLocaleString()}.
        </Text>
      )}
      {last && (
        <Text size="sm" mt="xs" data-testid="personalization-last">
          Last training: {last.triplets} triplets, mean loss {last.meanLossBefore.toFixed(4)} → {last.meanLossAfter.toFixed(4)} in{' '}
          {last.steps} steps; held-out accuracy {pct(last.accuracyBefore)} → {pct(last.accuracyAfter)} —{' '}
          <strong>{last.adopted ? 'adopted' : 'not adopted, the gallery is unchanged'}</strong>
        </Text>
      )}
      {(error ?? status.error) && (
        <Text size="sm" c="red" mt="xs" role="alert">
          {(error ?? status.error)!.message}
          {(error ?? status.error)!.hint ? ` ${(error ?? status.error)!.hint}` : ''}
        </Text>
      )}
    </Panel>
  );
}
