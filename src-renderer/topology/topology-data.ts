// What the topology view draws: devices, links with both directions, and per-direction loads.
// Structurally the same as the engine's topology model (graph/topology.ts) and the NetWeaver
// topology file, so the API's topology results are drawn as they come. The renderer depends on
// the contract's shapes only, never on engine modules.

export interface TopologyNodeData {
  id: string;
  name: string;
  site?: string;
  role?: string;
  lat?: number;
  lon?: number;
  x?: number;
  y?: number;
  addresses?: string[];
}

export interface LinkDirectionData {
  capacity: number;
  metric: number;
  latency: number;
  loss?: number;
  interface?: string;
}

export interface TopologyLinkData {
  id: string;
  a: string;
  b: string;
  ab: LinkDirectionData;
  ba: LinkDirectionData | null;
  srlgs?: string[];
  label?: string;
}

export interface TopologyData {
  name: string;
  nodes: TopologyNodeData[];
  links: TopologyLinkData[];
  source?: string;
}

/** Load on one link direction: bit/s carried; utilisation = rate / capacity. */
export interface DirectionLoad {
  rate: number;
  utilisation: number;
}

/** Loads keyed by link id; `ab`/`ba` as in the link. Failed links are listed separately. */
export interface TopologyLoads {
  links: Record<string, { ab?: DirectionLoad; ba?: DirectionLoad }>;
  failedLinks?: string[];
  failedNodes?: string[];
}

/** A readable error naming what is wrong, for a file the engineer opened in the view. */
export function checkTopologyData(value: unknown, file = 'topology'): TopologyData {
  const fail = (what: string): never => {
    throw new Error(`topology: ${file}: ${what}`);
  };
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail('expected a JSON object with "nodes" and "links"');
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.nodes)) fail('no "nodes" list');
  if (!Array.isArray(v.links)) fail('no "links" list');
  const ids = new Set<string>();
  (v.nodes as unknown[]).forEach((n, i) => {
    const id = (n as { id?: unknown })?.id;
    if (typeof id !== 'string' || !id) fail(`node ${i + 1} has no "id"`);
    if (ids.has(id as string)) fail(`duplicate node id "${String(id)}"`);
    ids.add(id as string);
  });
  (v.links as unknown[]).forEach((l, i) => {
    const link = l as Partial<TopologyLinkData>;
    if (!link || typeof link.id !== 'string') fail(`link ${i + 1} has no "id"`);
    for (const end of [link.a, link.b]) if (!ids.has(end as string)) fail(`link "${link.id}" refers to node "${String(end)}", which is not declared`);
    if (!link.ab || typeof link.ab.capacity !== 'number') fail(`link "${link.id}" has no "ab" direction with a capacity`);
  });
  return { name: typeof v.name === 'string' ? v.name : file, nodes: v.nodes as TopologyNodeData[], links: v.links as TopologyLinkData[] };
}
