// The transform that carries a reused map image to the camera's new position, and when the
// image must be redrawn instead.
import { describe, expect, it } from 'vitest';
import { reuseTransform } from '../../../src-renderer/topology/reuse-transform.js';

const view = { width: 1000, height: 800 };
const drawn = { ref: { x: 500, y: 400 }, ref2: { x: 600, y: 400 } };
const parse = (t: string) => {
  const m = /translate\((-?[\d.e-]+)px, (-?[\d.e-]+)px\)(?: scale\(([\d.e-]+)\))?/.exec(t)!;
  return { tx: Number(m[1]), ty: Number(m[2]), k: m[3] ? Number(m[3]) : 1 };
};

describe('reuseTransform', () => {
  it('shifts by exactly the pan', () => {
    const t = reuseTransform(drawn, { x: 530, y: 380 }, { x: 630, y: 380 }, view)!;
    expect(parse(t)).toEqual({ tx: 30, ty: -20, k: 1 });
  });
  it('scales about the zoom centre so both reference points land where the camera puts them', () => {
    // Zoom 1.5× about (200, 100): a point p goes to c + 1.5 (p − c).
    const at = (p: { x: number; y: number }) => ({ x: 200 + 1.5 * (p.x - 200), y: 100 + 1.5 * (p.y - 100) });
    const { tx, ty, k } = parse(reuseTransform(drawn, at(drawn.ref), at(drawn.ref2), view)!);
    expect(k).toBeCloseTo(1.5, 9);
    for (const p of [drawn.ref, drawn.ref2]) {
      expect(k * p.x + tx).toBeCloseTo(at(p).x, 6);
      expect(k * p.y + ty).toBeCloseTo(at(p).y, 6);
    }
  });
  it('asks for a redraw past a quarter of the view uncovered or a 2× zoom', () => {
    expect(reuseTransform(drawn, { x: 760, y: 400 }, { x: 860, y: 400 }, view)).toBeNull(); // 26 % uncovered
    expect(reuseTransform(drawn, { x: 740, y: 400 }, { x: 840, y: 400 }, view)).not.toBeNull();
    expect(reuseTransform(drawn, { x: 500, y: 400 }, { x: 710, y: 400 }, view)).toBeNull(); // 2.1×
    expect(reuseTransform(drawn, { x: 500, y: 400 }, { x: 570, y: 400 }, view)).toBeNull(); // 0.7×: edges uncovered
    expect(reuseTransform(drawn, { x: 500, y: 400 }, { x: 500, y: 400 }, view)).toBeNull(); // degenerate
  });
});
