// Global keyboard shortcuts. Ignored while typing in a field, so filters can be typed freely.
import { useEffect } from 'react';

export interface Shortcut {
  key: string; // as KeyboardEvent.key, e.g. "1", "?", "d"
  description: string;
  run(): void;
}

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function useShortcuts(shortcuts: Shortcut[]): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingInField(e.target)) return;
      const match = shortcuts.find((s) => s.key === e.key);
      if (!match) return;
      e.preventDefault();
      match.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts]);
}
