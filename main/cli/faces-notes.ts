/**
 * The sentences `vws faces …` adds to its human output where the bare result
 * would mislead (issue 13, from the UX walkthrough): a caution on rates from
 * few pairs, a person removed with their last face, an empty gallery, a
 * look-alike at enrollment, a file name instead of "image a".
 */
import type { EnrollShot } from '../../preload/contract';
import { VwError } from '../errors';

/** Fewer pairs than these and the estimated rates are rough (the same bounds as the UI's τ panel). */
export const FEW_GENUINE = 20;
export const FEW_IMPOSTOR = 50;

export function calibrationCaution(genuine: number, impostor: number): string | undefined {
  if (genuine >= FEW_GENUINE && impostor >= FEW_IMPOSTOR) return undefined;
  return (
    `caution: ${genuine} same-person and ${impostor} different-person pairs are few; the estimated rates are rough ` +
    `(trust them from about ${FEW_GENUINE} and ${FEW_IMPOSTOR}). Enroll more photos per person.`
  );
}

/** "removed face #11" — and the person, when it was their last face. */
export function removedFaceLine(faceId: string, before: string[], after: string[]): string {
  const gone = before.filter((n) => !after.includes(n));
  return `removed face #${faceId}${gone.length ? `; ${gone.join(', ')} had no other face and ${gone.length === 1 ? 'was' : 'were'} removed too` : ''}`;
}

export const EMPTY_GALLERY =
  'note: the gallery is empty, so nobody can be recognized; enroll people first: `vws faces enroll --name NAME photos…`';

export function lookAlikeNote(shot: EnrollShot, name: string): string {
  const l = shot.lookAlike;
  if (!l) return '';
  return `  [looks like ${l.name} (${l.similarity.toFixed(2)}), already enrolled: if ${name} is ${l.name}, \`vws faces merge ${name} ${l.name}\`]`;
}

/** The service calls the two photos of `verify` "image a" and "image b": name the files. */
export function withFileNames(err: unknown, a: string, b: string): unknown {
  if (!(err instanceof VwError)) return err;
  const message = err.message.replace(/\bimage a\b/, a).replace(/\bimage b\b/, b);
  return message === err.message ? err : new VwError(err.code, message, { hint: err.hint, details: err.details });
}
