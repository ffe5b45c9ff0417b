import { useState } from 'react';
import type { FaceRecord, Person } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { useToast } from '../../hooks/useToast';
import { Thumbnail } from './Thumbnail';

interface Props {
  person: Person;
  others: Person[];
  onChanged: () => void;
}

/** One person: thumbnail, name, face count; rename, merge, delete (confirmed), and their faces. */
export function PersonCard({ person, others, onChanged }: Props) {
  const client = useClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(person.name);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [mergeInto, setMergeInto] = useState('');
  const [faces, setFaces] = useState<FaceRecord[]>();

  const act = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
      onChanged();
    } catch (err) {
      toast.error(err, what);
    }
  };

  const loadFaces = async (): Promise<void> => {
    try {
      setFaces(faces ? undefined : await client.call('vw:faces.faces', { personId: person.id }));
    } catch (err) {
      toast.error(err, 'Faces of ' + person.name);
    }
  };

  return (
    <li className="person card" data-person={person.name}>
      <Thumbnail faceId={person.thumbnailFaceId} alt={`Face of ${person.name}`} />
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setEditing(false);
            void act('Rename', () => client.call('vw:faces.rename', { personId: person.id, name: name.trim() }));
          }}
        >
          <input aria-label="New name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit">Save</button>
        </form>
      ) : (
        <div className="person-name">{person.name}</div>
      )}
      <div className="muted">
        {person.faces} face{person.faces === 1 ? '' : 's'}
      </div>
      <div className="row small">
        <button type="button" onClick={() => setEditing((e) => !e)}>
          Rename
        </button>
        <button type="button" onClick={() => void loadFaces()} aria-expanded={!!faces}>
          Faces
        </button>
        {confirmDelete ? (
          <span role="alertdialog" aria-label={`Delete ${person.name}?`}>
            Delete {person.name} and {person.faces} face(s)?{' '}
            <button
              type="button"
              className="danger"
              onClick={() => void act('Delete', () => client.call('vw:faces.removePerson', { personId: person.id }))}
            >
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirmDelete(true)}>
            Delete…
          </button>
        )}
      </div>
      {others.length > 0 && (
        <div className="row small">
          <select aria-label={`Merge ${person.name} into`} value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
            <option value="">merge into…</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!mergeInto}
            onClick={() => void act('Merge', () => client.call('vw:faces.merge', { from: person.id, into: Number(mergeInto) }))}
          >
            Merge
          </button>
        </div>
      )}
      {faces && (
        <ul className="face-list">
          {faces.map((f) => (
            <li key={f.id} data-face={f.id} className={f.rejected ? 'rejected' : undefined}>
              <Thumbnail faceId={f.id} alt={`Face ${f.id} from ${f.source}`} />
              <span className="muted">{f.source}</span>
              {f.rejected ? (
                <span className="muted" data-testid="face-rejected">
                  not {person.name} — no longer counts
                </span>
              ) : (
                <button
                  type="button"
                  onClick={() =>
                    void act('Not this person', async () => {
                      await client.call('vw:faces.reject', { faceId: f.id, notPersonId: person.id });
                      setFaces((fs) => fs?.map((x) => (x.id === f.id ? { ...x, rejected: true } : x)));
                    })
                  }
                >
                  Not this person
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
