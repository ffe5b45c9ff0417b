/**
 * Safe enrollment, checked in the renderer with the engine's own answers
 * before anything is written: every shot is recognized (how many faces, who
 * they look like), a shot with several faces waits for the user to pick one,
 * every pair of shots is verified against τ, and a match with an existing
 * person above τ is offered as "add to them instead?".
 */
import type { RecognizedFace, VwClient } from '../../../../preload/contract';

export interface Shot {
  id: number;
  name: string;
  data: Uint8Array;
  /** Faces the engine found in the shot (after a check). */
  faces?: RecognizedFace[];
  /** Which face the user picked when there were several. */
  chosen?: number;
}

export interface Disagreement {
  a: string;
  b: string;
  similarity: number;
}

export interface LookAlike {
  shot: string;
  personId: number;
  name: string;
  similarity: number;
}

export interface Review {
  disagreements: Disagreement[];
  lookAlikes: LookAlike[];
  tau: number;
}

/** Recognize each shot not yet checked (faces + their best gallery match). */
export async function detectShots(client: VwClient, shots: Shot[], tau?: number): Promise<Shot[]> {
  return Promise.all(
    shots.map(async (s) => {
      if (s.faces) return s;
      try {
        const r = await client.call('vw:faces.recognize', { image: s.data, tau });
        return { ...s, faces: r.faces, chosen: r.faces.length === 1 ? 0 : undefined };
      } catch {
        // An unreadable shot: the enrollment itself reports why.
        return { ...s, faces: [] };
      }
    }),
  );
}

export const needsChoice = (s: Shot): boolean => (s.faces?.length ?? 0) > 1 && s.chosen === undefined;

/** The bytes to enroll for a shot: the picked face cut out with a margin when the photo has several. */
export async function shotBytes(s: Shot): Promise<Uint8Array> {
  if (!s.faces || s.faces.length < 2 || s.chosen === undefined) return s.data;
  const [x1, y1, x2, y2] = s.faces[s.chosen]!.box;
  const bitmap = await createImageBitmap(new Blob([s.data as Uint8Array<ArrayBuffer>]));
  const m = 0.6 * Math.max(x2 - x1, y2 - y1);
  const left = Math.max(0, Math.floor(x1 - m));
  const top = Math.max(0, Math.floor(y1 - m));
  const right = Math.min(bitmap.width, Math.ceil(x2 + m));
  const bottom = Math.min(bitmap.height, Math.ceil(y2 + m));
  const c = document.createElement('canvas');
  c.width = right - left;
  c.height = bottom - top;
  c.getContext('2d')!.drawImage(bitmap, left, top, c.width, c.height, 0, 0, c.width, c.height);
  const blob = await new Promise<Blob>((res, rej) =>
    c.toBlob((b) => (b ? res(b) : rej(new Error('could not encode the crop'))), 'image/jpeg', 0.95),
  );
  return new Uint8Array(await blob.arrayBuffer());
}

/** Every pair of face-bearing shots verified against τ; look-alikes among existing people. */
export async function reviewShots(client: VwClient, shots: Shot[], name: string, tau: number): Promise<Review> {
  const usable = shots.filter((s) => s.faces && s.faces.length > 0 && s.chosen !== undefined);
  const bytes = await Promise.all(usable.map(shotBytes));
  const disagreements: Disagreement[] = [];
  for (let i = 0; i < usable.length; i++)
    for (let j = i + 1; j < usable.length; j++) {
      try {
        const v = await client.call('vw:faces.verify', { a: bytes[i]!, b: bytes[j]!, tau });
        if (v.similarity < tau) disagreements.push({ a: usable[i]!.name, b: usable[j]!.name, similarity: v.similarity });
      } catch {
        // A shot without a usable face is reported by the enrollment.
      }
    }
  const lookAlikes: LookAlike[] = [];
  for (const s of usable) {
    const best = s.faces![s.chosen!]!.best;
    if (best && best.similarity >= tau && best.name.toLowerCase() !== name.trim().toLowerCase())
      lookAlikes.push({ shot: s.name, personId: best.personId, name: best.name, similarity: best.similarity });
  }
  return { disagreements, lookAlikes, tau };
}
