/**
 * `vws faces enroll-folders DIR`: a gallery laid out as DIR/<person>/<photos>
 * (face_recognition's known_people, DeepFace's db_path) enrolled in one
 * command — each sub-folder one person named after it, one transaction per
 * person. A person whose photos all fail is reported and the others go on.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { EnrollResult, ErrorPayload } from '../../preload/contract';
import { toErrorPayload, VwError } from '../errors';
import type { FacesService } from '../faces/service';
import { readImageFile } from '../imaging/decode';
import type { CliContext } from './context';
import { expandInputs } from './detection';
import { lookAlikeNote } from './faces-notes';

export interface EnrollFolderRow {
  name: string;
  folder: string;
  result?: EnrollResult;
  error?: ErrorPayload;
}

/** Sub-folders of `dir` that hold at least one image, sorted by name. */
export function personFolders(dir: string): { name: string; folder: string; files: string[] }[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    throw new VwError('E_NOT_FOUND', `No such folder: ${dir}`, { hint: 'Give a folder with one sub-folder of photos per person.' });
  }
  const people = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => ({ name: e.name, folder: path.join(dir, e.name), files: expandInputs([path.join(dir, e.name)]) }))
    .filter((p) => p.files.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (people.length === 0)
    throw new VwError('E_BAD_ARGUMENT', `${dir} has no sub-folder with photos.`, {
      hint: 'Lay the gallery out as DIR/<person>/<photos>, e.g. gallery/obama/obama.jpg; each sub-folder becomes one person.',
    });
  return people;
}

export function registerEnrollFolders(
  faces: Command,
  ctx: CliContext,
  withService: <T>(fn: (s: FacesService) => Promise<T>) => Promise<T>,
): void {
  faces
    .command('enroll-folders')
    .description('enroll a gallery laid out as DIR/<person>/<photos>: each sub-folder is one person, named after it')
    .argument('<dir>', 'folder with one sub-folder of photos per person')
    .action(async (dir: string) => {
      const people = personFolders(dir);
      const rows: EnrollFolderRow[] = [];
      await withService(async (s) => {
        for (const p of people) {
          ctx.progress(`enrolling ${p.name} (${p.files.length} photo(s))`);
          try {
            const images = [];
            for (const f of p.files) images.push({ name: path.basename(f), data: await readImageFile(f) });
            rows.push({ name: p.name, folder: p.folder, result: await s.enroll(p.name, images) });
          } catch (err) {
            // A person with no usable photo is this person's problem; a database or model failure stops the run.
            if (!(err instanceof VwError) || !['E_NO_FACE', 'E_QUALITY', 'E_BAD_IMAGE', 'E_IMAGE_TOO_LARGE'].includes(err.code)) throw err;
            rows.push({ name: p.name, folder: p.folder, error: toErrorPayload(err) });
          }
        }
      });
      ctx.output(rows, () => {
        for (const r of rows) {
          if (r.error) {
            process.stdout.write(`${r.name}: not enrolled — ${r.error.message}\n`);
            continue;
          }
          const ok = r.result!.shots.filter((x) => x.accepted).length;
          process.stdout.write(`${r.name} (#${r.result!.person.id}): ${ok} of ${r.result!.shots.length} photo(s) enrolled\n`);
          for (const shot of r.result!.shots.filter((x) => !x.accepted || x.lookAlike))
            process.stdout.write(
              `  ${shot.accepted ? 'ok      ' : 'rejected'} ${shot.source}${shot.reasons.length ? `  (${shot.reasons.join('; ')})` : ''}${lookAlikeNote(shot, r.name)}\n`,
            );
        }
      });
      if (rows.some((r) => r.error)) process.exitCode = 2;
    });
}
