import { useRef } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { IconDatabaseExport, IconDatabaseImport, IconUsersGroup } from '@tabler/icons-react';
import type { Person } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { useToast } from '../../hooks/useToast';
import { download, fileBytes } from '../../lib/files';
import { PersonCard } from './PersonCard';

/** Everyone enrolled, with export (a JSON backup) and import (idempotent on the engine side). */
export function GalleryPanel({ people, onChanged }: { people: Person[] | undefined; onChanged: () => void }) {
  const client = useClient();
  const toast = useToast();
  const picker = useRef<HTMLInputElement>(null);

  const exportGallery = async (): Promise<void> => {
    try {
      const { json } = await client.call('vw:faces.export', {});
      download(json, `gallery-${new Date().toISOString().slice(0, 10)}.json`, 'application/json');
    } catch (err) {
      toast.error(err, 'Export the gallery');
    }
  };
  const importGallery = async (file: File): Promise<void> => {
    try {
      const r = await client.call('vw:faces.import', { json: await fileBytes(file) });
      toast.info(
        `Imported ${r.persons} ${r.persons === 1 ? 'person' : 'people'}, ${r.faces} face${r.faces === 1 ? '' : 's'} from ${file.name}`,
        r.reembedded ? `${r.reembedded} faces were re-embedded with this app's model.` : undefined,
      );
      onChanged();
    } catch (err) {
      toast.error(err, `Import ${file.name}`);
    }
  };

  return (
    <Panel
      title={`Gallery${people ? ` · ${people.length} ${people.length === 1 ? 'person' : 'people'}` : ''}`}
      icon={<IconUsersGroup size={18} aria-hidden="true" />}
      actions={
        <Group gap={6}>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconDatabaseExport size={14} />}
            onClick={() => void exportGallery()}
            disabled={!people?.length}
          >
            Export gallery
          </Button>
          <Button size="xs" variant="default" leftSection={<IconDatabaseImport size={14} />} onClick={() => picker.current?.click()}>
            Import gallery…
          </Button>
          <input
            ref={picker}
            type="file"
            hidden
            accept=".json,application/json"
            aria-label="Gallery file to import"
            data-testid="gallery-import"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importGallery(f);
            }}
          />
        </Group>
      }
    >
      {people && people.length === 0 && (
        <EmptyState icon={<IconUsersGroup size={30} />} title="Nobody enrolled yet">
          Open the Enroll tab and add a person from a few photos or the webcam, or import a gallery exported before.
        </EmptyState>
      )}
      {!people && <Text c="dimmed">Loading…</Text>}
      <ul className="gallery" aria-label="Gallery" data-testid="gallery">
        {people?.map((p) => (
          <PersonCard key={p.id} person={p} others={people.filter((o) => o.id !== p.id)} onChanged={onChanged} />
        ))}
      </ul>
    </Panel>
  );
}
