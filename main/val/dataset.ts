/**
 * Labelled datasets for `vws val`: a COCO JSON file (images + annotations +
 * categories; image files next to it or in `imagesDir`) or a YOLO folder
 * (`images/` + `labels/` with one "class cx cy w h" line per box, normalized;
 * class names from `data.yaml`, `classes.txt` or `names.txt`, else COCO-80).
 * Everything read here is hostile: schemas check it and errors name the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { VwError } from '../errors';
import { COCO_LABELS } from '../detection/labels.coco';
import type { Box } from './coco-eval';

export interface DatasetBox {
  category: string;
  box: Box;
  crowd?: boolean;
  ignore?: boolean;
}

export interface DatasetImage {
  id: string | number;
  file: string;
  /** Known from the annotation file (COCO) or undefined (YOLO: boxes are normalized until the image is read). */
  width?: number;
  height?: number;
  boxes: DatasetBox[];
  /** YOLO labels: box coordinates are fractions of the image size. */
  normalized?: boolean;
}

export interface Dataset {
  format: 'coco' | 'yolo';
  source: string;
  categories: string[];
  images: DatasetImage[];
}

const IMAGE_EXT = /\.(jpe?g|png|webp|bmp|tiff?)$/i;
const finite = z.number().finite();

const cocoSchema = z.object({
  images: z
    .array(
      z.object({
        id: z.union([z.number().int(), z.string().min(1)]),
        file_name: z.string().min(1).max(4096),
        width: z.number().positive().optional(),
        height: z.number().positive().optional(),
      }),
    )
    .max(1_000_000),
  annotations: z
    .array(
      z.object({
        image_id: z.union([z.number().int(), z.string().min(1)]),
        category_id: z.union([z.number().int(), z.string().min(1)]),
        bbox: z.tuple([finite, finite, finite.min(0), finite.min(0)]),
        iscrowd: z.union([z.literal(0), z.literal(1), z.boolean()]).optional(),
        ignore: z.union([z.literal(0), z.literal(1), z.boolean()]).optional(),
      }),
    )
    .max(10_000_000),
  categories: z.array(z.object({ id: z.union([z.number().int(), z.string().min(1)]), name: z.string().min(1).max(200) })).min(1),
});

function invalid(file: string, what: string): VwError {
  return new VwError('E_BAD_ARGUMENT', `${file}: ${what}`, {
    hint: 'Give a COCO JSON file (images, annotations, categories) or a YOLO folder with images/ and labels/.',
  });
}

/**
 * A COCO JSON annotation file. Image paths are resolved against `imagesDir`
 * (default: the JSON file's folder) and must stay inside it.
 *
 * @example const ds = loadCocoDataset('tests/fixtures/detection/coco.json');
 */
export function loadCocoDataset(file: string, imagesDir = path.dirname(file)): Dataset {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new VwError('E_NOT_FOUND', `No such file: ${file}`);
    throw invalid(file, `not valid JSON (${e.message})`);
  }
  const r = cocoSchema.safeParse(raw);
  if (!r.success)
    throw invalid(
      file,
      r.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; '),
    );
  const coco = r.data;
  const catName = new Map(coco.categories.map((c) => [String(c.id), c.name]));
  const root = path.resolve(imagesDir);
  const images = new Map<string, DatasetImage>();
  for (const im of coco.images) {
    const abs = path.resolve(root, im.file_name);
    if (!abs.startsWith(root + path.sep)) throw invalid(file, `image "${im.file_name}" lies outside ${root}`);
    if (images.has(String(im.id))) throw invalid(file, `duplicate image id ${im.id}`);
    images.set(String(im.id), { id: im.id, file: abs, width: im.width, height: im.height, boxes: [] });
  }
  for (const [i, a] of coco.annotations.entries()) {
    const im = images.get(String(a.image_id));
    if (!im) throw invalid(file, `annotations.${i} names image ${a.image_id}, which is not in "images"`);
    const category = catName.get(String(a.category_id));
    if (!category) throw invalid(file, `annotations.${i} names category ${a.category_id}, which is not in "categories"`);
    const [x, y, w, h] = a.bbox;
    im.boxes.push({ category, box: [x, y, x + w, y + h], crowd: Boolean(a.iscrowd) || undefined, ignore: Boolean(a.ignore) || undefined });
  }
  return { format: 'coco', source: file, categories: coco.categories.map((c) => c.name), images: [...images.values()] };
}

