// The intro of an area whose view is still to come: what it is for and what it will hold.
import type { Area } from './areas.js';

export function AreaIntro({ area }: { area: Area }) {
  return (
    <section className="area-intro" aria-labelledby={`intro-${area.id}`}>
      <h1 id={`intro-${area.id}`}>{area.title}</h1>
      <p className="lead">{area.summary}</p>
      <p>This area will hold:</p>
      <ul>
        {area.holds.map((h) => (
          <li key={h}>{h}</li>
        ))}
      </ul>
    </section>
  );
}
