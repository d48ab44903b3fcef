// The utilisation legend in the map's corner: the bands, failed, unknown, and how to read
// width and the two halves of a link.
import { BANDS, FAILED_BAND, UNKNOWN_BAND, bandColour } from './utilisation-bands.js';

export function TopologyLegend({ theme, hasLoads }: { theme: 'light' | 'dark'; hasLoads: boolean }) {
  return (
    <aside className="topology-legend" aria-label="Utilisation legend" data-testid="topology-legend">
      <strong>Utilisation</strong>
      <ul>
        {BANDS.map((b) => (
          <li key={b.id}>
            <span className="swatch" style={{ background: bandColour(b, theme) }} /> {b.label}
          </li>
        ))}
        <li>
          <span className="swatch dashed" style={{ borderColor: bandColour(FAILED_BAND, theme) }} /> failed
        </li>
        <li>
          <span className="swatch" style={{ background: bandColour(UNKNOWN_BAND, theme) }} /> {UNKNOWN_BAND.label}
        </li>
      </ul>
      <p className="muted">Width: capacity (log). Each half of a link is the direction leaving the device at that end; parallel links run side by side.</p>
      {!hasLoads && <p className="muted">No load data yet: links show as unknown.</p>}
    </aside>
  );
}
