/**
 * Bring-your-own detection models, as the host sees them: *imported* as bytes
 * (the UI's file picker, `vws models import <file>`), validated, stored in the
 * user's models directory (`<models>/user/<id>.onnx`) and referred to by id
 * from then on. Nothing a client sends is opened as a path: a request names an
 * id, which must match ID_PATTERN and exist in that one directory, and errors
 * name the id, never a server path.
 *
 * Validation: a size cap, an ONNX parse, no external-data references (which
 * would make the runtime open files next to the model), only regular files,
 * and the decoder family recognised by loading the model in the detection
 * engine once.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DetectionModelInfo, ImportModelRequest } from '../../preload/contract';
import type { Paths } from '../config';
import { DetectionModels } from '../detection/models';
import { VwError } from '../errors';
import { loadModel, type OnnxTypes } from '../onnx/proto';

/** Largest model accepted (YOLOv8-x is ~270 MB; the WebSocket's own payload limit is lower). */
export const MAX_USER_MODEL_BYTES = 512 * 1024 * 1024;
/** A model id: letters, digits, '.', '_' and '-', no path separators. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function userModelsDir(paths: Paths): string {
  return path.join(paths.models, 'user');
}

/** The file of an imported model, or E_MODEL_MISSING naming only the id. */
export function userModelFile(paths: Paths, id: string): string {
  const missing = (): VwError =>
    new VwError('E_MODEL_MISSING', `No imported model "${id.slice(0, 100)}".`, {
      hint: 'Import the .onnx file first (Models page, or `vws models import <file>`), then use the id it is given.',
    });
  if (!ID_PATTERN.test(id) || id.includes('..')) throw missing();
  const file = path.join(userModelsDir(paths), `${id}.onnx`);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    throw missing();
  }
  if (!st.isFile() || st.size > MAX_USER_MODEL_BYTES) throw missing();
  return file;
}

/**
 * Remove an imported model (its file and side file); the caller has released its sessions.
 * @throws VwError E_MODEL_MISSING for an id that names no imported model.
 */
export function removeUserModel(paths: Paths, id: string): { removed: string } {
  const file = userModelFile(paths, id);
  fs.rmSync(file, { force: true });
  fs.rmSync(file.replace(/\.onnx$/, '.json'), { force: true });
  return { removed: id };
}

/** Ids of the imported models, oldest first. */
export function listUserModels(paths: Paths): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(userModelsDir(paths));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.onnx'))
    .map((n) => n.slice(0, -5))
    .filter((id) => ID_PATTERN.test(id));
}

/** Graphs nest in If/Loop/Scan attributes; walk them all. */
function* graphs(g: OnnxTypes.IGraphProto | null | undefined): Generator<OnnxTypes.IGraphProto> {
  if (!g) return;
  yield g;
  for (const n of g.node ?? [])
    for (const a of n.attribute ?? []) yield* [...graphs(a.g), ...(a.graphs ?? []).flatMap((x) => [...graphs(x)])];
}

/** Refuse a model whose tensors live in other files (ONNX external data). */
export function checkNoExternalData(model: OnnxTypes.IModelProto): void {
  for (const g of graphs(model.graph)) {
    for (const t of [...(g.initializer ?? []), ...(g.sparseInitializer ?? []).flatMap((s) => [s.values, s.indices])]) {
      if (t && (t.dataLocation === 1 || (t.externalData?.length ?? 0) > 0)) {
        throw new VwError('E_MODEL_INVALID', `The model keeps tensor "${t.name ?? '?'}" in an external data file.`, {
          hint: 'Export it with the weights inside the .onnx file (e.g. onnx.save(model, f, save_as_external_data=False)).',
        });
      }
    }
  }
}

function idFor(name: string, bytes: Uint8Array): string {
  const stem = path
    .basename(name)
    .replace(/\.onnx$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 48);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
  return `${stem || 'model'}-${hash}`;
}

/**
 * Validate and store a model; importing the same bytes again returns the same id.
 *
 * @example
 *   const info = await importUserModel(paths, { name: 'yolov8n.onnx', bytes });
 *   info.id; // 'yolov8n-3f2a…'; then detect with { options: { model: info.id } }
 */
export async function importUserModel(
  paths: Paths,
  req: ImportModelRequest,
  engine: { threads?: number; executionProviders?: string[] } = {},
): Promise<DetectionModelInfo> {
  if (req.bytes.length > MAX_USER_MODEL_BYTES)
    throw new VwError('E_RESOURCE', `The model is ${req.bytes.length} bytes; the limit is ${MAX_USER_MODEL_BYTES}.`, {
      hint: 'Use a smaller model (or a quantized one).',
      details: { bytes: req.bytes.length, limit: MAX_USER_MODEL_BYTES },
    });
  let model: OnnxTypes.ModelProto;
  try {
    model = loadModel(req.bytes);
  } catch {
    throw new VwError('E_MODEL_INVALID', 'The file is not an ONNX model.', { hint: 'Export the detector to .onnx (opset 11 or newer).' });
  }
  if (!model.graph) throw new VwError('E_MODEL_INVALID', 'The ONNX file has no graph.');
  checkNoExternalData(model);

  const dir = userModelsDir(paths);
  fs.mkdirSync(dir, { recursive: true });
  const id = idFor(req.name, req.bytes);
  const final = path.join(dir, `${id}.onnx`);
  if (fs.existsSync(final)) return describe(paths, id, engine);

  // Validate under a temporary name: only a model the engine can decode gets an id.
  const tmp = path.join(dir, `.import-${process.pid}-${Date.now()}`);
  const side = { family: req.family, labels: req.labels, anchors: req.anchors, inputSize: req.inputSize };
  const models = new DetectionModels({ threads: engine.threads, executionProviders: engine.executionProviders });
  try {
    fs.writeFileSync(`${tmp}.onnx`, req.bytes);
    if (Object.values(side).some((v) => v !== undefined)) fs.writeFileSync(`${tmp}.json`, JSON.stringify(side));
    const info = await models.get(`${tmp}.onnx`).info();
    if (info.family === 'unknown') throw new VwError('E_MODEL_INVALID', 'Its decoder family was not recognised.');
    if (fs.existsSync(`${tmp}.json`)) fs.renameSync(`${tmp}.json`, path.join(dir, `${id}.json`));
    fs.renameSync(`${tmp}.onnx`, final);
    return { ...info, id };
  } catch (err) {
    const e = err instanceof VwError ? err : new VwError('E_MODEL_INVALID', 'The model could not be loaded.');
    // The engine's messages name the temporary file; say "the model" instead.
    throw new VwError(
      e.code,
      e.message
        .split(`${tmp}.onnx`)
        .join('the model')
        .split(path.basename(`${tmp}.onnx`))
        .join('the model'),
      {
        hint:
          e.hint ??
          `Detectors of the families centernet, yolov2, yolov5, yolov8 and yolo-e2e can be imported; pass the family if it is not detected.`,
      },
    );
  } finally {
    await models.dispose();
    fs.rmSync(`${tmp}.onnx`, { force: true });
    fs.rmSync(`${tmp}.json`, { force: true });
  }
}

async function describe(
  paths: Paths,
  id: string,
  engine: { threads?: number; executionProviders?: string[] },
): Promise<DetectionModelInfo> {
  const models = new DetectionModels(engine);
  try {
    return { ...(await models.get(userModelFile(paths, id)).info()), id };
  } finally {
    await models.dispose();
  }
}
