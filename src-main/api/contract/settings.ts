// Settings area: the host's own settings (kept in settings.json in the user's config folder):
// the store to open at start, the collector's listener ports, and sampling-rate rules per
// exporter; plus testing a candidate store and switching the running service to it. The zod
// schemas here are the one definition: the settings file, the API and the renderer's editor all
// validate with them. No Node imports (the renderer compiles this file).
import { z } from 'zod';
import { event, method } from './define.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*(:(\d{1,3}\.){3}\d{1,3})?$/;
const address = (what: string) => z.string().max(64).refine((s) => IPV4.test(s) || (IPV6.test(s) && s.split('::').length <= 2), { message: `${what} must be an IPv4 or IPv6 address` });

const port = z.number({ message: 'a port is a number' }).int('a port is a whole number').min(1, 'ports go from 1 to 65535').max(65535, 'ports go from 1 to 65535');
const portList = z.array(port).max(16, 'at most 16 ports per protocol');

export const LISTENER_PROTOCOLS = ['netflow', 'ipfix', 'sflow'] as const;
export type ListenerProtocolName = (typeof LISTENER_PROTOCOLS)[number];
export const LISTENER_LABELS: Record<ListenerProtocolName, string> = { netflow: 'NetFlow', ipfix: 'IPFIX', sflow: 'sFlow' };
export const STANDARD_PORTS: Record<ListenerProtocolName, number[]> = { netflow: [2055], ipfix: [4739], sflow: [6343] };

export const listenerSettingsSchema = z.object({
  netflow: portList.default(STANDARD_PORTS.netflow),
  ipfix: portList.default(STANDARD_PORTS.ipfix),
  sflow: portList.default(STANDARD_PORTS.sflow),
  /** "::" is dual-stack (IPv6 and IPv4) where the OS allows; "0.0.0.0" IPv4 only. */
  bind: z.array(address('a listen address')).min(1, 'listen on at least one address').max(8).default(['::']),
}).strict().superRefine((l, ctx) => {
  const seen = new Map<number, ListenerProtocolName>();
  for (const p of LISTENER_PROTOCOLS) {
    l[p].forEach((n, i) => {
      const other = seen.get(n);
      if (other) ctx.addIssue({ code: 'custom', path: [p, i], message: other === p ? `port ${n} is listed twice for ${LISTENER_LABELS[p]}` : `port ${n} is already used for ${LISTENER_LABELS[other]}` });
      else seen.set(n, p);
    });
  }
});
export type ListenerSettings = z.output<typeof listenerSettingsSchema>;

/**
 * "override": the rule's rate replaces whatever the device reports (nfacctd's sampling_map /
 * Akvorado's override-sampling-rate). "default": the rule's rate is used only when the device
 * reports none (Akvorado's default-sampling-rate).
 */
export const SAMPLING_MODES = ['override', 'default'] as const;
export type SamplingMode = (typeof SAMPLING_MODES)[number];

export const samplingRuleSchema = z.object({
  /** The exporter's address (for sFlow, the agent address). */
  exporter: address('the exporter'),
  /** NetFlow v9 source id / IPFIX observation domain / NetFlow v5 engine id / sFlow sub-agent id. */
  domain: z.number().int('the domain is a whole number').min(0, 'the domain is 0 or more').max(4294967295, 'the domain is at most 4294967295').optional(),
  /** Only flows entering on this ifIndex. */
  inIf: z.number().int('the interface is a whole number').min(0, 'the interface is 0 or more').max(4294967295, 'the interface is at most 4294967295').optional(),
  rate: z.number({ message: 'the rate is a whole number (1 in N packets)' }).int('the rate is a whole number (1 in N packets)').min(1, 'the rate is at least 1').max(1_000_000_000, 'the rate is at most 1000000000'),
  mode: z.enum(SAMPLING_MODES).default('override'),
}).strict();
export type SamplingRule = z.output<typeof samplingRuleSchema>;

export const samplingRulesSchema = z.array(samplingRuleSchema).max(4096).superRefine((rules, ctx) => {
  const seen = new Map<string, number>();
  rules.forEach((r, i) => {
    const key = `${r.exporter.toLowerCase()}/${r.domain ?? '*'}/${r.inIf ?? '*'}`;
    const first = seen.get(key);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'exporter'], message: `rule ${i + 1} matches the same exporter, domain and interface as rule ${first + 1}` });
    else seen.set(key, i);
  });
});

