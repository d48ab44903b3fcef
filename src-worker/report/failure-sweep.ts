// Worst-case failure sweep for the failure-analysis report: routes the traffic matrix with every
// single link, node and SRLG failure in turn (the routing engine's failure masks and ECMP
// routing) and reports, per scenario, the maximum utilisation of the surviving links and the
// traffic left without a path; per link, its worst utilisation and which failure causes it; and
// for the worst scenarios a what-if diff against the intact network.
import { compileTopology } from '../graph/compact-graph.js';
import type { Demand, Topology } from '../graph/topology.js';
import { compileDemands } from '../routing/demand-set.js';
import { EcmpScratch, maxUtilisation, routeDemands } from '../routing/ecmp.js';
import { allSingleFailures, describeFailure, failureMasks, type FailureKind } from '../routing/failures.js';
import { linkLoads, networkSnapshot, type NetworkSnapshot } from './network-snapshot.js';

export interface FailureScenario {
  failure: string;
  kind: FailureKind;
  id: string;
  /** Max utilisation over surviving links with a known capacity. */
  mlu: number;
  mluLink: string | null;
  unroutedRate: number;
  unroutedDemands: number;
  /** Surviving links above 100 % and above 80 % (worse direction). */
  overloadedLinks: number;
  linksOver80: number;
}

export interface LinkWorstCase {
  link: string;
  a: string;
  b: string;
  baseline: number | null;
  worst: number | null;
  worstFailure: string | null;
}

export interface WhatIfDiff {
  failure: string;
  /** Links whose utilisation changed, largest increase first. */
  changes: { link: string; a: string; b: string; before: number | null; after: number | null; delta: number; down: boolean }[];
  /** Link utilisation (worse direction) with the failure applied, for the drawing; null = down or unknown. */
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
}

export function failureSweep(topology: Topology, demands: readonly Demand[], options: FailureSweepOptions = {}): FailureSweepResult {
  const kinds = options.kinds ?? ['link', 'node', 'srlg'];
  const g = compileTopology(topology);
  const ds = compileDemands(g, demands);
  const baseline = networkSnapshot(topology, demands);
  const baseUtil = new Map(baseline.links.map((l) => [l.id, l.utilisation]));
  const failures = allSingleFailures(g, kinds);
  const scratch = new EcmpScratch(g);
  const scenarios: FailureScenario[] = [];
  const worst = new Map<string, { util: number; failure: string }>();
  const perScenarioLinks = new Map<string, { util: Map<string, number | null>; down: Set<string> }>();
  let partial = false;
  failures.forEach((f, i) => {
    if (partial || options.cancelled?.()) {
      partial = true;
      return;
    }
    const masks = failureMasks(g, [f]);
    const result = routeDemands(g, ds, { arcDown: masks.arcDown, nodeDown: masks.nodeDown }, scratch);
    const { mlu, arc } = maxUtilisation(result.utilisation, masks.arcDown);
    const links = linkLoads(topology, g, result, masks.arcDown);
    const name = describeFailure(f);
    // A link is down when every arc of it is (a failed node takes its links with it).
    const down = new Set<string>();
    topology.links.forEach((link, l) => {
      const ab = g.linkArcA[l]!;
      const ba = g.linkArcB[l]!;
      if (masks.arcDown[ab] && (ba < 0 || masks.arcDown[ba])) down.add(link.id);
    });
    let over100 = 0;
    let over80 = 0;
    const util = new Map<string, number | null>();
    for (const l of links) {
      const u = down.has(l.id) ? null : l.utilisation;
      util.set(l.id, u);
      if (u === null) continue;
      if (u >= 1) over100++;
      if (u >= 0.8) over80++;
      const w = worst.get(l.id);
      if (!w || u > w.util) worst.set(l.id, { util: u, failure: name });
    }
    perScenarioLinks.set(name, { util, down });
    scenarios.push({
      failure: name,
      kind: f.kind,
      id: f.id,
      mlu,
      mluLink: arc >= 0 ? topology.links[g.linkOf[arc]!]!.id : null,
      unroutedRate: result.unroutedRate,
      unroutedDemands: result.unrouted.length,
      overloadedLinks: over100,
      linksOver80: over80,
    });
    options.onProgress?.(i + 1, failures.length);
  });
  // Worst first: traffic lost outranks congestion, then the highest MLU.
  scenarios.sort((x, y) => y.unroutedRate - x.unroutedRate || y.mlu - x.mlu || (x.failure < y.failure ? -1 : 1));
  const links: LinkWorstCase[] = baseline.links.map((l) => {
    const w = worst.get(l.id);
    const base = baseUtil.get(l.id) ?? null;
    const worse = w && (base === null || w.util > base);
    return { link: l.id, a: l.aName, b: l.bName, baseline: base, worst: w ? Math.max(w.util, base ?? -Infinity) : base, worstFailure: worse ? w!.failure : null };
  });
  links.sort((x, y) => (y.worst ?? -1) - (x.worst ?? -1) || (x.link < y.link ? -1 : 1));
  const names = new Map(baseline.links.map((l) => [l.id, l]));
  const whatIf: WhatIfDiff[] = scenarios.slice(0, options.diffs ?? 3).map((s) => {
    const after = perScenarioLinks.get(s.failure)!;
    const changes = baseline.links
      .map((l) => {
        const before = l.utilisation;
        const isDown = after.down.has(l.id);
        const now = after.util.get(l.id) ?? null;
        const delta = isDown ? -(before ?? 0) : (now ?? 0) - (before ?? 0);
        return { link: l.id, a: names.get(l.id)!.aName, b: names.get(l.id)!.bName, before, after: now, delta, down: isDown };
      })
      .filter((c) => c.down || Math.abs(c.delta) > 1e-9)
      .sort((x, y) => Number(y.down) - Number(x.down) || y.delta - x.delta);
    return { failure: s.failure, changes, utilisation: Object.fromEntries(after.util), down: [...after.down] };
  });
  return { baseline, kinds, scenarios, links, whatIf, partial };
}
