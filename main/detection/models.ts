/**
 * Which detectors exist: the bundled CenterNet (from the Models area's cache)
 * and user-supplied ONNX files. Each detector is created once and reused.
 * A user model's labels, anchors and family come from its ONNX metadata
 * (Ultralytics writes `names` and `imgsz`) or from a side file
 * `<model>.json` ({ "labels": [...], "anchors": [...], "family": "yolov2" }),
 * `<model>.anchors.json` or `<model>.labels.txt`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DetectionModelInfo } from '../../preload/contract';
import { VwError } from '../errors';
import { modelResolver, type ModelResolver } from '../models/resolver';
import { loadModel } from '../onnx/proto';
import { createSession } from '../runtime';
import { centerNetAtSize, checkCenterNetSize } from './centernet.variant';
import { Detector, type DetectorConfig } from './engine';
import { DETECTOR_FAMILIES, type DetectorFamily } from './family';
import { COCO_LABELS } from './labels.coco';
import { DEFAULT_POSTPROCESS } from './postprocess';
import { ZOO } from './zoo';

export const DEFAULT_MODEL = 'centernet';
/** Bundled detectors: model id in the Models manifest → how to use it. */
const BUNDLED: Record<string, Omit<DetectorConfig, 'id' | 'session'>> = {
  centernet: { family: 'centernet', labels: COCO_LABELS, resize: 'stretch', scale: 1, inputSize: 512 },
  // Optional models (issue 15): resolved like bundled ones, but the resolver refuses them until the user adds them.
  ...ZOO,
};
/** Input sizes offered for CenterNet; all meet every expectation on the dev images (see bench). */
const CENTERNET_SIZES = [512, 448, 384, 320];
/**
 * Live frames default to 384: measured 28.8 FPS sustained vs 15.3 at 512 on a
 * 2-core CPU, with every dev-image expectation still met (12/12, as at 512).
 */
export const CENTERNET_LIVE_SIZE = 384;

/** The detection defaults every client reads (CLI options, the Live page, `vw:app.defaults`). */
export const DETECTION_DEFAULTS = {
  model: DEFAULT_MODEL,
  ...DEFAULT_POSTPROCESS,
  inputSize: 512,
  liveInputSize: CENTERNET_LIVE_SIZE,
};

export interface DetectionModelsOptions {
  /** Resolves a bundled model id to its .onnx file (default: the configured model cache). */
  models?: ModelResolver;
  threads?: number;
  executionProviders?: string[];
}

export type UserModelConfig = Pick<DetectorConfig, 'family' | 'labels' | 'anchors' | 'anchorUnit' | 'inputSize'>;

export class DetectionModels {
  private readonly detectors = new Map<string, Detector>();

  constructor(private readonly opts: DetectionModelsOptions) {}

  /** Ids of the bundled detectors. */
  static bundled(): string[] {
    return Object.keys(BUNDLED);
  }

  /**
   * The detector for a bundled id or a path to a user .onnx file.
   *
   * @example const det = models.get('centernet'); await det.predict(bytes);
   */
  get(ref: string = DEFAULT_MODEL, inputSize?: number, family?: DetectorFamily): Detector {
    // CenterNet at another input size is its own (rewritten) model.
    const variant = ref === 'centernet' && inputSize !== undefined && inputSize !== 512 ? inputSize : undefined;
    if (variant !== undefined) checkCenterNetSize(variant);
    const key = BUNDLED[ref] ? (variant ? `${ref}@${variant}` : ref) : path.resolve(ref) + (family ? `#${family}` : '');
    let d = this.detectors.get(key);
    if (!d) {
      d = BUNDLED[ref] ? this.bundledDetector(ref, variant) : this.userDetector(path.resolve(ref), family);
      this.detectors.set(key, d);
    }
    return d;
  }

  /** Bundled detectors plus the user models used so far. */
  async list(): Promise<DetectionModelInfo[]> {
    const out: DetectionModelInfo[] = [];
    // Bundled models are described without loading them: the UI asks for this at start-up.
    for (const [id, b] of Object.entries(BUNDLED)) {
      const fixed = ZOO[id] ? (b.inputSize ?? 640) : undefined; // optional models have one fixed input size
      out.push({
        id,
        family: b.family ?? 'unknown',
        inputSize: b.inputSize ?? 512,
        inputSizes: fixed ? [fixed] : CENTERNET_SIZES,
        liveInputSize: fixed ?? CENTERNET_LIVE_SIZE,
        classes: [...(b.labels ?? COCO_LABELS)],
        // License and downloaded state are added by the host from the model cache (models/optional.ts).
        ...(fixed ? { optional: true } : {}),
      });
    }
    for (const [key, d] of this.detectors)
      if (!BUNDLED[key] && !key.includes('@') && !key.includes('#'))
        out.push(await d.info().catch(() => ({ id: key, family: 'invalid', inputSize: 0, classes: [] })));
    return out;
  }

