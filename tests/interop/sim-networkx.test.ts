// Generated networks checked by an independent graph library: networkx (Debian's python3)
// receives each edge list and computes connectivity, bipartiteness, degree statistics and the
// diameter; the properties each model promises must hold there too.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateNetwork, type GeneratorSpec } from '../../src-worker/sim/generate.js';
import { debianPython, pythonHasModule } from '../support/tools.js';

const haveNetworkx = pythonHasModule('networkx');

interface NxFacts {
  nodes: number;
  edges: number;
  connected: boolean;
  bipartite: boolean;
  diameter: number;
  maxDegree: number;
  meanDegree: number;
  degreeAssortativity: number;
  /** Fraction of nodes in the top 1% of degree holding … (hub concentration). */
  top1pctDegreeShare: number;
}

function networkxFacts(spec: GeneratorSpec, seed: number): NxFacts {
  const net = generateNetwork(spec, { seed });
  const input = JSON.stringify({ n: net.nodes.length, edges: net.links.map((l) => [l.a, l.b]) });
  const script = `
import json, sys, networkx as nx
d = json.load(sys.stdin)
g = nx.Graph(); g.add_nodes_from(range(d['n'])); g.add_edges_from(d['edges'])
deg = sorted((x for _, x in g.degree()), reverse=True)
k = max(1, len(deg) // 100)
print(json.dumps({
  'nodes': g.number_of_nodes(), 'edges': g.number_of_edges(), 'connected': nx.is_connected(g),
  'bipartite': nx.is_bipartite(g), 'diameter': nx.diameter(g) if nx.is_connected(g) else -1,
  'maxDegree': deg[0], 'meanDegree': sum(deg) / len(deg),
  'degreeAssortativity': nx.degree_assortativity_coefficient(g) if len(set(deg)) > 1 else 0.0,
  'top1pctDegreeShare': sum(deg[:k]) / sum(deg),
}))`;
  return JSON.parse(execFileSync(debianPython, ['-c', script], { input, encoding: 'utf8' })) as NxFacts;
}

describe.skipIf(!haveNetworkx)(`sim generators checked by networkx${haveNetworkx ? '' : ' (needs python3-networkx for /usr/bin/python3)'}`, () => {
  it('ring: n edges, diameter floor(n/2)', () => {
    const f = networkxFacts({ kind: 'ring', nodes: 51 }, 1);
    expect(f).toMatchObject({ nodes: 51, edges: 51, connected: true, diameter: 25, maxDegree: 2 });
  });

  it('tree: n-1 edges, connected (a tree), diameter about 2·log_k(n)', () => {
    const f = networkxFacts({ kind: 'tree', nodes: 364, branching: 3 }, 1);
    expect(f).toMatchObject({ nodes: 364, edges: 363, connected: true, bipartite: true, diameter: 10 });
  });

  it('leaf-spine and fat-tree are bipartite with diameter 2 and 4', () => {
    expect(networkxFacts({ kind: 'leaf-spine', nodes: 52, spines: 4 }, 1)).toMatchObject({ connected: true, bipartite: true, diameter: 2, edges: 4 * 48 });
    expect(networkxFacts({ kind: 'fat-tree', k: 8 }, 1)).toMatchObject({ nodes: 80, connected: true, bipartite: true, diameter: 4, edges: 256 });
  });

  it('Barabási–Albert vs Erdős–Rényi: hubs and disassortativity only in BA', () => {
    const ba = networkxFacts({ kind: 'ba', nodes: 1000, m: 2 }, 3);
    const er = networkxFacts({ kind: 'random', nodes: 1000, meanDegree: 4 }, 3);
    expect(ba.connected && er.connected).toBe(true);
    expect(ba.top1pctDegreeShare).toBeGreaterThan(2.5 * er.top1pctDegreeShare);
    expect(ba.degreeAssortativity).toBeLessThan(-0.03);
    expect(Math.abs(er.degreeAssortativity)).toBeLessThan(0.1);
    // Small world: BA's diameter grows like log n / log log n, well under ER's at equal density.
    expect(ba.diameter).toBeLessThanOrEqual(er.diameter);
  });

  it('Waxman: connected at the requested density', () => {
    const f = networkxFacts({ kind: 'waxman', nodes: 400, meanDegree: 5 }, 4);
    expect(f.connected).toBe(true);
    expect(f.meanDegree).toBeGreaterThan(4);
    expect(f.meanDegree).toBeLessThan(6);
  });
});
