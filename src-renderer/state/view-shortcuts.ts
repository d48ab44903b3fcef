// Shortcuts a view adds while it is shown (f = fit, / = search …). The shell lists them in the
// help overlay beside the global ones; they are removed when the view unmounts.
import { useEffect, useSyncExternalStore } from 'react';
import { useShortcuts, type Shortcut } from './use-shortcuts.js';

let current: Shortcut[] = [];
const listeners = new Set<() => void>();

function publish(list: Shortcut[]): void {
  current = list;
  listeners.forEach((l) => l());
}

export function useViewShortcuts(shortcuts: Shortcut[]): void {
  useShortcuts(shortcuts);
  useEffect(() => {
    publish(shortcuts);
    return () => publish([]);
  }, [shortcuts]);
}

/** The current view's shortcuts, for the help overlay. */
export function useCurrentViewShortcuts(): Shortcut[] {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => current,
  );
}
