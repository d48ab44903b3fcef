// Sampling-rate rules the decoders apply: per exporter address, optionally per observation
// domain (v9 source id, IPFIX observation domain, v5 engine id, sFlow sub-agent) and per input
// interface. "override" replaces what the device reports (nfacctd sampling_map, Akvorado
// override-sampling-rate); "default" is used only when the device reports none (Akvorado
// default-sampling-rate). The most specific rule wins: domain+interface, interface, domain, any.
// Rules change live (the collector swaps them without a restart); lookups are cached per
// exporter and domain so the per-row cost is one map lookup only when interface rules exist.

export type SamplingRuleMode = 'override' | 'default';

export interface SamplingRuleSpec {
  exporter: string;
  domain?: number;
  inIf?: number;
  rate: number;
  mode: SamplingRuleMode;
}

/** The rules that can match one exporter + domain. */
export interface SamplingChoice {
  any: SamplingRuleSpec | null;
  byIf: Map<number, SamplingRuleSpec> | null;
}

export const NO_SAMPLING_CHOICE: SamplingChoice = { any: null, byIf: null };

export class SamplingPolicy {
  private byExporter = new Map<string, SamplingRuleSpec[]>();
  private cache = new Map<string, SamplingChoice>();

  get size(): number {
    let n = 0;
    for (const r of this.byExporter.values()) n += r.length;
    return n;
  }

  /** Replaces every rule (exporter addresses in canonical text, as Exporter.text). */
  set(rules: readonly SamplingRuleSpec[]): void {
    this.byExporter = new Map();
    this.cache = new Map();
    for (const r of rules) {
      if (!(r.rate > 0)) continue;
      let list = this.byExporter.get(r.exporter);
      if (!list) this.byExporter.set(r.exporter, (list = []));
      list.push(r);
    }
  }

  list(): SamplingRuleSpec[] {
    return [...this.byExporter.values()].flat();
  }

  /** The rules for flows from `exporter` in `domain`. */
  choose(exporter: string, domain: number): SamplingChoice {
    if (this.byExporter.size === 0) return NO_SAMPLING_CHOICE;
    const key = `${exporter}/${domain}`;
    let choice = this.cache.get(key);
    if (choice) return choice;
    const rules = this.byExporter.get(exporter);
    choice = rules ? compile(rules, domain) : NO_SAMPLING_CHOICE;
    if (this.cache.size > 65536) this.cache.clear();
    this.cache.set(key, choice);
    return choice;
  }
}

function compile(rules: SamplingRuleSpec[], domain: number): SamplingChoice {
  const inDomain = (r: SamplingRuleSpec) => r.domain === undefined || r.domain === domain;
  const general = rules.filter((r) => inDomain(r) && r.inIf === undefined);
  const any = general.find((r) => r.domain !== undefined) ?? general[0] ?? null;
  const perIf = rules.filter((r) => inDomain(r) && r.inIf !== undefined);
  if (perIf.length === 0) return { any, byIf: null };
  const byIf = new Map<number, SamplingRuleSpec>();
  // Exporter-wide interface rules first, so a domain-specific one for the same ifIndex replaces it.
  for (const r of perIf.filter((x) => x.domain === undefined)) byIf.set(r.inIf!, r);
  for (const r of perIf.filter((x) => x.domain !== undefined)) byIf.set(r.inIf!, r);
  return { any, byIf };
}

/** The rate a row gets: the device's (`reported`, 0 = none) unless a rule says otherwise; 1 when nothing is known. */
export function sampledRate(choice: SamplingChoice, reported: number, inIf: number): number {
  const rule = (choice.byIf !== null ? choice.byIf.get(inIf) : undefined) ?? choice.any;
  if (rule !== null && (rule.mode === 'override' || !(reported > 0))) return rule.rate;
  return reported > 0 ? reported : 1;
}
