import { useState } from 'react';
import { Alert, Badge, Button, Group, Text, TextInput } from '@mantine/core';
import { IconDatabase, IconPlugConnected, IconServer } from '@tabler/icons-react';
import type { GalleryStoreInfo } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { Panel } from '../../components/Panel';
import { useRequest } from '../../hooks/useRequest';
import { readableError } from '../../lib/errors';

const SOURCE: Record<GalleryStoreInfo['source'], string> = {
  default: 'the default',
  settings: "this app's setting",
  option: 'the --gallery flag of this host',
  env: 'VWS_GALLERY of this host',
};

/**
 * Where the gallery lives: this computer's SQLite file (the default) or a team
 * gallery on PostgreSQL that several workstations share. Switching is checked
 * by the engine first (the server must answer), then saved for the next start.
 */
export function GalleryStorePanel({ onSwitched }: { onSwitched: () => void }) {
  const client = useClient();
  const store = useRequest('vw:faces.store', {});
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<VwClientError>();
  const info = store.data;

  const use = async (target: string | null): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await client.call('vw:faces.useStore', { url: target });
      setUrl('');
      store.reload();
      onSwitched();
    } catch (err) {
      setError(toClientError(err));
    } finally {
      setBusy(false);
    }
  };
  const shown = error && readableError(error, url ? 'Connect to the team gallery' : 'Switch the gallery');

  return (
    <Panel title="Where the gallery lives" icon={<IconDatabase size={18} aria-hidden="true" />} testId="gallery-store">
      {info && (
        <Group gap="xs" mb="xs" wrap="nowrap" align="baseline">
          <Badge variant="light" leftSection={info.kind === 'postgres' ? <IconServer size={12} /> : <IconDatabase size={12} />}>
            {info.kind === 'postgres' ? 'Team · PostgreSQL' : 'This computer · SQLite'}
          </Badge>
          <Text size="sm" className="gallery-location" data-testid="gallery-location">
            {info.location}
          </Text>
        </Group>
      )}
      {info && (
        <Text size="xs" c="dimmed" mb="sm">
          Chosen by {SOURCE[info.source]}.{' '}
          {info.kind === 'postgres'
            ? 'Enrollments, renames and deletes from other workstations on this server appear here within a second.'
            : 'A team gallery on PostgreSQL lets several workstations enroll once and recognize everywhere.'}
        </Text>
      )}
      {!info && store.error && (
        <Text size="sm" c="red" role="alert">
          {readableError(store.error, 'Read where the gallery lives').title}
        </Text>
      )}
      {!info && !store.error && (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      )}
      {info && !info.changeable && (
        <Text size="sm" data-testid="gallery-store-fixed">
          {info.why}
        </Text>
      )}
      {info?.changeable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (url.trim()) void use(url.trim());
          }}
        >
          <TextInput
            label="PostgreSQL URL"
            description="postgres://user@host:5432/database?sslmode=verify-full — a password in the URL is kept in this computer's settings file, readable by you only."
            placeholder="postgres://vws@db.example.org/faces"
            value={url}
            disabled={busy}
            onChange={(e) => setUrl(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <Group gap="sm" mt="sm">
            <Button type="submit" size="xs" loading={busy} disabled={!url.trim()} leftSection={<IconPlugConnected size={14} />}>
              Use this team gallery
            </Button>
            {info.kind === 'postgres' && (
              <Button size="xs" variant="default" disabled={busy} onClick={() => void use(null)}>
                Back to this computer's gallery
              </Button>
            )}
          </Group>
        </form>
      )}
      {shown && (
        <Alert color="red" mt="sm" role="alert" title={shown.title}>
          {shown.body ?? 'The gallery in use has not changed.'}
          <Text size="xs" c="dimmed">
            Details: {error!.code}
          </Text>
        </Alert>
      )}
    </Panel>
  );
}
