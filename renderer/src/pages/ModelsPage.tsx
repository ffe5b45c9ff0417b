import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Button, CopyButton, NativeSelect, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconSearch } from '@tabler/icons-react';
import type { DoctorModel, InspectReport, LabNetworkId, ModelsProgress } from '../../../preload/contract';
import { useClient } from '../client/context';
import { toClientError, type VwClientError } from '../client/errors';
import { DropZone } from '../components/DropZone';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ProgressBar } from '../components/ProgressBar';
import { Unavailable } from '../components/Unavailable';
import { useRequest } from '../hooks/useRequest';
import { useShortcuts } from '../hooks/useShortcuts';
import { useToast } from '../hooks/useToast';
import { fileBytes, formatBytes, formatMs } from '../lib/index';
import { InspectorTable } from './models/InspectorTable';
import { AddModelDialog } from './models/AddModelDialog';
import { ImportedModels } from './models/ImportedModels';

type Row = DoctorModel & { format?: string };

export function ModelsPage() {
  const client = useClient();
  const toast = useToast();
  const list = useRequest('vw:models.list', {});
  // Imported detectors can be inspected too (by id).
  const detectors = useRequest('vw:detection.models', {});
  const imported = (detectors.data ?? []).filter((m) => !m.optional && m.family !== 'centernet');
  // The classic networks of the notes (issue #17), as architecture descriptions: the same table, no weights.
  const networks = useRequest('vw:lab.networks', {});
  // The doctor lists the manifest too: shown when the models engine itself is not there yet.
  const doctor = useRequest('vw:app.doctor', {}, list.error?.code === 'E_NOT_AVAILABLE');
  const rows: Row[] | undefined = list.data ?? doctor.data?.models;

  const [progress, setProgress] = useState<ModelsProgress>();
  const [preparing, setPreparing] = useState(false);
  const [chosen, setChosen] = useState('');
  const [report, setReport] = useState<InspectReport & { source?: string }>();
  const [inspectError, setInspectError] = useState<VwClientError>();
  const [inspecting, setInspecting] = useState(false);
  // The file dropped on the inspector (named in its report), and an input shape to try.
  const [dropped, setDropped] = useState<{ name: string; bytes: Uint8Array }>();
  const [shapeText, setShapeText] = useState('');
  const shape = shapeText.trim()
    ? shapeText
        .split(/[\s,×x]+/)
        .filter(Boolean)
        .map(Number)
    : undefined;
  const shapeBad = !!shape && shape.some((n) => !Number.isInteger(n) || n <= 0);

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
    if (shapeBad) return;
    setInspecting(true);
    setInspectError(undefined);
    try {
      const r = await client.call('vw:models.inspect', { ...req, inputShape: shape });
      // A dropped file has no model id: its report carries the file's name.
      setReport(req.onnx ? { ...r, model: label } : r);
    } catch (err) {
      const e = toClientError(err);
      setInspectError(e);
      setReport(undefined);
      if (e.code !== 'E_NOT_AVAILABLE') toast.error(e, `Inspect ${label}`);
    } finally {
      setInspecting(false);
    }
  };

  const inspectNetwork = async (id: LabNetworkId): Promise<void> => {
    setInspecting(true);
    setInspectError(undefined);
    try {
      const r = await client.call('vw:lab.network', { id });
      setReport({ ...r, model: r.title });
    } catch (err) {
      setInspectError(toClientError(err));
      setReport(undefined);
      toast.error(err, `Inspect ${id}`);
    } finally {
      setInspecting(false);
    }
  };

  const inspectChosen = (): void => {
    if (chosen.startsWith(NETWORK)) void inspectNetwork(chosen.slice(NETWORK.length) as LabNetworkId);
    else if (chosen === DROPPED && dropped) void inspect({ onnx: dropped.bytes }, dropped.name);
    else if (chosen) void inspect({ model: chosen }, chosen);
  };
  useShortcuts({ 'Ctrl+Enter': inspectChosen });

  return (
    <section aria-labelledby="models-title" className="page-models">
      <PageHeader
        id="models-title"
        title="Models"
        description="What is in the model cache, where it came from, its licence, and how each loaded session runs."
        actions={
          <Button leftSection={<IconDownload size={16} />} onClick={() => void prepare()} disabled={preparing || !!list.error}>
            Prepare all models
          </Button>
        }
      />
      {list.error && <Unavailable what="The model list" error={list.error} />}
      {list.error?.code === 'E_NOT_AVAILABLE' && doctor.data && (
        <p className="muted">The manifest as `vw:app.doctor` reports it is shown below.</p>
      )}
      {(preparing || prepared) && (
        <div className="row">
          {preparing && <ProgressBar fraction={progress?.fraction} label={`Preparing ${progress?.model ?? ''} ${progress?.stage ?? ''}`} />}
          {preparing && progress && (
            <span className="muted">
              {progress.model}: {progress.stage} {progress.message}
            </span>
          )}
          {prepared && (
            <span role="status" data-testid="prepare-result">
              {prepared.cached.length + prepared.built.length} models ready · {prepared.cached.length} verified in the cache,{' '}
              {prepared.built.length} built
              {prepared.built.length ? ` (${prepared.built.join(', ')})` : ''} · {formatMs(prepared.ms)}
            </span>
          )}
        </div>
      )}
      {(list.loading || doctor.loading) && !rows && <p className="muted">Loading…</p>}
      {rows && (
        <Panel title={`Model cache · ${rows.length} models`}>
          <div className="table-wrap">
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
                    <td className="wrap source">{m.source}</td>
                    <td data-testid="model-license">{m.license}</td>
                    <td className="num nowrap">{formatBytes(m.bytes)}</td>
                    <td>
                      {m.sha256 ? (
                        <span className="row" style={{ gap: 2, flexWrap: 'nowrap' }}>
                          <code title={m.sha256}>{m.sha256.slice(0, 10)}…</code>
                          <CopyButton value={m.sha256}>
                            {({ copied, copy }) => (
                              <Tooltip label={copied ? 'Copied' : 'Copy the full sha256'}>
                                <ActionIcon size="sm" variant="subtle" onClick={copy} aria-label={`Copy the sha256 of ${m.id}`}>
                                  {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                                </ActionIcon>
                              </Tooltip>
                            )}
                          </CopyButton>
                        </span>
                      ) : (
                        '—'
                      )}{' '}
                      {m.sha256Ok === false && <strong className="bad">mismatch</strong>}
                    </td>
                    <td>{m.executionProvider ?? <span className="muted">not loaded</span>}</td>
                    <td className="num">{m.loadMs !== undefined ? formatMs(m.loadMs) : '—'}</td>
                    <td>
                      <span className={m.present ? 'ok' : 'bad'}>{m.present ? 'yes' : 'no'}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length === 0 && <p className="muted">No models in the manifest.</p>}
        </Panel>
      )}

      <AddModelDialog onAdded={list.reload} />
      <ImportedModels />
      <Panel title="Inspector" icon={<IconSearch size={18} aria-hidden="true" />}>
        <div className="row" style={{ alignItems: 'flex-end' }}>
          <NativeSelect
            label="Model"
            aria-label="Model to inspect"
            value={chosen}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data={[
              { value: '', label: 'choose…' },
              {
                group: 'ONNX models',
                items: [
                  ...(rows ?? []).map((m) => ({ value: m.id, label: m.id })),
                  ...imported.map((m) => ({ value: m.id, label: `${m.id} (imported)` })),
                  ...(dropped ? [{ value: DROPPED, label: dropped.name }] : []),
                ],
              },
              {
                group: 'Classic networks (architecture only)',
                items: (networks.data ?? []).map((n) => ({ value: `${NETWORK}${n.id}`, label: n.title })),
              },
            ]}
            w={220}
          />
          <TextInput
            label="Input shape"
            placeholder="from the model, e.g. 1 3 224 224"
            value={shapeText}
            onChange={(e) => setShapeText(e.currentTarget.value)}
            error={shapeBad ? 'Whole numbers above 0, e.g. 1 3 224 224' : undefined}
            w={240}
          />
          <Button
            disabled={!chosen || inspecting || (shapeBad && !chosen.startsWith(NETWORK))}
            onClick={inspectChosen}
            aria-keyshortcuts="Control+Enter"
          >
            Inspect <kbd>Ctrl+Enter</kbd>
          </Button>
          <div style={{ flex: 1, minWidth: 280 }}>
            <DropZone
              label="An ONNX file"
              accept=".onnx"
              compact
              testId="onnx-drop"
              onFiles={async ([f]) => {
                const bytes = await fileBytes(f!);
                setDropped({ name: f!.name, bytes });
                setChosen(DROPPED);
                void inspect({ onnx: bytes }, f!.name);
              }}
            />
          </div>
        </div>
        {inspecting && <ProgressBar label="Inspecting" />}
        {inspectError?.code === 'E_NOT_AVAILABLE' && <Unavailable what="The model inspector" error={inspectError} />}
        {report?.source && (
          <p className="muted" data-testid="inspector-source">
            An architecture description built by the Lab (no weights): {report.source}. The input shape is the network&apos;s own.
          </p>
        )}
        {report && <InspectorTable report={report} />}
      </Panel>
    </section>
  );
}

/** The select's value for the file dropped on the inspector. */
const DROPPED = '\u0000dropped';
/** Prefix of a classic network's value (its LabNetworkId follows). */
const NETWORK = '\u0000network:';
