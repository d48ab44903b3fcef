// Finding the device or link under the pointer on the CPU, with a uniform grid over the map.
// sigma 3 picks by drawing every node and edge a second time into an offscreen framebuffer on
// every frame and reading one pixel back; on a software GPU that second pass (and the stall of
// the read-back) was a large part of each frame. Here picking costs nothing per frame: the grid
// is rebuilt lazily after the layout changes, and a query looks at a few cells.
//
// The link geometry (a straight bar from the source to the midpoint, shifted sideways by its
// lane) is computed exactly as half-link-program.ts does on the GPU, so what is picked and the
// dashed overlay drawn for failed links sit on the bars that are drawn.

export interface Point {
  x: number;
  y: number;
}

/** What picking needs from the renderer (sigma provides all of it); framed = sigma's normalised graph space. */
export interface MapProjection {
  nodes(): Iterable<string>;
  edges(): Iterable<string>;
  extremities(edge: string): [string, string];
  nodeDisplay(node: string): { x: number; y: number; size: number; hidden?: boolean } | undefined;
  edgeDisplay(edge: string): { size: number; lane?: number; half?: boolean; hidden?: boolean } | undefined;
  framedToViewport(p: Point): Point;
  viewportToFramed(p: Point): Point;
  /** Pixels on screen for a node of this size (its radius). */
  nodeRadius(size: number): number;
  /** Framed-space length of one edge-size unit (sigma: correctionRatio / sizeRatio). */
  sizeUnit(): number;
}

export interface Segment {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  /** Half the drawn width, in pixels. */
  halfWidth: number;
}

/** Buckets of item indices over a uniform grid of square cells (framed coordinates). */
export class SpatialGrid {
  private readonly buckets = new Map<number, number[]>();
  /** Items whose box covers too many cells: always tested. */
  readonly wide: number[] = [];
  constructor(
    private readonly minX: number,
    private readonly minY: number,
    readonly cell: number,
    private readonly cols: number,
    private readonly rows: number,
  ) {}

  static over(points: Point[], count: number): SpatialGrid {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of points) {
      if (p.x < minX) minX = p.x;
      if (p.y < minY) minY = p.y;
      if (p.x > maxX) maxX = p.x;
      if (p.y > maxY) maxY = p.y;
    }
    if (!Number.isFinite(minX)) return new SpatialGrid(0, 0, 1, 1, 1);
    const span = Math.max(maxX - minX, maxY - minY, 1e-9);
    const perSide = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(Math.max(1, count) / 2))));
    const cell = span / perSide;
    return new SpatialGrid(minX, minY, cell, Math.ceil((maxX - minX) / cell) + 1, Math.ceil((maxY - minY) / cell) + 1);
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.cell)));
  }
  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cell)));
  }

  insert(item: number, x0: number, y0: number, x1: number, y1: number): void {
    const c0 = this.col(Math.min(x0, x1)), c1 = this.col(Math.max(x0, x1));
    const r0 = this.row(Math.min(y0, y1)), r1 = this.row(Math.max(y0, y1));
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > 64) {
      this.wide.push(item);
      return;
    }
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) {
        const k = r * this.cols + c;
        const b = this.buckets.get(k);
        if (b) b.push(item);
        else this.buckets.set(k, [item]);
      }
  }

  /** Every item in a cell touching the square of half-side `radius` around (x, y) (may repeat). */
  query(x: number, y: number, radius: number, visit: (item: number) => void): void {
    const c0 = this.col(x - radius), c1 = this.col(x + radius);
    const r0 = this.row(y - radius), r1 = this.row(y + radius);
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) {
        const b = this.buckets.get(r * this.cols + c);
        if (b) for (const i of b) visit(i);
      }
    for (const i of this.wide) visit(i);
  }
}

function distanceToSegment(px: number, py: number, s: Segment): number {
  const dx = s.bx - s.ax, dy = s.by - s.ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - s.ax) * dx + (py - s.ay) * dy) / l2)) : 0;
  return Math.hypot(px - (s.ax + t * dx), py - (s.ay + t * dy));
}

/** Extra pixels around a bar or a disc that still count as "on" it. */
const TOLERANCE_PX = 3;

export class MapPicker {
  private nodeKeys: string[] = [];
  private nodeGrid: SpatialGrid | null = null;
  private maxNodeSize = 0;
  private edgeKeys: string[] = [];
  private edgeGrid: SpatialGrid | null = null;
  private maxEdgeReach = 0;

  constructor(private readonly map: MapProjection) {}

  /** The layout or the display data changed: rebuild the grids on the next query. */
  invalidate(): void {
    this.nodeGrid = null;
    this.edgeGrid = null;
  }

