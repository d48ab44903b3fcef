// The sampling-rule editor's rows: the text an engineer types per cell, turned into rules with
// the contract's schema (errors per row and field, duplicates included), and what rate applies
// to an exporter given what it reports.
import { samplingRuleSchema, samplingRulesSchema, type SamplingRule } from '../../src-main/api/contract/settings.js';

export interface RuleRow { exporter: string; domain: string; inIf: string; rate: string; mode: SamplingRule['mode'] }
export type RuleErrors = Partial<Record<keyof RuleRow, string>>;

export const toRow = (r: SamplingRule): RuleRow => ({ exporter: r.exporter, domain: r.domain === undefined ? '' : String(r.domain), inIf: r.inIf === undefined ? '' : String(r.inIf), rate: String(r.rate), mode: r.mode });

const FIELD_NAMES: Record<string, string> = { domain: 'the domain', inIf: 'the interface' };

function numberOrText(s: string): number | string | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** The rows as rules, or errors per row and field (the contract's schema, duplicates included). */
export function parseRules(rows: RuleRow[]): { rules: SamplingRule[] | null; errors: RuleErrors[] } {
  const errors: RuleErrors[] = rows.map(() => ({}));
  const rules: SamplingRule[] = [];
  rows.forEach((row, i) => {
    const candidate = { exporter: row.exporter.trim(), rate: numberOrText(row.rate) ?? '', mode: row.mode, ...(row.domain.trim() ? { domain: numberOrText(row.domain) } : {}), ...(row.inIf.trim() ? { inIf: numberOrText(row.inIf) } : {}) };
    const r = samplingRuleSchema.safeParse(candidate);
    if (r.success) rules.push(r.data);
    else for (const issue of r.error.issues) errors[i]![issue.path[0] as keyof RuleRow] ??= /expected number/.test(issue.message) ? `${FIELD_NAMES[issue.path[0] as string] ?? String(issue.path[0])} must be a whole number` : issue.message;
  });
  if (errors.some((e) => Object.keys(e).length)) return { rules: null, errors };
  const all = samplingRulesSchema.safeParse(rules);
  if (!all.success) {
    for (const issue of all.error.issues) errors[issue.path[0] as number]![(issue.path[1] as keyof RuleRow) ?? 'exporter'] ??= issue.message;
    return { rules: null, errors };
  }
  return { rules: all.data, errors };
}

/** The rule that applies to flows from `address` (exporter-wide rules; domain/interface ones are listed with a note). */
export function appliedRate(rules: SamplingRule[], address: string, reported: number[]): string {
  const mine = rules.filter((r) => r.exporter === address);
  if (!mine.length) return reported.length ? 'as reported' : '1 (none reported)';
  const general = mine.find((r) => r.domain === undefined && r.inIf === undefined);
  const specific = mine.length - (general ? 1 : 0);
  const base = !general ? 'as reported' : general.mode === 'override' ? `${general.rate} (override)` : reported.length ? 'as reported (default rule not needed)' : `${general.rate} (default: none reported)`;
  return specific ? `${base}; ${specific} domain/interface rule${specific > 1 ? 's' : ''}` : base;
}
