// What every collector needs besides its data: the version and the clock (injected so tests and
// reproducible builds can pin the generation time).
import { NETWEAVER_VERSION } from '../../version.js';
import type { Provenance } from '../model.js';

export interface ReportContext {
  version: string;
  now: () => Date;
}

export const defaultReportContext = (): ReportContext => ({ version: NETWEAVER_VERSION, now: () => new Date() });

export function provenance(ctx: ReportContext, fields: Omit<Provenance, 'version' | 'generatedAt' | 'notes'> & { notes?: string[] }): Provenance {
  return { ...fields, notes: fields.notes ?? [], version: ctx.version, generatedAt: ctx.now().toISOString() };
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}