  /** The bar drawn for one link direction, in viewport pixels (null when hidden or unknown). */
  segment(edge: string): Segment | null {
    const e = this.map.edgeDisplay(edge);
    if (!e || e.hidden) return null;
    const [s, t] = this.map.extremities(edge);
    const a = this.map.nodeDisplay(s), b = this.map.nodeDisplay(t);
    if (!a || !b) return null;
    const unit = this.map.sizeUnit();
    const dx = b.x - a.x, dy = b.y - a.y;
    const len = Math.hypot(dx, dy);
    const nx = len > 0 ? -dy / len : 0, ny = len > 0 ? dx / len : 1;
    const shift = (e.lane ?? 0) * unit;
    const end = e.half ? 0.5 : 1;
    const p0 = this.map.framedToViewport({ x: a.x + nx * shift, y: a.y + ny * shift });
    const p1 = this.map.framedToViewport({ x: a.x + dx * end + nx * shift, y: a.y + dy * end + ny * shift });
    const w = this.map.framedToViewport({ x: a.x + nx * (shift + e.size * unit), y: a.y + ny * (shift + e.size * unit) });
    return { ax: p0.x, ay: p0.y, bx: p1.x, by: p1.y, halfWidth: Math.hypot(w.x - p0.x, w.y - p0.y) };
  }

  private buildNodes(): SpatialGrid {
    const pts: Point[] = [];
    this.nodeKeys = [];
    this.maxNodeSize = 0;
    for (const n of this.map.nodes()) {
      const d = this.map.nodeDisplay(n);
      if (!d) continue;
      this.nodeKeys.push(n);
      pts.push(d);
      if (d.size > this.maxNodeSize) this.maxNodeSize = d.size;
    }
    const grid = SpatialGrid.over(pts, pts.length);
    pts.forEach((p, i) => grid.insert(i, p.x, p.y, p.x, p.y));
    return (this.nodeGrid = grid);
  }

  private buildEdges(): SpatialGrid {
    const boxes: [number, number, number, number][] = [];
    const pts: Point[] = [];
    this.edgeKeys = [];
    this.maxEdgeReach = 0;
    for (const edge of this.map.edges()) {
      const e = this.map.edgeDisplay(edge);
      if (!e) continue;
      const [s, t] = this.map.extremities(edge);
      const a = this.map.nodeDisplay(s), b = this.map.nodeDisplay(t);
      if (!a || !b) continue;
      const end = e.half ? 0.5 : 1;
      const ex = a.x + (b.x - a.x) * end, ey = a.y + (b.y - a.y) * end;
      this.edgeKeys.push(edge);
      boxes.push([a.x, a.y, ex, ey]);
      pts.push(a, { x: ex, y: ey });
      this.maxEdgeReach = Math.max(this.maxEdgeReach, Math.abs(e.lane ?? 0) + e.size);
    }
    const grid = SpatialGrid.over(pts, boxes.length);
    boxes.forEach(([x0, y0, x1, y1], i) => grid.insert(i, x0, y0, x1, y1));
    return (this.edgeGrid = grid);
  }

  /** Framed-space length of `px` screen pixels at the current camera. */
  private framedPerPixel(at: Point): number {
    const a = this.map.viewportToFramed(at);
    const b = this.map.viewportToFramed({ x: at.x + 1, y: at.y });
    return Math.hypot(b.x - a.x, b.y - a.y);
  }

  nodeAt(x: number, y: number): string | null {
    const grid = this.nodeGrid ?? this.buildNodes();
    const here = this.map.viewportToFramed({ x, y });
    const radius = (this.map.nodeRadius(this.maxNodeSize) + TOLERANCE_PX) * this.framedPerPixel({ x, y });
    let best: string | null = null;
    let bestDist = Infinity;
    grid.query(here.x, here.y, radius, (i) => {
      const key = this.nodeKeys[i]!;
      const d = this.map.nodeDisplay(key);
      if (!d || d.hidden) return;
      const p = this.map.framedToViewport(d);
      const dist = Math.hypot(p.x - x, p.y - y);
      if (dist <= this.map.nodeRadius(d.size) + 1 && dist < bestDist) {
        best = key;
        bestDist = dist;
      }
    });
    return best;
  }

  edgeAt(x: number, y: number): string | null {
    const grid = this.edgeGrid ?? this.buildEdges();
    const here = this.map.viewportToFramed({ x, y });
    const radius = this.maxEdgeReach * this.map.sizeUnit() + (TOLERANCE_PX + 1) * this.framedPerPixel({ x, y });
    let best: string | null = null;
    let bestDist = Infinity;
    const seen = new Set<number>();
    grid.query(here.x, here.y, radius, (i) => {
      if (seen.has(i)) return;
      seen.add(i);
      const key = this.edgeKeys[i]!;
      const seg = this.segment(key);
      if (!seg) return;
      const dist = distanceToSegment(x, y, seg);
      if (dist <= seg.halfWidth + TOLERANCE_PX && dist < bestDist) {
        best = key;
        bestDist = dist;
      }
    });
    return best;
  }
}
