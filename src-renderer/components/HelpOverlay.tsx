// The keyboard-shortcut overlay (press ?): the shell's shortcuts, then the current view's own.
import type { Shortcut } from '../state/use-shortcuts.js';

function ShortcutTable({ shortcuts, label }: { shortcuts: Shortcut[]; label: string }) {
  return (
    <table aria-label={label}>
      <tbody>
        {shortcuts.map((s, i) => (
          <tr key={`${s.key}:${i}`}>
            <td>
              <kbd>{s.key === ' ' ? 'Space' : s.key}</kbd>
            </td>
            <td>{s.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HelpOverlay({ shortcuts, viewShortcuts = [], viewTitle, onClose }: { shortcuts: Shortcut[]; viewShortcuts?: Shortcut[]; viewTitle?: string; onClose(): void }) {
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={onClose}>
      <div className="overlay-panel" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title">Keyboard shortcuts</h2>
        <ShortcutTable shortcuts={shortcuts} label="Everywhere" />
        {viewShortcuts.length > 0 && (
          <>
            <h3>{viewTitle ? `In ${viewTitle}` : 'In this view'}</h3>
            <ShortcutTable shortcuts={viewShortcuts} label={viewTitle ? `In ${viewTitle}` : 'In this view'} />
          </>
        )}
        <button onClick={onClose}>Close (Esc)</button>
      </div>
    </div>
  );
}
