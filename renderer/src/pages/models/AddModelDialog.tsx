/**
 * Optional models (issue 15): list them with their license and state, and
 * add one only after the user has read what its license means and accepted it
 * — then download with progress. The same gate as
 * `vws models add <id> --accept-license <SPDX>`; the host checks it again.
 */
import { useEffect, useId, useState } from 'react';
import { Alert, Button, Checkbox, Group, Paper, Text, Title } from '@mantine/core';
import { IconDownload, IconLicense } from '@tabler/icons-react';
import type { ModelInfo, ModelsProgress } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { useRequest } from '../../hooks/useRequest';
import { formatBytes } from '../../lib/index';

export function AddModelDialog({ onAdded }: { onAdded?: () => void }) {
  const client = useClient();
  const list = useRequest('vw:models.list', {});
  const optional = (list.data ?? []).filter((m) => m.optional && m.licenseGate);
  const [open, setOpen] = useState<ModelInfo>();
  if (list.error || optional.length === 0) return null;
  return (
    <Panel title="Optional models" icon={<IconLicense size={18} aria-hidden="true" />} testId="optional-models">
      <Text size="sm" c="dimmed">
        Not part of the app and never downloaded unless you ask: their licenses differ from the app’s (MIT). Adding one downloads it into
        your models folder.
      </Text>
      <ul className="optional-models">
        {optional.map((m) => (
          <li key={m.id} data-model={m.id}>
            <Group gap="xs" wrap="nowrap">
              <code>{m.id}</code>
              <Text size="sm">
                {m.license} · {m.present ? 'added' : 'not downloaded'}
              </Text>
              {!m.present && (
                <Button size="compact-sm" variant="default" leftSection={<IconDownload size={14} />} onClick={() => setOpen(m)}>
                  Add {m.id}…
                </Button>
              )}
            </Group>
          </li>
        ))}
      </ul>
      {open && (
        <LicenseDialog
          model={open}
          client={client}
          onClose={(added) => {
            setOpen(undefined);
            if (added) {
              list.reload();
              onAdded?.();
            }
          }}
        />
      )}
    </Panel>
  );
}

function LicenseDialog({
  model,
  client,
  onClose,
}: {
  model: ModelInfo;
  client: ReturnType<typeof useClient>;
  onClose: (added: boolean) => void;
}) {
  const gate = model.licenseGate!;
  const titleId = useId();
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ModelsProgress>();
  const [error, setError] = useState<VwClientError>();
  useEffect(() => client.on('vw:models.onDidProgress', (p) => p.model === model.id && setProgress(p)), [client, model.id]);

  const add = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await client.call('vw:models.add', { ids: [model.id], acceptLicense: [gate.accept] });
      onClose(true);
    } catch (err) {
      setError(toClientError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      className="card"
      data-testid="license-dialog"
    >
      <Title order={4} id={titleId}>
        Add {model.id} — {model.license}
      </Title>
      {gate.description && <Text size="sm">{gate.description}</Text>}
      <Text size="sm">{gate.summary}</Text>
      <Text size="sm">
        Full license text:{' '}
        <a href={gate.url} target="_blank" rel="noreferrer">
          {gate.url}
        </a>
        . Download: {formatBytes(gate.downloadBytes)}, checked against its pinned integrity before anything is kept. Command line:{' '}
        <code>{gate.command}</code>
      </Text>
      <Checkbox
        my="sm"
        checked={accepted}
        disabled={busy}
        onChange={(e) => setAccepted(e.currentTarget.checked)}
        label={`I accept the ${gate.accept} license for ${model.id}`}
      />
      <Group gap="sm">
        <Button disabled={!accepted || busy} leftSection={<IconDownload size={14} />} onClick={() => void add()}>
          Download {model.id}
        </Button>
        <Button variant="default" disabled={busy} onClick={() => onClose(false)}>
          Cancel
        </Button>
        {busy && <ProgressBar fraction={progress?.fraction} label={`Adding ${model.id}: ${progress?.stage ?? 'starting'}`} />}
        {busy && progress?.message && <span className="muted">{progress.message}</span>}
      </Group>
      {error && (
        <Alert color="red" mt="sm" role="alert" title={`${model.id} could not be added`}>
          {error.message} {error.hint}
          <Text size="xs" c="dimmed">
            Details: {error.code}
          </Text>
        </Alert>
      )}
    </Paper>
  );
}
