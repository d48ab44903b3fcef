// Escaping for the HTML and SVG the report renderers write by hand (no template engine, so every
// piece of user or network data — hostnames, filters, interface names — passes through here).

export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Numbers in SVG coordinates: short, never exponent notation, never NaN. */
export function coord(value: number): string {
  if (!Number.isFinite(value)) return '0';
  return (Math.round(value * 10) / 10).toString();
}
