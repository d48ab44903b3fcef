// Between the simulator's SimNetwork and the routing engine's Topology model (graph/topology.ts):
// a generated network becomes a Topology (ids, roles, coordinates, loopback addresses,
// per-direction capacity/metric/latency/loss and interface names), and an imported Topology
// becomes a SimNetwork, filling what the file did not say (capacity, latency, metric) the way
// the generators would.
import type { Topology, TopologyLink } from '../graph/topology.js';
import { formatIPv4, loopbackIPv4, loopbackSourceIPv4 } from './addressing.js';
import { greatCircleKm } from './geo.js';
import { DEFAULT_LINK_METRICS } from './link-metrics.js';
import type { NodeRole, SimLink, SimNetwork, SimNode } from './network.js';

export function networkToTopology(network: SimNetwork, name = `sim ${network.kind} seed ${network.seed}`): Topology {
  const ports = new Int32Array(network.nodes.length);
  const links: TopologyLink[] = network.links.map((l, i) => {
    const base = { capacity: l.capacityBps, metric: l.metric, latency: l.latencyUs / 1000, loss: l.loss };
    return {
      id: `l${i}`,
      a: network.nodes[l.a]!.name,
      b: network.nodes[l.b]!.name,
      ab: { ...base, interface: `et-0/0/${ports[l.a]!++}` },
      ba: { ...base, interface: `et-0/0/${ports[l.b]!++}` },
      srlgs: [],
      label: `${(l.capacityBps / 1e9).toFixed(0)}G ${l.distanceKm.toFixed(0)} km`,
    };
  });
  return {
    name,
    source: 'sim',
    nodes: network.nodes.map((n, i) => ({
      id: n.name,
      name: n.name,
      role: n.originates ? (n.role === 'router' ? 'edge' : n.role) : n.role,
      lat: n.lat,
      lon: n.lon,
      // The loopback (flow exporter, sFlow agent) and the 127/8 source used towards a local collector.
      addresses: [formatIPv4(loopbackIPv4(i)), formatIPv4(loopbackSourceIPv4(i))],
    })),
    links,
  };
}

const KNOWN_ROLES: NodeRole[] = ['router', 'core', 'aggregation', 'edge', 'spine', 'leaf'];

/**
 * An imported topology as a SimNetwork. Nodes without coordinates sit at the centroid of those
 * with them (or 0,0); zero capacities take the 10G tier; zero latencies come from distance.
 * Transit-only roles (core, spine, p) do not originate traffic unless no node would.
 */
export function topologyToNetwork(topology: Topology, seed: number): SimNetwork {
  const placed = topology.nodes.filter((n) => Number.isFinite(n.lat) && Number.isFinite(n.lon));
  const lat0 = placed.length ? placed.reduce((s, n) => s + n.lat!, 0) / placed.length : 0;
  const lon0 = placed.length ? placed.reduce((s, n) => s + n.lon!, 0) / placed.length : 0;
  const transit = new Set(['core', 'spine', 'p', 'aggregation']);
  const nodes: SimNode[] = topology.nodes.map((n) => {
    const role = (KNOWN_ROLES as string[]).includes(n.role ?? '') ? (n.role as NodeRole) : 'router';
    return { name: n.id, lat: n.lat ?? lat0, lon: n.lon ?? lon0, role, originates: !transit.has(n.role ?? '') };
  });
  if (!nodes.some((n) => n.originates)) nodes.forEach((n) => (n.originates = true));
  const index = new Map(topology.nodes.map((n, i) => [n.id, i]));
  const seen = new Set<string>();
  const links: SimLink[] = [];
  for (const link of topology.links) {
    const a = index.get(link.a);
    const b = index.get(link.b);
    if (a === undefined || b === undefined || a === b) throw new Error(`sim: imported link "${link.id}" does not join two known nodes`);
    // The simulator's links are full duplex: a second link between the same pair is a bundle
    // member; fold it into the first by adding capacity.
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    const dir = link.ab;
    const km = greatCircleKm(nodes[a]!.lat, nodes[a]!.lon, nodes[b]!.lat, nodes[b]!.lon);
    const latencyUs = dir.latency > 0 ? dir.latency * 1000 : km * DEFAULT_LINK_METRICS.usPerKm + DEFAULT_LINK_METRICS.perHopUs;
    const capacityBps = dir.capacity > 0 ? dir.capacity : 10e9;
    if (seen.has(key)) {
      const existing = links.find((l) => (l.a === a && l.b === b) || (l.a === b && l.b === a))!;
      existing.capacityBps += capacityBps;
      continue;
    }
    seen.add(key);
    links.push({ a, b, capacityBps, latencyUs, distanceKm: km, loss: dir.loss, metric: dir.metric > 0 ? dir.metric : 1 });
  }
  return { kind: `imported(${topology.name})`, seed, nodes, links };
}
