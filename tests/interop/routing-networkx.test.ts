// Shortest-path distances, ECMP link loads and k shortest paths against networkx (Debian's
// python3-networkx), computed at test time from the original Topology Zoo and REPETITA files.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileTopology, type CompactGraph } from '../../src-worker/graph/compact-graph.js';
import { importTopologyText, importDemandsText } from '../../src-worker/graph/topology-import.js';
import type { Demand } from '../../src-worker/graph/topology.js';
import { compileDemands } from '../../src-worker/routing/demand-set.js';
import { dijkstra } from '../../src-worker/routing/dijkstra.js';
import { routeDemands } from '../../src-worker/routing/ecmp.js';
import { kShortestPaths } from '../../src-worker/routing/yen.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { debianPython, pythonHasModule } from '../support/tools.js';

const here = dirname(fileURLToPath(import.meta.url));
const haveNetworkx = pythonHasModule('networkx');
const skip = !sharedPresent || !haveNetworkx;
const why = !sharedPresent ? sharedMissingReason : 'needs python3-networkx for /usr/bin/python3 (apt-get install python3-networkx)';

interface Oracle {
  nodes: string[];
  dist: Record<string, Record<string, number>>;
  loads: Record<string, number>;
  ksp: { s: string; t: string; paths: { cost: number; nodes: string[] }[] }[];
}

function oracle(query: object): Oracle {
  const out = execFileSync(debianPython, [join(here, 'routing-networkx-oracle.py')], { input: JSON.stringify(query), maxBuffer: 256 << 20 });
  return JSON.parse(out.toString()) as Oracle;
}

/** Arc → the key the oracle uses: REPETITA edge label, or GraphML "<edge id>:ab|ba". */
function arcKeys(g: CompactGraph, kind: 'repetita' | 'graphml', labels: (string | undefined)[]): string[] {
  return Array.from({ length: g.arcCount }, (_, a) => {
    const l = g.linkOf[a]!;
    const isA = g.linkArcA[l] === a;
    if (kind === 'repetita') return labels[l]!.split('/')[isA ? 0 : 1]!;
    return `${g.linkIds[l]}:${isA ? 'ab' : 'ba'}`;
  });
}