/** Class names of a YOLO folder: data.yaml (`names:` list or map), classes.txt, names.txt, else COCO-80. */
function yoloNames(dir: string): string[] {
  for (const f of ['data.yaml', 'dataset.yaml']) {
    const p = path.join(dir, f);
    if (fs.existsSync(p)) {
      const names = yamlNames(fs.readFileSync(p, 'utf8'));
      if (names) return names;
    }
  }
  for (const f of ['classes.txt', 'names.txt', 'obj.names']) {
    const p = path.join(dir, f);
    if (fs.existsSync(p))
      return fs
        .readFileSync(p, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
  }
  return [...COCO_LABELS];
}

const unquote = (v: string) => v.trim().replace(/^(['"])(.*)\1$/, '$2');

/**
 * The `names:` entry of an Ultralytics data.yaml, in its three usual forms:
 * a flow list `names: [a, b]`, a block list (`- a`) or a block map (`0: a`).
 * Only this key is read, so a YAML library is not needed.
 */
export function yamlNames(text: string): string[] | undefined {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^names\s*:/.test(l));
  if (at < 0) return undefined;
  const inline = lines[at]!.replace(/^names\s*:/, '')
    .replace(/\s+#.*$/, '')
    .trim();
  if (inline.startsWith('['))
    return inline
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map(unquote)
      .filter(Boolean);
  const out: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.trim() || l.trim().startsWith('#')) continue;
    if (!/^\s/.test(l)) break; // the next top-level key
    const item = /^\s*-\s*(.+)$/.exec(l);
    const pair = /^\s*(\d+)\s*:\s*(.+)$/.exec(l);
    if (item) out.push(unquote(item[1]!));
    else if (pair && Number(pair[1]) < 100_000) out[Number(pair[1])] = unquote(pair[2]!);
  }
  return out.length ? Array.from(out, (v, i) => v ?? `class${i}`) : undefined;
}

/**
 * A YOLO folder: `<dir>/images/**` and `<dir>/labels/**` with the same
 * relative paths (".txt" for the image extension). An image without a label
 * file has no objects.
 *
 * @example const ds = loadYoloDataset('datasets/coco8/val');
 */
export function loadYoloDataset(dir: string): Dataset {
  const imagesDir = path.join(dir, 'images');
  const labelsDir = path.join(dir, 'labels');
  if (!fs.existsSync(imagesDir) || !fs.existsSync(labelsDir)) throw invalid(dir, 'a YOLO dataset needs the folders images/ and labels/');
  const categories = yoloNames(dir);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && IMAGE_EXT.test(e.name)) files.push(p);
    }
  };
  walk(imagesDir);
  const images = files.map((file): DatasetImage => {
    const rel = path.relative(imagesDir, file);
    const labelFile = path.join(labelsDir, rel.replace(/\.[^.]+$/, '.txt'));
    const boxes: DatasetBox[] = [];
    if (fs.existsSync(labelFile)) {
      for (const [n, line] of fs.readFileSync(labelFile, 'utf8').split(/\r?\n/).entries()) {
        if (!line.trim()) continue;
        const v = line.trim().split(/\s+/).map(Number);
        const [c, cx, cy, w, h] = v;
        if (v.length < 5 || v.some((x) => !Number.isFinite(x)) || !Number.isInteger(c) || c! < 0 || c! >= categories.length)
          throw invalid(labelFile, `line ${n + 1} is not "class cx cy w h" with a known class (0–${categories.length - 1})`);
        boxes.push({ category: categories[c!]!, box: [cx! - w! / 2, cy! - h! / 2, cx! + w! / 2, cy! + h! / 2] });
      }
    }
    return { id: rel.split(path.sep).join('/'), file, boxes, normalized: true };
  });
  return { format: 'yolo', source: dir, categories, images };
}

/** A COCO JSON file or a YOLO folder, by what the path is. */
export function loadDataset(p: string, imagesDir?: string): Dataset {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    throw new VwError('E_NOT_FOUND', `No such file or folder: ${p}`);
  }
  return st.isDirectory() ? loadYoloDataset(p) : loadCocoDataset(p, imagesDir);
}

/** Boxes of an image in pixels (YOLO fractions scaled by the image size). */
export function pixelBoxes(im: DatasetImage, width: number, height: number): DatasetBox[] {
  if (!im.normalized) return im.boxes;
  return im.boxes.map((b) => ({ ...b, box: [b.box[0] * width, b.box[1] * height, b.box[2] * width, b.box[3] * height] as const }));
}
