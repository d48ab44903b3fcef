// The simulate view's settings as they live in the URL hash (#/simulate?gen=waxman&nodes=40&
// alpha=0.4&inject=link:3@2-14 …): which generator, its own parameters, the run's length and the
// failures injected, read back with bounds so a shared link always gives a valid request.
import { SIM_TOPOLOGIES } from '../../src-main/api/contract/sim.js';

export type Generator = (typeof SIM_TOPOLOGIES)[number];

export interface GeneratorParam {
  name: 'branching' | 'meanDegree' | 'm' | 'spines' | 'k' | 'alpha' | 'region';
  label: string;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  choices?: string[];
}

/** The parameters each generator takes (the contract's `params`), with the contract's bounds. */
export const GENERATOR_PARAMS: Record<Generator, GeneratorParam[]> = {
  mesh: [],
  ring: [],
  tree: [{ name: 'branching', label: 'Branching', min: 1, max: 64, integer: true }],
  random: [{ name: 'meanDegree', label: 'Mean degree', min: 1, max: 100, step: 0.5 }],
  waxman: [
    { name: 'alpha', label: 'Alpha', min: 0.001, max: 10, step: 0.05 },
    { name: 'meanDegree', label: 'Mean degree', min: 1, max: 100, step: 0.5 },
    { name: 'region', label: 'Region', choices: ['europe', 'north-america', 'asia', 'world'] },
  ],
  ba: [{ name: 'm', label: 'Links per new device (m)', min: 1, max: 50, integer: true }],
  'leaf-spine': [{ name: 'spines', label: 'Spines', min: 1, max: 1024, integer: true }],
  'fat-tree': [{ name: 'k', label: 'k (pods)', min: 2, max: 256, integer: true }],
};

export type Injected = { kind: 'link-failure'; link: number; startStep: number; endStep: number } | { kind: 'node-failure'; node: number; startStep: number; endStep: number };

export interface SimSettings {
  generator: Generator;
  nodes: number;
  seed: number;
  steps: number;
  params: Record<string, number | string>;
  inject: Injected[];
}

function bounded(text: string | null, fallback: number, min: number, max: number, integer = true): number {
  const v = Number(text);
  if (text === null || text === '' || !Number.isFinite(v)) return fallback;
  const r = Math.min(max, Math.max(min, v));
  return integer ? Math.round(r) : r;
}

/** `link:3@2-14,node:0@5-17` ↔ injected failures. */
export function formatInject(list: readonly Injected[]): string {
  return list.map((i) => `${i.kind === 'link-failure' ? `link:${i.link}` : `node:${i.node}`}@${i.startStep}-${i.endStep}`).join(',');
}

export function parseInject(text: string | null): Injected[] {
  const out: Injected[] = [];
  for (const part of (text ?? '').split(',')) {
    const m = /^(link|node):(\d+)@(\d+)-(\d+)$/.exec(part.trim());
    if (!m || Number(m[4]) <= Number(m[3])) continue;
    const [, kind, index, start, end] = m;
    out.push(kind === 'link' ? { kind: 'link-failure', link: Number(index), startStep: Number(start), endStep: Number(end) } : { kind: 'node-failure', node: Number(index), startStep: Number(start), endStep: Number(end) });
  }
  return out;
}

export function simSettings(params: URLSearchParams): SimSettings {
  const gen = params.get('gen');
  const generator: Generator = (SIM_TOPOLOGIES as readonly string[]).includes(gen ?? '') ? (gen as Generator) : 'leaf-spine';
  const own: Record<string, number | string> = {};
  for (const p of GENERATOR_PARAMS[generator]) {
    const raw = params.get(p.name);
    if (raw === null || raw === '') continue;
    if (p.choices) {
      if (p.choices.includes(raw)) own[p.name] = raw;
    } else own[p.name] = bounded(raw, p.min ?? 1, p.min ?? 1, p.max ?? 1e6, p.integer);
  }
  return {
    generator,
    nodes: bounded(params.get('nodes'), 24, 2, 100_000),
    seed: bounded(params.get('seed'), 1, 0, 2 ** 31 - 1),
    steps: bounded(params.get('steps'), 48, 1, 100_000),
    params: own,
    inject: parseInject(params.get('inject')),
  };
}
