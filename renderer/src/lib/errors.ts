import type { VwClientError } from '../client/errors';

/** Words for an action that failed, e.g. "Recognize" → "Couldn't recognize". */
const CODE_HINTS: Partial<Record<string, string>> = {
  E_BAD_IMAGE: 'Use a JPEG, PNG or WebP photo.',
  E_IMAGE_TOO_LARGE: 'Use a smaller photo (or scale it down first).',
  E_NO_FACE: 'Use a photo where one face is clearly visible, front on.',
  E_HOST_CRASHED: 'The engine restarts by itself; try again in a moment.',
  E_MODEL_MISSING: 'Open Models and press "Prepare all models".',
  E_NOT_AVAILABLE: 'This build has no engine for it yet.',
};

/**
 * An error as a sentence a user can act on: title = "<action>: <what went wrong>",
 * body = what to do. The code is not in either (the caller shows it on a details line).
 */
export function readableError(e: VwClientError, context?: string): { title: string; body?: string } {
  const message = e.message.replace(/^E_[A-Z_]+:?\s*/, '').trim();
  const title = context ? `${context}: ${lowerFirst(message)}` : message;
  return { title, body: e.hint ?? CODE_HINTS[e.code] };
}

function lowerFirst(s: string): string {
  // Keep proper nouns and acronyms ("ONNX", "CenterNet") as they are.
  return /^[A-Z][a-z]/.test(s) && !/^[A-Z][a-z]+[A-Z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
