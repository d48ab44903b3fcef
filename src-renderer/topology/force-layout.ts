// ForceAtlas2 in a web worker (graphology-layout-forceatlas2/worker): the page stays
// responsive while the layout settles. It runs for a time budget that grows with the network,
// then stops by itself; the caller remembers the positions.
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2LayoutSupervisor from 'graphology-layout-forceatlas2/worker';
import type { TopologyGraph } from './graph-model.js';

export interface LayoutRun {
  /** Stop now and keep the positions (calls onDone). */
  stop(): void;
  /** Stop without calling onDone (view unmounted). */
  kill(): void;
}

/** Seconds of layout: 2 s for a small network, up to 20 s for tens of thousands of devices. */
export function layoutBudgetMs(nodeCount: number): number {
  return Math.min(20_000, 2_000 + nodeCount * 1.5);
}

export function runForceAtlas2(graph: TopologyGraph, options: { onDone(): void; budgetMs?: number }): LayoutRun {
  const settings = forceAtlas2.inferSettings(graph);
  const supervisor = new FA2LayoutSupervisor(graph, {
    settings: { ...settings, barnesHutOptimize: graph.order > 500, adjustSizes: false, linLogMode: false, slowDown: 1 + Math.log10(Math.max(1, graph.order)) },
    getEdgeWeight: null,
  });
  supervisor.start();
  let finished = false;
  const finish = (notify: boolean) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    supervisor.kill();
    if (notify) options.onDone();
  };
  const timer = setTimeout(() => finish(true), options.budgetMs ?? layoutBudgetMs(graph.order));
  return { stop: () => finish(true), kill: () => finish(false) };
}
