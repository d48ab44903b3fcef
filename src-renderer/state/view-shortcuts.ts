// Shortcuts a view adds while it is shown (f = fit, / = search …). The shell lists them in the
// help overlay beside the global ones; they are removed when the view unmounts. A view and the
// map inside it may both add theirs: each caller is one registration, listed in mount order.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useShortcuts, type Shortcut } from './use-shortcuts.js';

const registrations = new Map<symbol, Shortcut[]>();
let current: Shortcut[] = [];
const listeners = new Set<() => void>();

function publish(): void {
  current = [...registrations.values()].flat();
  listeners.forEach((l) => l());
}

/** Registers, replaces or (with null) removes one caller's shortcuts; exported for tests. */
export function registerViewShortcuts(id: symbol, list: Shortcut[] | null): void {
  if (list) registrations.set(id, list);
  else registrations.delete(id);
  publish();
}

export function currentViewShortcuts(): Shortcut[] {
  return current;
}

export function useViewShortcuts(shortcuts: Shortcut[]): void {
  useShortcuts(shortcuts);
  const id = useRef(Symbol('view-shortcuts')).current;
  useEffect(() => {
    registerViewShortcuts(id, shortcuts);
    return () => registerViewShortcuts(id, null);
  }, [id, shortcuts]);
}

/** The current view's shortcuts, for the help overlay. */
export function useCurrentViewShortcuts(): Shortcut[] {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => current,
  );
}
