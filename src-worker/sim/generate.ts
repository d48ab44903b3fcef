// One entry point for every topology generator: a discriminated union of generator specs, each
// deterministic for its seed. The result is a SimNetwork with realistic link metrics.
import { REGIONS } from './geo.js';
import { finishNetwork, type LinkMetricOptions } from './link-metrics.js';
import type { NetworkShape, SimNetwork } from './network.js';
import { Prng } from './prng.js';
import { barabasiAlbert } from './generators/barabasi-albert.js';
import { erdosRenyi } from './generators/erdos-renyi.js';
import { fatTree, fatTreeArity } from './generators/fat-tree.js';
import { leafSpine } from './generators/leaf-spine.js';
import { fullMesh } from './generators/mesh.js';
import { ring } from './generators/ring.js';
import { tree } from './generators/tree.js';
import { waxman } from './generators/waxman.js';

export const GENERATOR_KINDS = ['mesh', 'ring', 'tree', 'random', 'waxman', 'ba', 'leaf-spine', 'fat-tree'] as const;
export type GeneratorKind = (typeof GENERATOR_KINDS)[number];

export type GeneratorSpec =
  | { kind: 'mesh'; nodes: number }
  | { kind: 'ring'; nodes: number }
  | { kind: 'tree'; nodes: number; branching?: number }
  | { kind: 'random'; nodes: number; meanDegree?: number }
  | { kind: 'waxman'; nodes: number; alpha?: number; meanDegree?: number; region?: string }
  | { kind: 'ba'; nodes: number; m?: number }
  | { kind: 'leaf-spine'; nodes: number; spines?: number }
  | { kind: 'fat-tree'; nodes?: number; k?: number };

export interface GenerateOptions {
  seed: number;
  links?: Partial<LinkMetricOptions>;
}

/** Largest network we agree to generate; beyond it a mesh or Waxman's O(n²) pass is unreasonable. */
const MAX_NODES = 100_000;

function checkSize(kind: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new Error(`sim: ${kind} needs an integer node count of at least ${min}, got ${n}`);
  if (n > MAX_NODES) throw new Error(`sim: ${kind} with ${n} nodes is beyond the ${MAX_NODES}-node limit`);
  if (kind === 'mesh' && n > 2000) throw new Error(`sim: a full mesh of ${n} nodes has ${(n * (n - 1)) / 2} links; use at most 2000 nodes`);
  if (kind === 'waxman' && n > 20000) throw new Error(`sim: Waxman is O(n²); use at most 20000 nodes, got ${n}`);
}

export function generateShape(spec: GeneratorSpec, seed: number): NetworkShape {
  const rng = new Prng(seed).fork(`generator:${spec.kind}`);
  switch (spec.kind) {
    case 'mesh':
      checkSize('mesh', spec.nodes, 2);
      return fullMesh(spec.nodes, rng);
    case 'ring':
      checkSize('ring', spec.nodes, 3);
      return ring(spec.nodes, rng);
    case 'tree':
      checkSize('tree', spec.nodes, 2);
      return tree(spec.nodes, rng, spec.branching);
    case 'random':
      checkSize('random', spec.nodes, 2);
      return erdosRenyi(spec.nodes, rng, spec.meanDegree);
    case 'waxman': {
      checkSize('waxman', spec.nodes, 2);
      const region = REGIONS[spec.region ?? 'europe'];
      if (!region) throw new Error(`sim: unknown region "${spec.region}"; known: ${Object.keys(REGIONS).join(', ')}`);
      return waxman(spec.nodes, rng, spec.alpha, spec.meanDegree, region);
    }
    case 'ba':
      checkSize('ba', spec.nodes, 2);
      return barabasiAlbert(spec.nodes, rng, spec.m);
    case 'leaf-spine':
      checkSize('leaf-spine', spec.nodes, 3);
      return leafSpine(spec.nodes, spec.spines);
    case 'fat-tree': {
      const k = spec.k ?? fatTreeArity(spec.nodes ?? 20);
      return fatTree(k);
    }
    default:
      throw new Error(`sim: unknown generator "${(spec as { kind: string }).kind}"; known: ${GENERATOR_KINDS.join(', ')}`);
  }
}

export function generateNetwork(spec: GeneratorSpec, options: GenerateOptions): SimNetwork {
  const shape = generateShape(spec, options.seed);
  const network = finishNetwork(shape, options.seed, options.links);
  return { ...network, kind: describeSpec(spec) };
}

function describeSpec(spec: GeneratorSpec): string {
  const params = Object.entries(spec)
    .filter(([key, value]) => key !== 'kind' && value !== undefined)
    .map(([key, value]) => `${key}=${value}`);
  return params.length ? `${spec.kind}(${params.join(',')})` : spec.kind;
}