function hasParallelArcs(g: CompactGraph): boolean {
  const seen = new Set<number>();
  for (let a = 0; a < g.arcCount; a++) {
    const key = g.tail[a]! * g.nodeCount + g.head[a]!;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

interface Case {
  kind: 'repetita' | 'graphml';
  name: string;
}

const CASES: Case[] = [
  { kind: 'repetita', name: 'Abilene' },
  { kind: 'repetita', name: 'Cogentco' },
  { kind: 'repetita', name: 'GtsCe' },
  { kind: 'repetita', name: 'Interoute' },
  { kind: 'repetita', name: 'Geant2012' },
  { kind: 'graphml', name: 'Abilene' },
  { kind: 'graphml', name: 'Cogentco' },
  { kind: 'graphml', name: 'Colt' },
  { kind: 'graphml', name: 'Esnet' },
  { kind: 'graphml', name: 'Deltacom' },
];

describe.skipIf(skip)(`routing agrees with networkx${skip ? ` (skipped: ${why})` : ''}`, () => {
  for (const c of CASES) {
    it(`${c.kind} ${c.name}: distances, ECMP loads and k shortest paths`, () => {
      const graphFile = c.kind === 'repetita' ? sharedPath('data/repetita', `${c.name}.graph`) : sharedPath('data/topologyzoo', `${c.name}.graphml`);
      const demandsFile = c.kind === 'repetita' ? sharedPath('data/repetita', `${c.name}.0000.demands`) : null;
      const imported = importTopologyText(readFileSync(graphFile, 'utf8'), graphFile);
      const topology = imported.topology;
      const g = compileTopology(topology);
      let demands: Demand[];
      if (demandsFile) demands = importDemandsText(readFileSync(demandsFile, 'utf8'), demandsFile, topology);
      else demands = topology.nodes.flatMap((s) => topology.nodes.filter((t) => t !== s).map((t) => ({ src: s.id, dst: t.id, rate: 1 })));

      // Sources: every node on small networks, an even spread on large ones.
      const step = Math.max(1, Math.floor(g.nodeCount / 25));
      const sources = g.nodeIds.filter((_, i) => i % step === 0);
      const simple = !hasParallelArcs(g);
      const pairs: [number, number][] = simple
        ? [
            [0, g.nodeCount - 1],
            [1, Math.floor(g.nodeCount / 2)],
            [Math.floor(g.nodeCount / 3), Math.floor((2 * g.nodeCount) / 3)],
          ]
        : [];
      const K = 10;
      const o = oracle({
        kind: c.kind,
        graph: graphFile,
        demands: demandsFile,
        sources,
        loads: true,
        k: K,
        kpairs: pairs.map(([s, t]) => [g.nodeIds[s], g.nodeIds[t]]),
      });

      expect(new Set(o.nodes)).toEqual(new Set(g.nodeIds));
      // Distances.
      for (const s of sources) {
        const r = dijkstra(g, g.nodeIndex.get(s)!);
        const ours: Record<string, number> = {};
        g.nodeIds.forEach((id, v) => {
          if (r.dist[v] !== Infinity) ours[id] = r.dist[v]!;
        });
        expect(ours).toEqual(o.dist[s]);
      }

      // ECMP loads of the whole traffic matrix, arc by arc.
      const loads = routeDemands(g, compileDemands(g, demands));
      const keys = arcKeys(g, c.kind, topology.links.map((l) => l.label));
      expect(Object.keys(o.loads).length).toBe(g.arcCount);
      let compared = 0;
      let loaded = 0;
      for (let a = 0; a < g.arcCount; a++) {
        const expected = o.loads[keys[a]!];
        expect(expected, `arc ${keys[a]}`).toBeDefined();
        expect(loads.load[a]!).toBeCloseTo(expected!, 6 - Math.ceil(Math.log10(Math.max(1, expected!))));
        compared++;
        if (expected! > 0) loaded++;
      }
      expect(compared).toBe(g.arcCount);
      expect(loaded).toBeGreaterThan(g.arcCount / 4);

      // k shortest loopless paths: same costs in the same order; the same set of paths strictly
      // below the k-th cost (ties at the k-th cost may be cut differently).
      for (const q of o.ksp) {
        const s = g.nodeIndex.get(q.s)!;
        const t = g.nodeIndex.get(q.t)!;
        const ours = kShortestPaths(g, s, t, { k: K });
        expect(ours.map((p) => p.cost)).toEqual(q.paths.map((p) => p.cost));
        for (const p of ours) {
          expect(new Set(p.nodes).size).toBe(p.nodes.length);
          expect(p.arcs.reduce((sum, a) => sum + g.metric[a]!, 0)).toBe(p.cost);
          p.arcs.forEach((a, i) => expect([g.tail[a], g.head[a]]).toEqual([p.nodes[i], p.nodes[i + 1]]));
        }
        const kth = q.paths.at(-1)?.cost ?? Infinity;
        const below = (paths: { cost: number; nodes: string[] }[]) => paths.filter((p) => p.cost < kth).map((p) => p.nodes.join('>')).sort();
        expect(below(ours.map((p) => ({ cost: p.cost, nodes: p.nodes.map((v) => g.nodeIds[v]!) })))).toEqual(below(q.paths));
      }
      if (simple) expect(o.ksp.every((q) => q.paths.length > 1)).toBe(true);
    });
  }

  it('k shortest paths with a hop cap equal networkx paths filtered by hop count', () => {
    const graphFile = sharedPath('data/repetita', 'Abilene.graph');
    const g = compileTopology(importTopologyText(readFileSync(graphFile, 'utf8'), graphFile).topology);
    const s = 0;
    const t = g.nodeCount - 1;
    const all = oracle({ kind: 'repetita', graph: graphFile, sources: [g.nodeIds[s]], k: 200, kpairs: [[g.nodeIds[s], g.nodeIds[t]]] }).ksp[0]!.paths;
    for (const cap of [3, 4, 5]) {
      const expected = all.filter((p) => p.nodes.length - 1 <= cap);
      const ours = kShortestPaths(g, s, t, { k: 5, maxHops: cap });
      expect(ours.every((p) => p.arcs.length <= cap)).toBe(true);
      expect(ours.map((p) => p.cost)).toEqual(expected.slice(0, ours.length).map((p) => p.cost));
      expect(ours.length).toBe(Math.min(5, expected.length));
    }
  });
});
