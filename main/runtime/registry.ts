/**
 * Which sessions are loaded right now, by label (engines label sessions with
 * the model id), so `vws doctor` and `vw:models.list` can report the execution
 * provider in use and the load time. Free of onnxruntime imports on purpose:
 * the model store reads it without loading the native addon.
 */
export interface LoadedSession {
  label: string;
  executionProvider: string;
  loadMs: number;
  skipped: { name: string; reason: string }[];
}

const loaded = new Map<string, LoadedSession[]>();

export function recordLoaded(s: LoadedSession): () => void {
  const list = loaded.get(s.label) ?? [];
  list.push(s);
  loaded.set(s.label, list);
  return () => {
    const l = loaded.get(s.label);
    if (!l) return;
    const i = l.indexOf(s);
    if (i >= 0) l.splice(i, 1);
    if (!l.length) loaded.delete(s.label);
  };
}

/** The most recently loaded live session with this label, if any. */
export function loadedSession(label: string): LoadedSession | undefined {
  const l = loaded.get(label);
  return l?.[l.length - 1];
}

export function loadedSessions(): LoadedSession[] {
  return [...loaded.values()].flat();
}
