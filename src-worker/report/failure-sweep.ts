// Failure analysis data for reports, from the routing engine: its incremental single-failure
// sweep (run in parallel chunks by the host, or here in one go) (every link, node and SRLG failure: MLU, the link carrying it, traffic stranded, and per
// link direction the worst utilisation and its cause) and its what-if engine for the diffs of
// the worst failures against the intact network. This file only shapes their results per link
// for the report's tables and drawings.
import { arcName, compileTopology } from '../graph/compact-graph.js';
import type { Demand, Topology } from '../graph/topology.js';
import { compileDemands } from '../routing/demand-set.js';
import { allSingleFailures, describeFailure, type FailureKind } from '../routing/failures.js';
import { RoutingState } from '../routing/routing-state.js';
import { mergeSweepChunks, sweepFailures, type SweepChunk } from '../routing/sweep.js';
import { WhatIfEngine } from '../routing/whatif.js';
import { networkSnapshot, type NetworkSnapshot } from './network-snapshot.js';

export interface FailureScenario {
  failure: string;
  kind: FailureKind;
  id: string;
  /** Max utilisation over surviving link directions with a known capacity. */
  mlu: number;
  /** "A→B (link)" carrying it. */
  mluLink: string | null;
  /** Traffic with no path beyond what the intact network already strands. */
  unroutedRate: number;
}

export interface LinkWorstCase {
  link: string;
  a: string;
  b: string;
  baseline: number | null;
  worst: number | null;
  /** null when no failure makes the link busier than in the intact network. */
  worstFailure: string | null;
}

export interface WhatIfDiff {
  failure: string;
  mluBefore: number;
  mluAfter: number;
  lostRate: number;
  changedDemands: number;
  /** Link directions whose utilisation changed or that went down, largest increase first. */
  changes: { link: string; from: string; to: string; before: number | null; after: number | null; delta: number; down: boolean }[];
  /** Per link (worse direction) with the failure applied, for the drawing; null = down or unknown. */
  utilisation: Record<string, number | null>;
  down: string[];
}

export interface FailureSweepResult {
  baseline: NetworkSnapshot;
  kinds: FailureKind[];
  scenarios: FailureScenario[];
  links: LinkWorstCase[];
  whatIf: WhatIfDiff[];
  /** True when cancelled part-way: the scenarios swept so far. */
  partial: boolean;
}

export interface FailureSweepOptions {
  kinds?: FailureKind[];
  /** How many of the worst scenarios get a what-if diff. */
  diffs?: number;
  onProgress?: (done: number, total: number) => void;
  cancelled?: () => boolean;
  /** The sweep already evaluated by parallel `routing.sweep` jobs (host's runSweepChunks): merged
   *  here instead of sweeping again. */
  chunks?: SweepChunk[];
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function worse(x: number | null, y: number | null): number | null {
  return x === null ? y : y === null ? x : Math.max(x, y);
}

export function failureSweep(topology: Topology, demands: readonly Demand[], options: FailureSweepOptions = {}): FailureSweepResult {
  const kinds = options.kinds ?? ['link', 'node', 'srlg'];
  const g = compileTopology(topology);
  const ds = compileDemands(g, demands, 'report');
  const baseline = networkSnapshot(topology, demands);
  const state = RoutingState.create(g, ds);
  const failures = allSingleFailures(g, kinds);
  const chunk = options.chunks
    ? options.chunks.length
      ? mergeSweepChunks(options.chunks)
      : sweepFailures(state, failures, { start: 0, end: 0 })
    : sweepFailures(state, failures, { progress: options.onProgress, cancelled: options.cancelled });
  const baseUnrouted = state.result.unroutedRate;
  const scenarios: FailureScenario[] = [];
  for (let i = 0; i < chunk.end - chunk.start; i++) {
    const mlu = chunk.failureMlu[i]!;
    if (Number.isNaN(mlu)) continue; // not evaluated (cancelled) or not applicable
    const f = failures[chunk.start + i]!;
    scenarios.push({
      failure: describeFailure(f),
      kind: f.kind,
      id: f.id,
      mlu,
      mluLink: arcName(g, chunk.failureMluArc[i]!),
      unroutedRate: Math.max(0, chunk.failureUnrouted[i]! - baseUnrouted),
    });
  }
  // Worst first: traffic lost outranks congestion, then the highest MLU.
  scenarios.sort((x, y) => y.unroutedRate - x.unroutedRate || y.mlu - x.mlu || (x.failure < y.failure ? -1 : 1));
  const names = new Map(topology.nodes.map((n) => [n.id, n.name || n.id]));
  const links: LinkWorstCase[] = topology.links.map((link, l) => {
    const arcs = [g.linkArcA[l]!, g.linkArcB[l]!].filter((a) => a >= 0);
    let worst: number | null = null;
    let cause: string | null = null;
    let base: number | null = null;
    for (const a of arcs) {
      base = worse(base, finite(state.result.utilisation[a]!));
      const w = finite(chunk.worstUtilisation[a]!);
      if (w !== null && (worst === null || w > worst)) {
        worst = w;
        cause = chunk.worstFailure[a]! >= 0 ? describeFailure(failures[chunk.worstFailure[a]!]!) : null;
      }
    }
    return { link: link.id, a: names.get(link.a) ?? link.a, b: names.get(link.b) ?? link.b, baseline: base, worst: worse(worst, base), worstFailure: cause };
  });
  links.sort((x, y) => (y.worst ?? -1) - (x.worst ?? -1) || (x.link < y.link ? -1 : 1));
  const engine = WhatIfEngine.create(topology, demands);
  const byName = new Map(failures.map((f) => [describeFailure(f), f]));
  const whatIf: WhatIfDiff[] = scenarios.slice(0, options.diffs ?? 3).map((s) => {
    const r = engine.run([{ kind: 'fail', failure: byName.get(s.failure)! }], { detail: 0 });
    const perLink = new Map<string, { util: number | null; down: boolean }>();
    for (const d of r.links) {
      const cur = perLink.get(d.link) ?? { util: null, down: true };
      cur.down = cur.down && d.down;
      if (!d.down) cur.util = worse(cur.util, finite(d.utilisationAfter));
      perLink.set(d.link, cur);
    }
    const changes = r.links
      .map((d) => {
        const before = finite(d.utilisationBefore);
        const after = d.down ? null : finite(d.utilisationAfter);
        return { link: d.link, from: names.get(d.from) ?? d.from, to: names.get(d.to) ?? d.to, before, after, delta: d.down ? -(before ?? 0) : (after ?? 0) - (before ?? 0), down: d.down };
      })
      .filter((c) => c.down || Math.abs(c.delta) > 1e-9)
      .sort((x, y) => Number(y.down) - Number(x.down) || y.delta - x.delta || (x.link < y.link ? -1 : 1));
    return {
      failure: s.failure,
      mluBefore: r.before.mlu,
      mluAfter: r.after.mlu,
      lostRate: r.lostRate,
      changedDemands: r.changedPathCount,
      changes,
      utilisation: Object.fromEntries([...perLink].map(([id, v]) => [id, v.down ? null : v.util])),
      down: [...perLink].filter(([, v]) => v.down).map(([id]) => id),
    };
  });
  return { baseline, kinds, scenarios, links, whatIf, partial: chunk.cancelled };
}
