// Time range picker: presets, an absolute from–to, and step back/forward by the window's width.
import { useEffect, useState } from 'react';
import { PRESETS, stepRange, type TimeRange } from './time-range.js';

export function TimeRangePicker({ range, onChange }: { range: TimeRange; onChange(range: TimeRange): void }) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  useEffect(() => (setFrom(range.from), setTo(range.to)), [range.from, range.to]);
  const preset = range.to === 'now' ? PRESETS.find((p) => p.from === range.from)?.from : undefined;
  const step = (d: -1 | 1) => {
    try {
      onChange(stepRange(range, d));
    } catch {
      /* an invalid range is shown by the view; stepping it does nothing */
    }
  };
  return (
    <div className="time-range" role="group" aria-label="Time range">
      <button onClick={() => step(-1)} title="Step back by the window's width ([)" aria-label="Step back">
        ◀
      </button>
      <select aria-label="Preset" value={preset ?? ''} onChange={(e) => e.target.value && onChange({ from: e.target.value, to: 'now' })}>
        {!preset && <option value="">Custom range</option>}
        {PRESETS.map((p) => (
          <option key={p.from} value={p.from}>
            {p.label}
          </option>
        ))}
      </select>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ from: from.trim(), to: to.trim() });
        }}
      >
        <input aria-label="From" value={from} onChange={(e) => setFrom(e.target.value)} size={24} title="now-1h, or 2026-11-24T10:00:00Z" />
        {' → '}
        <input aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} size={24} />
        <button type="submit">Apply</button>
      </form>
      <button onClick={() => step(1)} title="Step forward (])" aria-label="Step forward">
        ▶
      </button>
    </div>
  );
}
