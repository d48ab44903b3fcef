// Devices and links learned from flow exporters: every exporter is a device; when an exporter's
// flows leave through interface i towards a next hop that is another exporter's address, that is
// a link between them on interface i. Opposite observations pair into a two-way link. Exporters
// that also send traffic to next hops outside the exporter set are marked role "edge" (traffic
// enters or leaves the network there). Capacities are unknown from flows (0); the observed
// rate per direction is kept so a report can show it.
//
// Stable API:
//   FlowTopologyLearner: observe(batch) / observeRow(...) many times, then topology(name)
import { formatAddress } from '../flow/address.js';
import type { FlowBatch } from '../flow/record.js';
import { linkDirection, type Topology, type TopologyLink, type TopologyNode } from './topology.js';

interface Adjacency {
  from: string;
  to: string;
  ifIndex: number | null;
  bytes: number;
}

export interface LearnedTopology {
  topology: Topology;
  /** Bytes (sampling-corrected) seen per link direction, keyed "linkId:ab|ba". */
  observedBytes: Record<string, number>;
  /** Next hops that are not exporters, per exporter (where traffic leaves the network). */
  externalNextHops: Record<string, number>;
}

export class FlowTopologyLearner {
  private readonly exporters = new Map<string, { bytes: number }>();
  private readonly adjacency = new Map<string, Adjacency>();
  private readonly nextHops = new Map<string, Map<string, number>>();
  /** Extra addresses per exporter (loopbacks, interface addresses) so next hops match them. */
  constructor(private readonly aliases: Record<string, string[]> = {}) {}

  observeRow(exporter: string, outIf: number | null, nextHop: string | null, bytes: number): void {
    const e = this.exporters.get(exporter) ?? { bytes: 0 };
    e.bytes += bytes;
    this.exporters.set(exporter, e);
    if (!nextHop || nextHop === '0.0.0.0' || nextHop === '::') return;
    const hops = this.nextHops.get(exporter) ?? new Map<string, number>();
    const key = `${outIf ?? ''}|${nextHop}`;
    hops.set(key, (hops.get(key) ?? 0) + bytes);
    this.nextHops.set(exporter, hops);
  }

  /** Adds every row of a flow batch (bytes × sampling rate). */
  observe(batch: FlowBatch): void {
    const addr = new Uint8Array(16);
    let zero = true;
    for (let row = 0; row < batch.length; row++) {
      addr.set(batch.exporter.subarray(row * 16, row * 16 + 16));
      const exporter = formatAddress(addr);
      const nh = batch.next_hop.subarray(row * 16, row * 16 + 16);
      zero = true;
      for (let i = 0; i < 16 && zero; i++) zero = nh[i] === 0;
      const outIf = batch.out_if[row]!;
      this.observeRow(exporter, Number.isNaN(outIf) ? null : outIf, zero ? null : formatAddress(nh), batch.bytes[row]! * (batch.sampling_rate[row] || 1));
    }
  }

  topology(name = 'learned from flows'): LearnedTopology {
    const owner = new Map<string, string>();
    for (const e of this.exporters.keys()) owner.set(e, e);
    for (const [e, list] of Object.entries(this.aliases)) for (const a of list) owner.set(a, e);
    this.adjacency.clear();
    const external: Record<string, number> = {};
    for (const [from, hops] of this.nextHops) {
      for (const [key, bytes] of hops) {
        const [ifText, hop] = key.split('|') as [string, string];
        const to = owner.get(hop);
        if (to === undefined || to === from) {
          external[from] = (external[from] ?? 0) + bytes;
          continue;
        }
        const k = `${from}>${to}>${ifText}`;
        const adj = this.adjacency.get(k) ?? { from, to, ifIndex: ifText === '' ? null : Number(ifText), bytes: 0 };
        adj.bytes += bytes;
        this.adjacency.set(k, adj);
      }
    }
    const nodes: TopologyNode[] = [...this.exporters.keys()].sort().map((id) => ({
      id,
      name: id,
      addresses: [id, ...(this.aliases[id] ?? [])],
      ...(external[id] ? { role: 'edge' } : {}),
    }));
    // Pair each adjacency with one in the opposite direction (first match), else one-way.
    const links: TopologyLink[] = [];
    const observedBytes: Record<string, number> = {};
    const open = new Map<string, TopologyLink[]>();
    const sorted = [...this.adjacency.values()].sort((x, y) => (x.from + x.to).localeCompare(y.from + y.to) || (x.ifIndex ?? -1) - (y.ifIndex ?? -1));
    for (const adj of sorted) {
      const iface = adj.ifIndex === null ? undefined : `ifIndex ${adj.ifIndex}`;
      const waiting = open.get(`${adj.to}>${adj.from}`);
      const partner = waiting?.shift();
      if (partner) {
        partner.ba = linkDirection({ interface: iface });
        observedBytes[`${partner.id}:ba`] = adj.bytes;
        continue;
      }
      const link: TopologyLink = { id: `${adj.from}#${adj.ifIndex ?? '?'}>${adj.to}`, a: adj.from, b: adj.to, ab: linkDirection({ interface: iface }), ba: null, srlgs: [] };
      links.push(link);
      observedBytes[`${link.id}:ab`] = adj.bytes;
      open.set(`${adj.from}>${adj.to}`, [...(open.get(`${adj.from}>${adj.to}`) ?? []), link]);
    }
    return { topology: { name, nodes, links, source: 'flows' }, observedBytes, externalNextHops: external };
  }
}
