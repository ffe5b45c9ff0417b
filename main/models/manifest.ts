/**
 * The model manifest (`resources/models.json`): which npm tarball each model
 * comes from, which files inside it, how to turn them into the ONNX file we
 * cache, and the sha256 that file must have.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { resourcesDir } from '../config';
import { VwError } from '../errors';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits');

const ioSpec = z.object({
  name: z.string(),
  shape: z.array(z.union([z.number().int(), z.string()])),
  type: z.string(),
  description: z.string().optional(),
});

const packageSpec = z.object({
  integrity: z.string().regex(/^sha(256|384|512)-[A-Za-z0-9+/=]+$/, 'integrity must be an SRI string'),
  license: z.string(),
  homepage: z.string().optional(),
  /** Fetch from here instead of the registry (a mirror URL or a "file:" tarball); the integrity still applies. */
  tarball: z.string().optional(),
  /** Tarball size in bytes, for download progress (optional models are large). */
  size: z.number().int().positive().optional(),
});

/**
 * An optional model under a license the app itself does not use (e.g. AGPL
 * weights): fetched only when the user repeats `accept` exactly
 * (`vws models add <id> --accept-license <accept>` or the Models page).
 */
const licenseGate = z.object({
  /** The SPDX id the user must type or confirm, e.g. "AGPL-3.0". */
  accept: z.string().regex(/^[A-Za-z0-9.+-]+$/),
  /** Where the full license text is. */
  url: z.string(),
  /** What accepting means for the user, in plain words (shown before the download). */
  summary: z.string(),
});

export const REWRITES = ['prelu', 'dynamicBatch', 'nanodetHead'] as const;

const modelSpec = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  task: z.string(),
  description: z.string().optional(),
  /** Key into `packages`: "<name>@<exact version>". */
  package: z.string(),
  sources: z.array(z.object({ path: z.string(), sha256: sha256Hex })).min(1),
  format: z.enum(['onnx', 'tfjs-graph']),
  license: z.string(),
  upstreamLicense: z.string().optional(),
  upstream: z.string().optional(),
  inputs: z.array(ioSpec),
  outputs: z.array(ioSpec),
  convert: z.object({ dynamicBatch: z.boolean().optional() }).optional(),
  /** Exact graph rewrites applied in order (see rewrite.ts). */
  rewrites: z.array(z.enum(REWRITES)).default([]),
  /** File name inside the models cache. */
  file: z.string().regex(/^[A-Za-z0-9_.-]+\.onnx$/),
  /** sha256 of the produced file; "" = not pinned yet (development only). */
  sha256: z.union([sha256Hex, z.literal('')]),
  /** Never fetched by `npm run models`, the postinstall or first use: only on an explicit user action. */
  optional: z.boolean().default(false),
  licenseGate: licenseGate.optional(),
});

export const manifestSchema = z
  .object({
    schema: z.literal(1),
    comment: z.string().optional(),
    packages: z.record(z.string(), packageSpec),
    models: z.array(modelSpec),
  })
  .superRefine((m, ctx) => {
    const ids = new Set<string>();
    for (const [i, model] of m.models.entries()) {
      if (ids.has(model.id)) ctx.addIssue({ code: 'custom', message: `duplicate model id ${model.id}`, path: ['models', i, 'id'] });
      ids.add(model.id);
      if (!m.packages[model.package])
        ctx.addIssue({
          code: 'custom',
          message: `model ${model.id} names package ${model.package}, which is not in "packages"`,
          path: ['models', i, 'package'],
        });
      if (!/^(@[^@/]+\/)?[^@/]+@\d+\.\d+\.\d+(-[\w.]+)?$/.test(model.package))
        ctx.addIssue({
          code: 'custom',
          message: `package ${model.package} must be pinned to an exact version`,
          path: ['models', i, 'package'],
        });
      if (model.optional && !model.licenseGate)
        ctx.addIssue({
          code: 'custom',
          message: `optional model ${model.id} needs a licenseGate (what the user accepts before it is fetched)`,
          path: ['models', i, 'licenseGate'],
        });
      if (model.optional && !model.sha256)
        ctx.addIssue({ code: 'custom', message: `optional model ${model.id} must pin its sha256`, path: ['models', i, 'sha256'] });
      if (model.format === 'tfjs-graph' && !model.sources.some((s) => s.path.endsWith('.json')))
        ctx.addIssue({
          code: 'custom',
          message: `tfjs-graph model ${model.id} needs its model.json among sources`,
          path: ['models', i, 'sources'],
        });
    }
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestModel = Manifest['models'][number];
export type ManifestPackage = Manifest['packages'][string] & { spec: string };
export type Rewrite = (typeof REWRITES)[number];

/** Default manifest location (bundled resources). */
export function manifestPath(): string {
  return path.join(resourcesDir(), 'models.json');
}

/**
 * Parse and validate a manifest (object or JSON text). Throws E_MODEL_INVALID
 * with every problem listed.
 *
 * @example const m = parseManifest(fs.readFileSync('resources/models.json', 'utf8'));
 */
export function parseManifest(input: unknown): Manifest {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (err) {
      throw new VwError('E_MODEL_INVALID', `The model manifest is not valid JSON: ${(err as Error).message}`);
    }
  }
  const r = manifestSchema.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new VwError('E_MODEL_INVALID', `The model manifest is invalid: ${problems.join('; ')}`, { details: problems });
  }
  return r.data;
}

const cache = new Map<string, { mtimeMs: number; manifest: Manifest }>();

/** Load the manifest from disk (cached by mtime). */
export function loadManifest(file = manifestPath()): Manifest {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new VwError('E_MODEL_INVALID', `The model manifest is missing: ${file}`);
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.manifest;
  const manifest = parseManifest(fs.readFileSync(file, 'utf8'));
  cache.set(file, { mtimeMs: st.mtimeMs, manifest });
  return manifest;
}

/** Look a model up by id; E_NOT_FOUND lists the known ids. */
export function findModel(manifest: Manifest, id: string): ManifestModel {
  const m = manifest.models.find((x) => x.id === id);
  if (!m) throw new VwError('E_NOT_FOUND', `Unknown model "${id}". Known models: ${manifest.models.map((x) => x.id).join(', ')}.`);
  return m;
}

/** The models `npm run models`, the postinstall and first use prepare: every one that is not optional. */
export function defaultModelIds(manifest: Manifest): string[] {
  return manifest.models.filter((m) => !m.optional).map((m) => m.id);
}

/** The command that fetches an optional model, for messages and hints. */
export function addCommand(model: ManifestModel): string {
  return `vws models add ${model.id} --accept-license ${model.licenseGate?.accept ?? model.license}`;
}

export function packageOf(manifest: Manifest, model: ManifestModel): ManifestPackage {
  return { spec: model.package, ...manifest.packages[model.package]! };
}

/** "npm:<spec>:<first source path>" — how doctor and the UI name a model's origin. */
export function sourceLabel(model: ManifestModel): string {
  return `npm:${model.package}/${model.sources[0]!.path.replace(/^package\//, '')}`;
}
