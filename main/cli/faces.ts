/**
 * `vws faces …` — enroll, recognize, verify and manage the face gallery.
 * The database is the global `--db` (or VWS_DB, or the app's data directory).
 * With `--json` each command prints exactly what the UI receives.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { ErrorPayload, FaceDetectorName, RecognizeResult } from '../../preload/contract';
import { FACE_DETECTORS } from '../../preload/enums';
import { toErrorPayload, VwError } from '../errors';
import { annotateFaces } from '../faces/annotate';
import { FacesService } from '../faces/service';
import { readImageFile } from '../imaging/decode';
import type { CliContext } from './context';
import { checkOutputFile, fsError, prepareOutputDir, readLocalFile } from './files';
import { calibrationCaution, EMPTY_GALLERY, lookAlikeNote, removedFaceLine, withFileNames } from './faces-notes';
import { expandInputs } from './detection';
import { registerEnrollFolders } from './faces-folders';
// ── video and folder sources (issue 14) ──
import { runVideo, type VideoRunSummary } from '../video/run';
import type { FaceAppearance } from '../video/segments';
import { facesTask } from '../video/tasks';
import { clock, printVideo } from './detection';
import { createProgress, expandSources, intArg as posInt, parseTime, saveDirOf, withCancel } from './sources';
import { registerPersonalizationCommands } from './faces.personalization'; // issue 17 item 8

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new VwError('E_BAD_ARGUMENT', `--${name} needs a number; got "${v}".`);
  return n;
}

const DETECTORS: readonly FaceDetectorName[] = FACE_DETECTORS;

/** `--detector`: UltraFace (default, any distance) or BlazeFace (webcam distances, faster); anything else is E_BAD_ARGUMENT. */
function detectorArg(v: string | undefined): FaceDetectorName | undefined {
  if (v === undefined) return undefined;
  if (!(DETECTORS as readonly string[]).includes(v))
    throw new VwError('E_BAD_ARGUMENT', `--detector must be one of ${DETECTORS.join(', ')}; got "${v}".`);
  return v as FaceDetectorName;
}

const DETECTOR_HELP = 'face detector: ultraface (default, any distance) or blazeface (webcam/selfie distances, faster)';

function intArg(what: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new VwError('E_BAD_ARGUMENT', `${what} must be a numeric id; got "${v}".`);
  return Number(v);
}

const out = (s: string) => process.stdout.write(s + '\n');

/** One row of `faces recognize --json`. */
export interface RecognizeCliRow {
  file: string;
  result?: RecognizeResult;
  /** A video: what was processed, where the outputs are, who appeared when. */
  video?: VideoRunSummary<FaceAppearance[]>;
  error?: ErrorPayload;
}

/** `faces reject PHOTO`: the face given by --box, else the one face of the photo nearest to the person. */
function probeBox(
  box: string | undefined,
  found: RecognizeResult['faces'],
  person: { id: number; name: string },
  file: string,
): [number, number, number, number] {
  if (box !== undefined) {
    const v = box.split(',').map(Number);
    if (v.length !== 4 || v.some((x) => !Number.isFinite(x)) || v[2]! <= v[0]! || v[3]! <= v[1]!)
      throw new VwError('E_BAD_ARGUMENT', `--box must be x1,y1,x2,y2 with x2 > x1 and y2 > y1; got "${box}".`);
    return v as [number, number, number, number];
  }
  const nearest = found.filter((f) => f.best?.personId === person.id);
  if (nearest.length === 1) return nearest[0]!.box;
  throw new VwError(
    nearest.length ? 'E_BAD_ARGUMENT' : 'E_NO_FACE',
    nearest.length
      ? `${nearest.length} faces in ${file} are nearest to ${person.name}; say which with --box.`
      : `No face in ${file} is matched to ${person.name}.`,
    { hint: `\`vws faces recognize ${file} --json\` lists each face's box and best match.` },
  );
}

