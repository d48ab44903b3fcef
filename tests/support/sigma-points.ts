// Where sigma drew things, in page coordinates, so a UI test can click a device or a link the
// way an engineer does; and what each link direction looks like after the view's reducers
// (a highlighted path keeps its colour, the rest is dimmed).
import type { Page } from 'playwright-core';

interface Probe {
  sigma: {
    graphToViewport(p: { x: number; y: number }): { x: number; y: number };
    getContainer(): HTMLElement;
    getEdgeDisplayData(edge: string): { color: string; size: number } | undefined;
  };
  graph: {
    getNodeAttributes(n: string): { x: number; y: number };
    getEdgeAttributes(e: string): { linkId: string };
    extremities(e: string): [string, string];
    edges(): string[];
    nodes(): string[];
  };
  /** The renderer's picker: where each link direction's bar is drawn, in viewport pixels. */
  tuning: { picker: { segment(edge: string): { ax: number; ay: number; bx: number; by: number } | null } };
}

/** The page point at the centre of a device. */
export async function nodePoint(page: Page, node: string): Promise<{ x: number; y: number }> {
  return page.evaluate((node) => {
    const { sigma, graph } = (window as unknown as { __netweaverTopology: Probe }).__netweaverTopology;
    const p = sigma.graphToViewport(graph.getNodeAttributes(node));
    const r = sigma.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, node);
}

/** The page point halfway along a link direction's own bar (Weathermap half-links: A→B is drawn from A to the midpoint, in its lane). */
export async function edgePoint(page: Page, edge: string): Promise<{ x: number; y: number }> {
  return page.evaluate((edge) => {
    const { sigma, tuning } = (window as unknown as { __netweaverTopology: Probe }).__netweaverTopology;
    const s = tuning.picker.segment(edge);
    if (!s) throw new Error(`sigma-points: link direction ${edge} is not drawn`);
    const r = sigma.getContainer().getBoundingClientRect();
    return { x: r.left + (s.ax + s.bx) / 2, y: r.top + (s.ay + s.by) / 2 };
  }, edge);
}

/** Link ids whose edges are drawn emphasised: not dimmed to the background's grey. */
export async function emphasisedLinks(page: Page, dimmed: string[]): Promise<string[]> {
  return page.evaluate((dimmed) => {
    const { sigma, graph } = (window as unknown as { __netweaverTopology: Probe }).__netweaverTopology;
    const out = new Set<string>();
    for (const e of graph.edges()) {
      const d = sigma.getEdgeDisplayData(e);
      if (d && !dimmed.includes(d.color.toLowerCase())) out.add(graph.getEdgeAttributes(e).linkId);
    }
    return [...out].sort();
  }, dimmed);
}

export interface DrawnLinks {
  /** How many link directions per utilisation band. */
  bands: Record<string, number>;
  /** Each direction's utilisation as the map model holds it (edge key → fraction). */
  utilisation: Record<string, number>;
}

/** The map's model as drawn: directions per band, and each direction's utilisation. */
export async function drawnLinks(page: Page): Promise<DrawnLinks> {
  return page.evaluate(() => {
    const { graph } = (window as unknown as { __netweaverTopology: { graph: { forEachEdge(f: (key: string, a: { band: string; utilisation: number }) => void): void } } }).__netweaverTopology;
    const bands: Record<string, number> = {};
    const utilisation: Record<string, number> = {};
    graph.forEachEdge((key, a) => {
      bands[a.band] = (bands[a.band] ?? 0) + 1;
      utilisation[key] = a.utilisation;
    });
    return { bands, utilisation };
  });
}

/** Whether the dashed "failed" overlay is on screen (drawn on sigma's layer between links and devices, taken out of the page while no link is failed). */
export async function failedDashesShown(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLElement>('canvas.sigma-edgeLabels');
    return !!c && getComputedStyle(c).display !== 'none' && getComputedStyle(c).visibility !== 'hidden';
  });
}
