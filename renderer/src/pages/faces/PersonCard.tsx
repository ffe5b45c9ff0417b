import { useEffect, useState } from 'react';
import { Button, Group, NativeSelect, Paper, Text, TextInput } from '@mantine/core';
import { IconArrowMerge, IconEdit, IconPhoto, IconTrash, IconUserOff } from '@tabler/icons-react';
import type { FaceRecord, Person } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { useToast } from '../../hooks/useToast';
import { Thumbnail } from './Thumbnail';

interface Props {
  person: Person;
  others: Person[];
  onChanged: () => void;
}

/** One person: thumbnail, name, face count; rename, merge and delete (both confirmed), and each face (move to another person, not this person, delete). */
export function PersonCard({ person, others, onChanged }: Props) {
  const client = useClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(person.name);
  const [confirm, setConfirm] = useState<'delete' | 'merge'>();
  const [mergeInto, setMergeInto] = useState('');
  const [open, setOpen] = useState(false);
  const [faces, setFaces] = useState<FaceRecord[]>();
  const [confirmFace, setConfirmFace] = useState<number>();

  const act = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
      onChanged();
    } catch (err) {
      toast.error(err, what);
    }
  };

  // The open list follows the gallery (a merge into this person adds faces).
  useEffect(() => {
    if (!open) return;
    let live = true;
    client.call('vw:faces.faces', { personId: person.id }).then(
      (f) => live && setFaces(f),
      (err: unknown) => toast.error(err, `Faces of ${person.name}`),
    );
    return () => {
      live = false;
    };
  }, [open, person.faces, person.id, person.name, client, toast]);

  const target = others.find((o) => String(o.id) === mergeInto);

  return (
    <li className={open ? 'person open' : 'person'} data-person={person.name}>
      <Paper withBorder p="sm" radius="md" className="card">
        <div className="person-head">
          <Thumbnail faceId={person.thumbnailFaceId} alt={`Face of ${person.name}`} />
          <div style={{ minWidth: 0, flex: 1 }}>
            {editing ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  setEditing(false);
                  void act('Rename', () => client.call('vw:faces.rename', { personId: person.id, name: name.trim() }));
                }}
              >
                <Group gap={4} wrap="nowrap">
                  <TextInput size="xs" aria-label="New name" value={name} onChange={(e) => setName(e.currentTarget.value)} autoFocus />
                  <Button size="xs" type="submit">
                    Save
                  </Button>
                </Group>
              </form>
            ) : (
              <div className="person-name">{person.name}</div>
            )}
            <Text size="xs" c="dimmed">
              {person.faces} face{person.faces === 1 ? '' : 's'} · since {new Date(person.created).toLocaleDateString()}
            </Text>
          </div>
        </div>
        <Group gap={4} mt="xs">
          <Button size="compact-xs" variant="default" leftSection={<IconEdit size={12} />} onClick={() => setEditing((e) => !e)}>
            Rename
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            leftSection={<IconPhoto size={12} />}
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
          >
            Faces
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            color="red"
            leftSection={<IconTrash size={12} />}
            onClick={() => setConfirm('delete')}
          >
            Delete…
          </Button>
        </Group>
        {others.length > 0 && (
          <Group gap={4} mt={6} wrap="nowrap">
            <NativeSelect
              size="xs"
              aria-label={`Merge ${person.name} into`}
              value={mergeInto}
              onChange={(e) => setMergeInto(e.currentTarget.value)}
              data={[{ value: '', label: 'merge into…' }, ...others.map((o) => ({ value: String(o.id), label: o.name }))]}
            />
            <Button
              size="compact-xs"
              variant="default"
              leftSection={<IconArrowMerge size={12} />}
              disabled={!mergeInto}
              onClick={() => setConfirm('merge')}
            >
              Merge…
            </Button>
          </Group>
        )}
        {confirm && (
          <div
            role="alertdialog"
            aria-label={confirm === 'delete' ? `Delete ${person.name}?` : `Merge ${person.name}?`}
            className="confirm"
          >
            <Text size="xs">
              {confirm === 'delete'
                ? `Delete ${person.name} and ${person.faces} face(s)?`
                : `Move all ${person.faces} face(s) of ${person.name} to ${target?.name} and remove ${person.name}?`}
            </Text>
            <Group gap={4} mt={4}>
              <Button
                size="compact-xs"
                color="red"
                onClick={() =>
                  void act(confirm === 'delete' ? 'Delete' : 'Merge', () =>
                    confirm === 'delete'
                      ? client.call('vw:faces.removePerson', { personId: person.id })
                      : client.call('vw:faces.merge', { from: person.id, into: Number(mergeInto) }),
                  ).then(() => setConfirm(undefined))
                }
              >
                {confirm === 'delete' ? 'Yes, delete' : 'Yes, merge'}
              </Button>
              <Button size="compact-xs" variant="default" onClick={() => setConfirm(undefined)}>
                Keep
              </Button>
            </Group>
          </div>
        )}
        {open && faces && (
          <ul className="face-list" aria-label={`Faces of ${person.name}`}>
            {faces.map((f) => (
              <li key={f.id} data-face={f.id} className={f.rejected ? 'rejected' : undefined}>
                <Thumbnail faceId={f.id} alt={`Face ${f.id} from ${f.source}`} />
                <span className="face-meta">
                  {f.source}
                  {f.rejected && (
                    <Text size="xs" c="dimmed" data-testid="face-rejected">
                      not {person.name} — no longer counts
                    </Text>
                  )}
                </span>
                <span className="face-actions">
                  {!f.rejected && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconUserOff size={12} />}
                      onClick={() =>
                        void act('Not this person', async () => {
                          await client.call('vw:faces.reject', { faceId: f.id, notPersonId: person.id });
                          setFaces((fs) => fs?.map((x) => (x.id === f.id ? { ...x, rejected: true } : x)));
                        })
                      }
                    >
                      Not this person
                    </Button>
                  )}
                  {others.length > 0 && (
                    <NativeSelect
                      size="xs"
                      aria-label={`Move face ${f.id} to another person`}
                      value=""
                      onChange={(e) => {
                        const to = others.find((o) => String(o.id) === e.currentTarget.value);
                        if (to)
                          void act(`Move face to ${to.name}`, async () => {
                            await client.call('vw:faces.moveFace', { faceId: f.id, toPersonId: to.id });
                            setFaces((fs) => fs?.filter((x) => x.id !== f.id));
                          });
                      }}
                      data={[{ value: '', label: 'Move to…' }, ...others.map((o) => ({ value: String(o.id), label: o.name }))]}
                    />
                  )}
                  {confirmFace === f.id ? (
                    <Button
                      size="compact-xs"
                      color="red"
                      onClick={() =>
                        void act('Delete face', () => client.call('vw:faces.removeFace', { faceId: f.id })).then(() =>
                          setConfirmFace(undefined),
                        )
                      }
                    >
                      Yes, delete this face
                    </Button>
                  ) : (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={12} />}
                      onClick={() => setConfirmFace(f.id)}
                    >
                      Delete face
                    </Button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Paper>
    </li>
  );
}