export const storeChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('duckdb'), path: z.string().min(1).max(4096) }).strict(),
  z.object({ kind: z.literal('postgres'), url: z.string().regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL starts with postgres://').max(4096) }).strict(),
]);
export type StoreChoice = z.output<typeof storeChoiceSchema>;

export const hostSettingsSchema = z.object({
  version: z.literal(1).default(1),
  /** The store to open at start when neither --db nor --postgres is given (null: the default DuckDB file). */
  store: storeChoiceSchema.nullable().default(null),
  listeners: listenerSettingsSchema.default({ netflow: STANDARD_PORTS.netflow, ipfix: STANDARD_PORTS.ipfix, sflow: STANDARD_PORTS.sflow, bind: ['::'] }),
  sampling: samplingRulesSchema.default([]),
}).strict();
export type HostSettings = z.output<typeof hostSettingsSchema>;

/** Warnings that do not stop a save: privileged ports, rules for exporters never seen… */
export function listenerWarnings(l: ListenerSettings): string[] {
  const out: string[] = [];
  for (const p of LISTENER_PROTOCOLS) {
    for (const n of l[p]) if (n < 1024) out.push(`settings: ${LISTENER_LABELS[p]} port ${n} is privileged (below 1024): the collector needs root or CAP_NET_BIND_SERVICE to bind it`);
  }
  return out;
}

/** A candidate store as an engineer types it: a DuckDB file path or a postgres:// URL. */
export function storeChoiceFromText(text: string): StoreChoice {
  const t = text.trim();
  return /^postgres(ql)?:\/\//i.test(t) ? { kind: 'postgres', url: t } : { kind: 'duckdb', path: t };
}

export interface SettingsState {
  settings: HostSettings;
  /** The settings file (it may not exist yet: defaults). */
  path: string;
  /** Problems found when the file was read (the file kept aside, defaults used). */
  problems: string[];
  warnings: string[];
  /** The store in use now and why it was chosen. */
  store: { kind: 'duckdb' | 'postgres'; location: string; chosenBy: 'option' | 'settings' | 'default' | 'switch' };
}

export interface StoreTestResult {
  ok: boolean;
  kind: 'duckdb' | 'postgres';
  /** The file path or the URL without its password. */
  location: string;
  latencyMs: number;
  serverVersion?: string;
  /** PostgreSQL: whether the timescaledb extension is available on the server (null for DuckDB). */
  timescaledb: { available: boolean; installed: boolean } | null;
  /** The schema version found; 0 when the database is empty (it will be created). */
  schemaVersion?: number;
  /** What NetWeaver would do with it, in words. */
  summary: string;
  /** ok = false: what went wrong, in an engineer's words. */
  error?: string;
  /** The store the service uses right now. */
  inUse: boolean;
}

export interface StoreSwitchResult {
  from: { kind: string; location: string; rowsFlushed: number };
  to: { kind: string; location: string; schemaVersion: number };
  /** The collector kept its sockets open and moved to the new store (rows before the switch are in the old one). */
  collector: { running: boolean; rowsFlushed: number; rowsLost: number };
  /** Saved as the store to open at the next start (when no --db/--postgres is given). */
  persisted: boolean;
  warnings: string[];
  ms: number;
}

const settingsPatch = z.object({
  listeners: listenerSettingsSchema.optional(),
  sampling: samplingRulesSchema.optional(),
  store: storeChoiceSchema.nullable().optional(),
}).strict();

const storeTarget = z.string().min(1, 'give a DuckDB file path or a postgres:// URL').max(4096);

export const settingsMethods = {
  'settings.get': method(z.object({}).strict()).returns<SettingsState>(),
  /** Replaces the given sections, validates, saves atomically, applies live (sampling rules at once). */
  'settings.update': method(settingsPatch).returns<SettingsState>(),
  /** Opens a candidate store read-only-ish (no migration, no file created) and reports what it holds. */
  'store.test': method(z.object({ target: storeTarget }).strict()).returns<StoreTestResult>(),
  /** Moves the running service to another store: flushes the collector to the old one first. */
  'store.switch': method(z.object({ target: storeTarget, persist: z.boolean().default(true) }).strict()).returns<StoreSwitchResult>(),
};

export const settingsEvents = {
  'settings.changed': event<SettingsState>(),
};
