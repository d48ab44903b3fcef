// Failures as masks: a failed link takes down both its arcs, a failed node takes down the node
// and every arc touching it, a failed SRLG takes down every link in the group. The engine never
// edits the graph; it routes with `arcDown` / `nodeDown` masks built here.
//
// Stable API:
//   Failure = { kind: 'link' | 'node' | 'srlg', id }      ids as in the topology
//   parseFailure('link:A:B' | 'link:ID' | 'node:A' | 'srlg:X') → Failure
//   failureMasks(g, failures) → { arcDown, nodeDown }      throws naming what does not exist
//   allSingleFailures(g, kinds) → Failure[]                 the sweep's failure list
//   describeFailure(f) → 'link A–B' etc.
import { linkArcs, type CompactGraph } from '../graph/compact-graph.js';

export type FailureKind = 'link' | 'node' | 'srlg';

export interface Failure {
  kind: FailureKind;
  /** Link id, node id or SRLG name; for `link:A:B` the link between A and B is looked up. */
  id: string;
  /** For link failures given as endpoints. */
  a?: string;
  b?: string;
}

export interface FailureMasks {
  arcDown: Uint8Array;
  nodeDown: Uint8Array;
  /** Links taken down (indices), for reporting. */
  links: number[];
  nodes: number[];
}

export function parseFailure(text: string): Failure {
  const [kind, ...rest] = text.split(':');
  if (kind === 'link' && rest.length === 2 && rest[0] && rest[1]) return { kind: 'link', id: `${rest[0]}:${rest[1]}`, a: rest[0], b: rest[1] };
  if ((kind === 'link' || kind === 'node' || kind === 'srlg') && rest.length >= 1 && rest.join(':') !== '') return { kind, id: rest.join(':') };
  throw new Error(`failures: cannot read "${text}"; write link:A:B, link:LINK_ID, node:NAME or srlg:NAME`);
}

export function describeFailure(f: Failure): string {
  if (f.kind === 'link' && f.a && f.b) return `link ${f.a}–${f.b}`;
  return `${f.kind} ${f.id}`;
}

export function failureMasks(g: CompactGraph, failures: readonly Failure[], base?: { arcDown?: Uint8Array; nodeDown?: Uint8Array }): FailureMasks {
  const arcDown = base?.arcDown ? base.arcDown.slice() : new Uint8Array(g.arcCount);
  const nodeDown = base?.nodeDown ? base.nodeDown.slice() : new Uint8Array(g.nodeCount);
  const links: number[] = [];
  const nodes: number[] = [];
  const downLink = (l: number) => {
    links.push(l);
    for (const a of linkArcs(g, l)) arcDown[a] = 1;
  };
  for (const f of failures) {
    if (f.kind === 'link') for (const l of resolveLinks(g, f)) downLink(l);
    else if (f.kind === 'srlg') {
      const group = g.srlgLinks.get(f.id);
      if (!group) throw new Error(`failures: no SRLG "${f.id}" in the topology (known: ${[...g.srlgLinks.keys()].slice(0, 10).join(', ') || 'none'})`);
      group.forEach(downLink);
    } else {
      const v = g.nodeIndex.get(f.id) ?? nodeByName(g, f.id);
      if (v === undefined) throw new Error(`failures: no node "${f.id}" in the topology`);
      nodeDown[v] = 1;
      nodes.push(v);
      for (let a = g.offsets[v]!; a < g.offsets[v + 1]!; a++) arcDown[a] = 1;
      for (let i = g.inOffsets[v]!; i < g.inOffsets[v + 1]!; i++) arcDown[g.inArcs[i]!] = 1;
    }
  }
  return { arcDown, nodeDown, links, nodes };
}

/** Nodes may be named by id or by display name (`node:Chicago` where the id is `n13`). */
export function nodeByName(g: CompactGraph, nameOrId: string): number | undefined {
  return g.nodeIndex.get(nameOrId) ?? g.nodeNameIndex.get(nameOrId);
}

/** Link indices a link failure refers to: by id, or every link between the two named nodes. */
export function resolveLinks(g: CompactGraph, f: Failure): number[] {
  const byId = g.linkIds.indexOf(f.id);
  if (byId >= 0) return [byId];
  if (f.a !== undefined && f.b !== undefined) {
    const a = nodeByName(g, f.a);
    const b = nodeByName(g, f.b);
    if (a === undefined) throw new Error(`failures: no node "${f.a}" in the topology`);
    if (b === undefined) throw new Error(`failures: no node "${f.b}" in the topology`);
    const found = new Set<number>();
    for (let arc = g.offsets[a]!; arc < g.offsets[a + 1]!; arc++) if (g.head[arc] === b && g.linkOf[arc]! >= 0) found.add(g.linkOf[arc]!);
    for (let arc = g.offsets[b]!; arc < g.offsets[b + 1]!; arc++) if (g.head[arc] === a && g.linkOf[arc]! >= 0) found.add(g.linkOf[arc]!);
    if (found.size === 0) throw new Error(`failures: no link between "${f.a}" and "${f.b}"`);
    return [...found].sort((x, y) => x - y);
  }
  throw new Error(`failures: no link "${f.id}" in the topology`);
}

/** Every single failure of the given kinds, in topology order: the worst-case sweep's list. */
export function allSingleFailures(g: CompactGraph, kinds: readonly FailureKind[] = ['link', 'node', 'srlg']): Failure[] {
  const out: Failure[] = [];
  if (kinds.includes('link')) g.linkIds.forEach((id) => out.push({ kind: 'link', id }));
  if (kinds.includes('node')) g.nodeIds.forEach((id) => out.push({ kind: 'node', id }));
  if (kinds.includes('srlg')) for (const s of g.srlgLinks.keys()) out.push({ kind: 'srlg', id: s });
  return out;
}

/**
 * The down arcs that can change other traffic's paths: a failed node's own out-arcs only carried
 * its own traffic (lost anyway) or transit traffic, which also used one of its in-arcs (down too).
 */
export function pathChangingArcs(g: CompactGraph, masks: { arcDown: Uint8Array; nodeDown: Uint8Array }): number[] {
  const out: number[] = [];
  for (let a = 0; a < g.arcCount; a++) if (masks.arcDown[a] && !masks.nodeDown[g.tail[a]!]) out.push(a);
  return out;
}
