import { useEffect, useRef, useState } from 'react';
import type { DoctorModel, InspectReport, ModelsProgress } from '../../../preload/contract';
import { useClient } from '../client/context';
import { toClientError, type VwClientError } from '../client/errors';
import { DropZone } from '../components/DropZone';
import { ProgressBar } from '../components/ProgressBar';
import { Unavailable } from '../components/Unavailable';
import { useRequest } from '../hooks/useRequest';
import { useShortcuts } from '../hooks/useShortcuts';
import { useToast } from '../hooks/useToast';
import { fileBytes, formatBytes, formatMs } from '../lib/index';
import { InspectorTable } from './models/InspectorTable';
import { AddModelDialog } from './models/AddModelDialog';

type Row = DoctorModel & { format?: string };

export function ModelsPage() {
  const client = useClient();
  const toast = useToast();
  const list = useRequest('vw:models.list', {});
  // The doctor lists the manifest too: shown when the models engine itself is not there yet.
  const doctor = useRequest('vw:app.doctor', {}, list.error?.code === 'E_NOT_AVAILABLE');
  const rows: Row[] | undefined = list.data ?? doctor.data?.models;

  const [progress, setProgress] = useState<ModelsProgress>();
  const [preparing, setPreparing] = useState(false);
  const [chosen, setChosen] = useState('');
  const [report, setReport] = useState<InspectReport>();
  const [inspectError, setInspectError] = useState<VwClientError>();
  const [inspecting, setInspecting] = useState(false);

  // What the last "Prepare all models" did, from its progress events: which models came from the cache, which were built.
  const [prepared, setPrepared] = useState<{ cached: string[]; built: string[]; ms: number }>();
  const outcome = useRef<{ cached: string[]; built: string[] }>({ cached: [], built: [] });
  useEffect(
    () =>
      client.on('vw:models.onDidProgress', (p) => {
        setProgress(p);
        if (p.stage === 'ready') (p.message === 'cached' ? outcome.current.cached : outcome.current.built).push(p.model);
      }),
    [client],
  );

  const prepare = async (): Promise<void> => {
    setPreparing(true);
    setPrepared(undefined);
    outcome.current = { cached: [], built: [] };
    const t0 = performance.now();
    try {
      await client.call('vw:models.prepare', {});
      setPrepared({ ...outcome.current, ms: performance.now() - t0 });
      list.reload();
    } catch (err) {
      toast.error(err, 'Prepare models');
    } finally {
      setPreparing(false);
      setProgress(undefined);
    }
  };

  const inspect = async (req: { model?: string; onnx?: Uint8Array }, label: string): Promise<void> => {
    setInspecting(true);
    setInspectError(undefined);
    try {
      setReport(await client.call('vw:models.inspect', req));
    } catch (err) {
      const e = toClientError(err);
      setInspectError(e);
      setReport(undefined);
      if (e.code !== 'E_NOT_AVAILABLE') toast.error(e, `Inspect ${label}`);
    } finally {
      setInspecting(false);
    }
  };

  useShortcuts({ 'Ctrl+Enter': () => chosen && void inspect({ model: chosen }, chosen) });

  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">Models</h1>
      {list.error && <Unavailable what="The model list" error={list.error} />}
      {list.error?.code === 'E_NOT_AVAILABLE' && doctor.data && (
        <p className="muted">The manifest as `vw:app.doctor` reports it is shown below.</p>
      )}
      {(list.loading || doctor.loading) && !rows && <p className="muted">Loading…</p>}
      {rows && (
        <div className="card table-wrap">
          <table className="data" aria-label="Models" data-testid="models-table">
            <thead>
              <tr>
                <th>Model</th>
                <th>Task</th>
                <th>Source</th>
                <th>License</th>
                <th>Size</th>
                <th>sha256</th>
                <th>Execution provider</th>
                <th>Load time</th>
                <th>Present</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id} data-model={m.id}>
                  <td>
                    <code>{m.id}</code>
                  </td>
                  <td>{m.task}</td>
                  <td className="wrap">{m.source}</td>
                  <td data-testid="model-license">{m.license}</td>
                  <td>{formatBytes(m.bytes)}</td>
                  <td title={m.sha256}>
                    {m.sha256 ? <code>{m.sha256.slice(0, 12)}…</code> : '—'}{' '}
                    {m.sha256Ok === false && <strong className="bad">mismatch</strong>}
                  </td>
                  <td>{m.executionProvider ?? '—'}</td>
                  <td>{formatMs(m.loadMs)}</td>
                  <td>{m.present ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="muted">No models in the manifest.</p>}
          <div className="row">
            <button type="button" onClick={() => void prepare()} disabled={preparing || !!list.error}>
              Prepare all models
            </button>
            {preparing && (
              <ProgressBar fraction={progress?.fraction} label={`Preparing ${progress?.model ?? ''} ${progress?.stage ?? ''}`} />
            )}
            {preparing && progress && (
              <span className="muted">
                {progress.model}: {progress.stage} {progress.message}
              </span>
            )}
            {prepared && (
              <span role="status" data-testid="prepare-result">
                {prepared.cached.length + prepared.built.length} models ready · {prepared.cached.length} verified in the cache,{' '}
                {prepared.built.length} built{prepared.built.length ? ` (${prepared.built.join(', ')})` : ''} · {formatMs(prepared.ms)}
              </span>
            )}
          </div>
        </div>
      )}

      <AddModelDialog onAdded={list.reload} />
      <div className="card">
        <h2>Inspector</h2>
        <div className="row">
          <label>
            Model{' '}
            <select aria-label="Model to inspect" value={chosen} onChange={(e) => setChosen(e.target.value)}>
              <option value="">choose…</option>
              {rows?.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.id}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={!chosen || inspecting}
            onClick={() => void inspect({ model: chosen }, chosen)}
            aria-keyshortcuts="Control+Enter"
          >
            Inspect <kbd>Ctrl+Enter</kbd>
          </button>
          <DropZone
            label="ONNX file"
            accept=".onnx"
            testId="onnx-drop"
            onFiles={async ([f]) => void inspect({ onnx: await fileBytes(f!) }, f!.name)}
          />
        </div>
        {inspecting && <ProgressBar label="Inspecting" />}
        {inspectError?.code === 'E_NOT_AVAILABLE' && <Unavailable what="The model inspector" error={inspectError} />}
        {report && <InspectorTable report={report} />}
      </div>
    </section>
  );
}
