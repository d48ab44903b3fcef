// Where the last drawn map image goes while the camera moves: render-tuning.ts reuses the links
// and devices images during pans and zooms, carried by a CSS transform computed here from where
// two fixed graph points were drawn and where they are now.

/** A motion that leaves more than this share of the view uncovered by the reused image redraws it. */
const MAX_SHIFT = 0.25;
/** A zoom that scales the reused image beyond this factor (either way) redraws it. */
const MAX_SCALE = 2;

type Point = { x: number; y: number };

/**
 * The CSS transform (origin top left) that carries the last drawn image to where the camera is
 * now, from where two fixed graph points were drawn and are now; null when that image would be
 * scaled past MAX_SCALE or leave more than MAX_SHIFT of the view uncovered.
 */
export function reuseTransform(drawn: { ref: Point; ref2: Point }, ref: Point, ref2: Point, view: { width: number; height: number }): string | null {
  const k = Math.hypot(ref2.x - ref.x, ref2.y - ref.y) / Math.hypot(drawn.ref2.x - drawn.ref.x, drawn.ref2.y - drawn.ref.y);
  if (!Number.isFinite(k) || k > MAX_SCALE || k < 1 / MAX_SCALE) return null;
  const tx = ref.x - k * drawn.ref.x;
  const ty = ref.y - k * drawn.ref.y;
  const covered = (t: number, size: number) => Math.min(size, t + k * size) - Math.max(0, t);
  if (covered(tx, view.width) < (1 - MAX_SHIFT) * view.width || covered(ty, view.height) < (1 - MAX_SHIFT) * view.height) return null;
  return k === 1 ? `translate(${tx}px, ${ty}px)` : `translate(${tx}px, ${ty}px) scale(${k})`;
}
