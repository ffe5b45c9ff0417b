import { useEffect, useLayoutEffect, useRef } from 'react';

/**
 * Global keyboard shortcuts, e.g. `{ 'Alt+C': toggleCamera, 'Ctrl+Enter': run }`.
 * Single-key combos without a modifier are ignored while typing in a field.
 */
export function useShortcuts(bindings: Record<string, () => void>, enabled = true): void {
  const ref = useRef(bindings);
  // Updated as the render commits, not after paint: a key pressed as soon as the screen shows a new
  // state (the camera live) must reach the handlers of that state. With a passive effect there was a
  // window — long on a busy machine — where the page showed "live" but the key still ran the handler
  // of the render before, which saw the camera off and dropped the key (issue 13).
  useLayoutEffect(() => {
    ref.current = bindings;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      const combo = comboOf(e);
      const fn = ref.current[combo];
      if (!fn) return;
      const typing = isTyping(e.target);
      if (typing && !e.altKey && !e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      fn();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/** "Ctrl+Alt+Shift+X" in a fixed order; letters upper-case, from `code` so Alt on macOS still works. */
export function comboOf(e: KeyboardEvent): string {
  let key = e.key;
  if (/^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  else if (/^Digit[0-9]$/.test(e.code)) key = e.code.slice(5);
  else if (key.length === 1) key = key.toUpperCase();
  const mods = [e.ctrlKey || e.metaKey ? 'Ctrl' : '', e.altKey ? 'Alt' : '', e.shiftKey ? 'Shift' : ''].filter(Boolean);
  return [...mods, key].join('+');
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