  /** Forget the detector(s) of a user model file (its sessions are released), e.g. before the file is removed. */
  async forget(file: string): Promise<void> {
    const abs = path.resolve(file);
    for (const [key, d] of [...this.detectors]) {
      if (key !== abs && !key.startsWith(`${abs}#`)) continue;
      this.detectors.delete(key);
      await d.dispose();
    }
  }

  async dispose(): Promise<void> {
    const all = [...this.detectors.values()];
    this.detectors.clear();
    await Promise.all(all.map((d) => d.dispose()));
  }

  private sessionFor(model: () => Promise<string | Uint8Array>, label: string): DetectorConfig['session'] {
    return async () =>
      createSession(await model(), { label, threads: this.opts.threads, executionProviders: this.opts.executionProviders });
  }

  private bundledDetector(id: string, size?: number): Detector {
    const resolve = this.opts.models ?? modelResolver();
    if (size === undefined) return new Detector({ id, ...BUNDLED[id], session: this.sessionFor(() => resolve(id), id) });
    const bytes = async () => centerNetAtSize(new Uint8Array(await fs.promises.readFile(await resolve(id))), size);
    return new Detector({ id, ...BUNDLED[id], inputSize: size, session: this.sessionFor(bytes, `${id}@${size}`) });
  }

  private userDetector(file: string, family?: DetectorFamily): Detector {
    if (!fs.existsSync(file))
      throw new VwError('E_NOT_FOUND', `No model ${file}.`, {
        hint: `Use a bundled id (${Object.keys(BUNDLED).join(', ')}) or the path of an .onnx file.`,
      });
    const cfg = readUserModelConfig(file);
    if (family) cfg.family = family;
    return new Detector({ id: file, ...cfg, session: this.sessionFor(async () => file, path.basename(file)) });
  }
}

/**
 * Labels, anchors and family for a user model, from its ONNX metadata and
 * side files (side files win).
 *
 * @example readUserModelConfig('yolov8n.onnx') // { labels: ['person', …], inputSize: 640 }
 */
export function readUserModelConfig(file: string): UserModelConfig {
  const cfg: UserModelConfig = {};
  let meta: Record<string, string> = {};
  try {
    const model = loadModel(file);
    meta = Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  } catch (err) {
    throw new VwError('E_MODEL_INVALID', `${path.basename(file)} is not an ONNX model: ${(err as Error).message}`);
  }
  if (meta.names) cfg.labels = parseNames(meta.names);
  if (meta.labels) cfg.labels = parseList(meta.labels).map(String);
  if (meta.anchors) cfg.anchors = parseList(meta.anchors).map(Number);
  if (meta.family) cfg.family = checkFamily(meta.family);
  if (meta.imgsz) {
    const s = parseList(meta.imgsz).map(Number);
    if (s[0] && s[0] > 0) cfg.inputSize = s[0];
  }
  const base = file.replace(/\.onnx$/i, '');
  const side = readJson(`${base}.json`) as Partial<Record<string, unknown>> | undefined;
  if (side) {
    if (Array.isArray(side.labels)) cfg.labels = side.labels.map(String);
    if (Array.isArray(side.anchors)) cfg.anchors = side.anchors.map(Number);
    if (typeof side.family === 'string') cfg.family = checkFamily(side.family);
    if (side.anchorUnit === 'pixels' || side.anchorUnit === 'grid') cfg.anchorUnit = side.anchorUnit;
    if (typeof side.inputSize === 'number') cfg.inputSize = side.inputSize;
  }
  const anchors = readJson(`${base}.anchors.json`);
  if (Array.isArray(anchors)) cfg.anchors = anchors.flat().map(Number);
  if (fs.existsSync(`${base}.labels.txt`))
    cfg.labels = fs
      .readFileSync(`${base}.labels.txt`, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  if (cfg.anchors && (cfg.anchors.length % 2 !== 0 || cfg.anchors.some((a) => !(a > 0))))
    throw new VwError(
      'E_MODEL_INVALID',
      `Anchors of ${path.basename(file)} must be positive [w, h] pairs; got ${cfg.anchors.length} numbers.`,
    );
  return cfg;
}

function checkFamily(f: string): DetectorFamily {
  if ((DETECTOR_FAMILIES as readonly string[]).includes(f)) return f as DetectorFamily;
  throw new VwError('E_BAD_ARGUMENT', `Unknown detector family "${f}"; use one of ${DETECTOR_FAMILIES.join(', ')}.`);
}

function readJson(file: string): unknown {
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new VwError('E_MODEL_INVALID', `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Ultralytics writes names as a Python dict literal: "{0: 'person', 1: 'bicycle'}". */
export function parseNames(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) out[Number(m[1])] = m[2] ?? m[3] ?? '';
  if (out.length === 0) return parseList(s).map(String);
  return Array.from(out, (v, i) => v ?? `class${i}`);
}

function parseList(s: string): unknown[] {
  try {
    const v = JSON.parse(s) as unknown;
    if (Array.isArray(v)) return v;
  } catch {
    /* not JSON: fall through to a comma list */
  }
  return s
    .replace(/[[\]()]/g, '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}