export function registerFacesCommands(program: Command, ctx: CliContext): void {
  const faces = program
    .command('faces')
    .description('face gallery: enroll, recognize (1:K), verify (1:1), manage')
    .addOption(
      new Option(
        '--gallery <url>',
        'a team gallery on PostgreSQL (postgres://user@host/db?sslmode=verify-full); default: the SQLite --db',
      ).env('VWS_GALLERY'),
    );

  /** Run `fn` with a service on the chosen database, always closing it. */
  const withService = async <T>(fn: (s: FacesService) => Promise<T>): Promise<T> => {
    const gallery = (faces.opts() as { gallery?: string }).gallery ?? ctx.paths().gallery;
    const s = new FacesService({ dbPath: ctx.paths().db, ...(gallery ? { gallery } : {}), models: ctx.models() });
    try {
      return await fn(s);
    } finally {
      await s.dispose();
    }
  };

  faces
    .command('enroll')
    .description('add shots of one person (largest face per image; shots failing the quality gate are reported)')
    .requiredOption('--name <name>', 'person name (created if new; required)')
    .argument('<images...>', 'image files or directories')
    .action(async (inputs: string[], o: { name: string }) => {
      const files = expandInputs(inputs);
      const images: { name: string; data: Uint8Array }[] = [];
      for (const f of files) images.push({ name: path.basename(f), data: await readImageFile(f) });
      const r = await withService((s) => s.enroll(o.name, images));
      ctx.output(r, () => {
        out(`${r.person.name} (#${r.person.id}): ${r.person.faces} face(s) in the gallery`);
        for (const shot of r.shots) {
          out(
            `  ${shot.accepted ? 'ok      ' : 'rejected'} ${shot.source}${shot.faceId ? ` → face #${shot.faceId}` : ''}${shot.reasons.length ? `  (${shot.reasons.join('; ')})` : ''}${shot.note ? `  [${shot.note}]` : ''}${lookAlikeNote(shot, r.person.name)}`,
          );
        }
      });
    });

  registerEnrollFolders(faces, ctx, withService); // issue 13: a gallery/<person>/ tree in one command

  faces
    .command('recognize')
    .description('name every face in images and videos (or "unknown" below τ); for videos, who appears when')
    .argument('<inputs...>', 'image or video files, or directories of them')
    .option('--tau <t>', "decision threshold (cosine similarity); default: the gallery's τ")
    .option(
      '--save [dir]',
      'write annotated images/videos (+ JSON Lines, face thumbnails per video) here; default runs/faces/predict, predict2, …',
    )
    .option('--detector <name>', DETECTOR_HELP)
    .option('--stride <n>', 'video: recognize every n-th frame', '1')
    .option('--start <time>', 'video: start at this time (seconds or [hh:]mm:ss)')
    .option('--end <time>', 'video: stop at this time')
    .action(
      async (
        inputs: string[],
        o: { tau?: string; save?: string | boolean; detector?: string; stride?: string; start?: string; end?: string },
      ) => {
        const tau = num('tau', o.tau);
        const detector = detectorArg(o.detector);
        const video = { stride: posInt('stride', o.stride) ?? 1, start: parseTime('start', o.start), end: parseTime('end', o.end) };
        // Before the inputs are read: `--save clip.mp4 …` took an input (issue 13).
        const saveDir = saveDirOf(o.save, path.join('runs', 'faces'));
        const sources = await expandSources(inputs);
        if (sources.length === 0) throw new VwError('E_BAD_ARGUMENT', 'No image or video files found in the given inputs.');
        if (saveDir) prepareOutputDir(saveDir, 'annotated images');
        const rows: RecognizeCliRow[] = [];
        let stale = 0;
        let empty = false;
        const progress = createProgress(ctx, sources.length, 'files');
        await withService(async (s) => {
          stale = await s.staleFaces();
          empty = (await s.counts()).persons === 0;
          await withCancel(async (signal) => {
            for (const { file, kind } of sources) {
              if (signal.aborted) break;
              progress.update(file);
              try {
                if (kind === 'video') {
                  const summary = await runVideo(file, (info) => facesTask(s, { tau, detector }, { ...video, fps: info.fps, info }), {
                    ...video,
                    saveDir,
                    signal,
                    onFrame: (done, total) => progress.update(file, { done, total }),
                  });
                  rows.push({ file, video: summary, ...(summary.error ? { error: summary.error } : {}) });
                  continue;
                }
                const bytes = await readImageFile(file);
                const result = await s.recognize(bytes, tau, detector);
                rows.push({ file, result });
                if (saveDir)
                  fs.writeFileSync(
                    path.join(saveDir, `${path.basename(file).replace(/\.[^.]+$/, '')}.jpg`),
                    await annotateFaces(bytes, result.faces),
                  );
              } catch (err) {
                // Database and model problems stop the run; a bad image or video is only this file's problem.
                if (err instanceof VwError && !['E_BAD_IMAGE', 'E_IMAGE_TOO_LARGE', 'E_NOT_FOUND', 'E_BAD_VIDEO'].includes(err.code))
                  throw err;
                rows.push({ file, error: toErrorPayload(err) });
              } finally {
                progress.fileDone();
              }
            }
          });
        }).finally(() => progress.stop());
        ctx.output(rows, () => {
          for (const r of rows) {
            if (r.video) {
              printVideo(r.file, r.video, r.video.segments.map(appearanceLine));
              continue;
            }
            if (r.error) {
              out(`${r.file}: error ${r.error.code}: ${r.error.message}`);
              continue;
            }
            const res = r.result!;
            out(`${r.file}  ${res.faces.length} face(s)  τ=${res.tau}  detector ${res.detector}`);
            for (const f of res.faces) {
              const who = f.match
                ? `${f.match.name} ${f.match.similarity.toFixed(3)} (face #${f.match.faceId})`
                : `unknown${f.best ? ` (best ${f.best.name} ${f.best.similarity.toFixed(3)})` : ''}`;
              out(
                `  [${f.box.map(Math.round).join(', ')}]  ${who}${f.runnerUp ? `  runner-up ${f.runnerUp.name} ${f.runnerUp.similarity.toFixed(3)}` : ''}${f.quality.ok ? '' : `  quality: ${f.quality.reasons.join('; ')}`}`,
              );
            }
          }
          if (saveDir) out(`results saved to ${saveDir}`);
          if (empty) out(EMPTY_GALLERY);
          if (stale)
            out(`note: ${stale} stored face(s) were embedded by another model version and are not compared; run \`vws faces reembed\``);
        });
        if (rows.some((r) => r.error)) process.exitCode = rows.some((r) => r.error?.code === 'E_CANCELLED') ? 130 : 2;
      },
    );

  faces
    .command('verify')
    .description('1:1 — are the (largest) faces in two images the same person?')
    .argument('<a>', 'first image')
    .argument('<b>', 'second image')
    .option('--tau <t>', 'decision threshold (cosine similarity)')
    .option('--detector <name>', DETECTOR_HELP)
    .action(async (a: string, b: string, o: { tau?: string; detector?: string }) => {
      const tau = num('tau', o.tau);
      const detector = detectorArg(o.detector);
      const [ba, bb] = [await readImageFile(a), await readImageFile(b)];
      const r = await withService((s) => s.verify(ba, bb, tau, detector)).catch((err: unknown) => {
        throw withFileNames(err, a, b);
      });
      ctx.output(r, () => out(`${r.same ? 'same person' : 'different persons'}  similarity ${r.similarity.toFixed(3)}  τ ${r.tau}`));
    });

  faces
    .command('list')
    .description('persons in the gallery')
    .action(async () => {
      const r = await withService(async (s) => s.list());
      ctx.output(r, () => {
        if (r.length === 0) out('the gallery is empty');
        for (const p of r) out(`#${p.id}  ${p.name}  ${p.faces} face(s)  since ${p.created}`);
      });
    });

  faces
    .command('rename')
    .description('rename a person')
    .argument('<person>', 'person id or name')
    .argument('<name>', 'new name')
    .action(async (ref: string, name: string) => {
      const r = await withService(async (s) => s.rename((await s.resolvePerson(ref)).id, name));
      ctx.output(r, () => out(`#${r.id} is now ${r.name}`));
    });

  faces
    .command('merge')
    .description('move every face of one person into another and delete the first')
    .argument('<from>', 'person id or name')
    .argument('<into>', 'person id or name')
    .action(async (from: string, into: string) => {
      const r = await withService(async (s) => s.merge((await s.resolvePerson(from)).id, (await s.resolvePerson(into)).id));
      ctx.output(r, () => out(`${r.name} (#${r.id}) now has ${r.faces} face(s)`));
    });

  faces
    .command('remove')
    .description('remove a person (id or name) or one face ("face:<id>"); a person left without faces is removed too')
    .argument('<target>', 'person id or name, or face:<id>')
    .action(async (target: string) => {
      const m = /^face:(\d+)$/.exec(target);
      const names = { before: [] as string[], after: [] as string[] };
      const r = await withService(async (s) => {
        if (!m) return s.removePerson((await s.resolvePerson(target)).id);
        names.before = (await s.list()).map((p) => p.name);
        const removed = await s.removeFace(Number(m[1]));
        names.after = (await s.list()).map((p) => p.name);
        return removed;
      });
      ctx.output(r, () => out(m ? removedFaceLine(m[1]!, names.before, names.after) : `removed ${target} and ${r.removed} face(s)`));
    });

  faces
    .command('move')
    .description('give one stored face to another person (a person left without faces is removed)')
    .argument('<face>', 'face id, or face:<id>')
    .requiredOption('--to <person>', 'person id or name (required)')
    .action(async (face: string, o: { to: string }) => {
      const faceId = intArg('face', face.replace(/^face:/, ''));
      const r = await withService(async (s) => s.moveFace(faceId, (await s.resolvePerson(o.to)).id));
      ctx.output(r, () => out(`face #${faceId} now belongs to ${r.name} (${r.faces} face(s))`));
    });

  faces
    .command('reject')
    .description(
      'record that a face is NOT a given person: a stored face id, or a photo whose face was wrongly matched to them ' +
        '(that face is kept under the person, rejected, so the same face is no longer matched to them)',
    )
    .argument('<face>', 'stored face id, or an image file (a recognize result to correct)')
    .requiredOption('--not <person>', 'person id or name (required)')
    .option('--box <x1,y1,x2,y2>', 'image: which face, when several are nearest to that person (boxes as `recognize --json` prints)')
    .option('--detector <name>', DETECTOR_HELP)
    .action(async (face: string, o: { not: string; box?: string; detector?: string }) => {
      if (/^\d+$/.test(face)) {
        const faceId = intArg('face', face);
        const r = await withService(async (s) => s.reject(faceId, (await s.resolvePerson(o.not)).id));
        ctx.output(r, () => out(`face #${faceId} will not be matched to ${o.not}`));
        return;
      }
      const detector = detectorArg(o.detector);
      const bytes = await readImageFile(face);
      const r = await withService(async (s) => {
        const person = await s.resolvePerson(o.not);
        return s.rejectProbe(
          bytes,
          probeBox(o.box, (await s.recognize(bytes, undefined, detector)).faces, person, face),
          person.id,
          path.basename(face),
          detector,
        );
      });
      ctx.output(r, () => out(`the face in ${face} will not be matched to ${o.not} (kept as face #${r.faceId}; remove it to undo)`));
    });

  faces
    .command('export')
    .description('write the gallery as portable JSON (persons, faces, aligned crops, embeddings with their model version)')
    .argument('<file>', 'output .json file')
    .action(async (file: string) => {
      checkOutputFile(file, 'the gallery export');
      const data = await withService((s) => s.exportGallery());
      try {
        fs.writeFileSync(file, JSON.stringify(data));
      } catch (err) {
        throw fsError(err, file, 'write the gallery export to');
      }
      const r = {
        file,
        persons: data.persons.length,
        faces: data.persons.reduce((n, p) => n + p.faces.length, 0),
        embedding: data.embedding,
      };
      ctx.output(r, () => out(`exported ${r.persons} person(s), ${r.faces} face(s) to ${file}`));
    });

  faces
    .command('import')
    .description('merge an export into the gallery (persons by name; re-embeds if the model differs)')
    .argument('<file>', 'a file written by `vws faces export`')
    .action(async (file: string) => {
      const data = readLocalFile(file, 2 * 1024 ** 3, 'gallery file');
      const r = await withService((s) => s.importGallery(data));
      ctx.output(r, () => out(`imported ${r.persons} person(s), ${r.faces} face(s)${r.reembedded ? `, ${r.reembedded} re-embedded` : ''}`));
    });

  faces
    .command('calibrate')
    .description('genuine vs impostor similarities over the gallery and a suggested τ')
    .option('--apply', "store the suggested τ as the gallery's threshold")
    .action(async (o: { apply?: boolean }) => {
      const r = await withService(async (s) => {
        const c = await s.calibrate();
        if (o.apply) await s.setTau(c.suggestedTau);
        return { ...c, applied: Boolean(o.apply) };
      });
      ctx.output(r, () => {
        const range = (xs: number[]) => (xs.length ? `${xs[0]!.toFixed(3)} … ${xs[xs.length - 1]!.toFixed(3)}` : '—');
        out(`genuine  (${r.genuine.length} pairs): ${range(r.genuine)}`);
        out(`impostor (${r.impostor.length} pairs): ${range(r.impostor)}`);
        out(
          `suggested τ ${r.suggestedTau}  (estimated FAR ${r.far.toExponential(2)}, FRR ${r.frr.toExponential(2)}; current τ ${r.currentTau})${r.applied ? '  — applied' : ''}`,
        );
        const caution = calibrationCaution(r.genuine.length, r.impostor.length);
        if (caution) out(caution);
      });
    });

  faces
    .command('set-tau')
    .description("set the gallery's decision threshold")
    .argument('<tau>', 'cosine similarity in [-1, 1]')
    .action(async (t: string) => {
      const r = await withService(async (s) => s.setTau(num('tau', t)!));
      ctx.output(r, () => out(`τ = ${r.tau}`));
    });

  faces
    .command('reembed')
    .description('recompute every embedding from the stored aligned crops with the current model')
    .action(async () => {
      const r = await withService((s) => s.reembed((d, n) => ctx.progress(`reembed ${d}/${n}`)));
      ctx.output(r, () => out(`re-embedded ${r.faces} face(s) with ${r.model}@${r.version}`));
    });

  registerPersonalizationCommands(faces, ctx, withService); // issue 17 item 8
}

/** One person or stranger of a video and when they appear. */
function appearanceLine(a: FaceAppearance): string {
  const spans = a.segments
    .map((s) => `${clock(s.start)}–${clock(s.end)}${s.bestSimilarity !== undefined ? ` (${s.bestSimilarity.toFixed(2)})` : ''}`)
    .join(', ');
  return `${a.name.padEnd(14)} ${spans}  ${a.tracks} track(s)`;
}
