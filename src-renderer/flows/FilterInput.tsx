// The filter box: the flow filter language with autocomplete (Tab/Enter to take a suggestion,
// arrows to move) and, when the service rejects the filter, the reason shown under the exact
// column it points at.
import { useMemo, useRef, useState } from 'react';
import { applySuggestion, complete, type CompletionContext } from './filter-autocomplete.js';

export interface FilterInputProps {
  value: string;
  onCommit(filter: string): void;
  /** Column (1-based) and reason of the current filter's error, if any. */
  error: { column: number; reason: string } | null;
  knownValues?: Record<string, string[]>;
}

export function FilterInput({ value, onCommit, error, knownValues }: FilterInputProps) {
  const [text, setText] = useState(value);
  const [cursor, setCursor] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const [lastValue, setLastValue] = useState(value);
  // The filter this box committed last: when the URL catches up with it, the box keeps what the
  // engineer has typed since; any other new value (a click-to-filter, back/forward) replaces it.
  const [committed, setCommitted] = useState<string | null>(null);
  if (value !== lastValue) {
    setLastValue(value);
    if (value !== committed) setText(value);
    setCommitted(null);
  }
  const ctx: CompletionContext = useMemo(() => complete(text, cursor, knownValues), [text, cursor, knownValues]);
  const suggestions = open ? ctx.suggestions.slice(0, 12) : [];

  const take = (i: number) => {
    const s = suggestions[i];
    if (!s) return;
    const next = applySuggestion(text, cursor, ctx, s);
    setText(next.text);
    setCursor(next.cursor);
    setActive(0);
    // Put the caret after the suggestion once React has written the text — unless the engineer
    // has typed on meanwhile (a late frame would pull the caret back into what they typed).
    requestAnimationFrame(() => {
      if (input.current?.value === next.text) input.current.setSelectionRange(next.cursor, next.cursor);
    });
  };

  return (
    <div className="filter-input">
      <input
        ref={input}
        aria-label="Filter"
        aria-invalid={!!error}
        aria-describedby={error ? 'filter-error' : undefined}
        spellCheck={false}
        placeholder="Filter, e.g. protocol = tcp and dst_port in (80, 443) and not src_addr << 10.0.0.0/8"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setCursor(e.target.selectionStart ?? e.target.value.length);
          setOpen(true);
          setActive(0);
        }}
        onKeyUp={(e) => setCursor((e.target as HTMLInputElement).selectionStart ?? text.length)}
        onClick={(e) => setCursor((e.target as HTMLInputElement).selectionStart ?? text.length)}
        onFocus={() => setOpen(true)}
        // Closed a moment after the box loses focus (a click on a suggestion lands first), unless
        // focus has come back meanwhile: a late timer must not hide what is being typed.
        onBlur={() => setTimeout(() => document.activeElement !== input.current && setOpen(false), 150)}
        onKeyDown={(e) => {
          const n = suggestions.length;
          if (n && (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Tab')) {
            e.preventDefault();
            if (e.key === 'Tab') take(active);
            else setActive((active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
          } else if (e.key === 'Escape') setOpen(false);
          else if (e.key === 'Enter') {
            e.preventDefault();
            setOpen(false);
            setCommitted(text.trim());
            onCommit(text.trim());
          }
        }}
      />
      {suggestions.length > 0 && (
        <ul className="suggestions" role="listbox" aria-label="Filter suggestions">
          {suggestions.map((s, i) => (
            <li key={s.insert} role="option" aria-selected={i === active} onMouseDown={(e) => (e.preventDefault(), take(i))}>
              <code>{s.label}</code> {s.detail && <span className="muted">{s.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <div id="filter-error" className="filter-error" role="alert" data-testid="filter-error" data-column={error.column}>
          <pre>
            {text}
            {'\n'}
            {' '.repeat(Math.max(0, error.column - 1))}^
          </pre>
          <span>
            column {error.column}: {error.reason}
          </span>
        </div>
      )}
    </div>
  );
}
