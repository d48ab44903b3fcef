// The keyboard-shortcut overlay (press ?).
import type { Shortcut } from '../state/use-shortcuts.js';

export function HelpOverlay({ shortcuts, onClose }: { shortcuts: Shortcut[]; onClose(): void }) {
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={onClose}>
      <div className="overlay-panel" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {shortcuts.map((s) => (
              <tr key={s.key}>
                <td>
                  <kbd>{s.key}</kbd>
                </td>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button onClick={onClose}>Close (Esc)</button>
      </div>
    </div>
  );
}
