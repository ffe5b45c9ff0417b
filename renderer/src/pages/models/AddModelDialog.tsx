/**
 * Optional models (issue 15): list them with their license and state, and
 * add one only after the user has read what its license means and accepted it
 * — then download with progress. The same gate as
 * `vws models add <id> --accept-license <SPDX>`; the host checks it again.
 */
import { useEffect, useId, useState } from 'react';
import type { ModelInfo, ModelsProgress } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
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
    <div className="card" data-testid="optional-models">
      <h2>Optional models</h2>
      <p className="muted">
        Not part of the app and never downloaded unless you ask: their licenses differ from the app’s (MIT). Adding one downloads it into
        your models folder.
      </p>
      <ul>
        {optional.map((m) => (
          <li key={m.id} data-model={m.id}>
            <code>{m.id}</code> · {m.license} · {m.present ? 'added' : 'not downloaded'}{' '}
            {!m.present && (
              <button type="button" onClick={() => setOpen(m)}>
                Add {m.id}…
              </button>
            )}
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
    </div>
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
    <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="card" data-testid="license-dialog">
      <h3 id={titleId}>
        Add {model.id} — {model.license}
      </h3>
      {gate.description && <p>{gate.description}</p>}
      <p>{gate.summary}</p>
      <p>
        Full license text:{' '}
        <a href={gate.url} target="_blank" rel="noreferrer">
          {gate.url}
        </a>
        . Download: {formatBytes(gate.downloadBytes)}, checked against its pinned integrity before anything is kept. Command line:{' '}
        <code>{gate.command}</code>
      </p>
      <label>
        <input type="checkbox" checked={accepted} disabled={busy} onChange={(e) => setAccepted(e.target.checked)} /> I accept the{' '}
        {gate.accept} license for {model.id}
      </label>
      <div className="row">
        <button type="button" disabled={!accepted || busy} onClick={() => void add()}>
          Download {model.id}
        </button>
        <button type="button" disabled={busy} onClick={() => onClose(false)}>
          Cancel
        </button>
        {busy && <ProgressBar fraction={progress?.fraction} label={`Adding ${model.id}: ${progress?.stage ?? 'starting'}`} />}
        {busy && progress?.message && <span className="muted">{progress.message}</span>}
      </div>
      {error && (
        <p role="alert" className="bad">
          {error.code}: {error.message} {error.hint}
        </p>
      )}
    </div>
  );
}
