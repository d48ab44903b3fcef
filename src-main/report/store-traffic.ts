// The flow store as a traffic-summary source: the store's flow queries (top-N, time series,
// conversations) for a range and filter, plus a few aggregates of its own (protocol numbers,
// service ports, distinct counts) through the same filter language and SQL dialects, shaped into
// TrafficData. Ranges and buckets use time_received, as the store's queries do.
import { filterToSql } from '../store/filter/filter-sql.js';
import { flowConversations, flowTimeSeries, flowTopN, type FlowRange } from '../store/query/flow-query.js';
import { dialectFor, SqlParams } from '../store/query/sql-dialect.js';
import type { Store } from '../store/store.js';
import { applicationName, protocolName, WELL_KNOWN_PORTS } from './ip-services.js';
import { chooseBucketMs, type TrafficData } from './traffic-data.js';

export interface TrafficQuery {
  fromMs: number | null;
  toMs: number | null;
  filter?: string;
  top: number;
}

export interface StoreTrafficSource {
  trafficData(query: TrafficQuery): Promise<TrafficData>;
}

const num = (v: unknown) => Number(v ?? 0);

export class FlowStoreTraffic implements StoreTrafficSource {
  constructor(private readonly store: Store) {}

  async trafficData(q: TrafficQuery): Promise<TrafficData> {
    const d = dialectFor(this.store.kind);
    const span = await this.store.all<{ t0: unknown; t1: unknown; n: unknown }>(
      `SELECT ${d.epochMs('min(time_received)')} AS t0, ${d.epochMs('max(time_received)')} AS t1, count(*) AS n FROM flows`,
    );
    const fromMs = q.fromMs ?? (span[0]?.t0 !== null && span[0]?.t0 !== undefined ? num(span[0].t0) : 0);
    // Exclusive end: one millisecond past the newest flow when no end was given.
    const toMs = q.toMs ?? (span[0]?.t1 !== null && span[0]?.t1 !== undefined ? num(span[0].t1) + 1 : fromMs + 1);
    const range: FlowRange = { fromUs: fromMs * 1000, toUs: toMs * 1000, filter: q.filter };
    const top = q.top;
    const [sources, destinations, exporters, conversations, counts, protocols, applications] = await Promise.all([
      flowTopN(this.store, { ...range, groupBy: ['src_addr'], top }),
      flowTopN(this.store, { ...range, groupBy: ['dst_addr'], top }),
      flowTopN(this.store, { ...range, groupBy: ['exporter', 'source', 'sampling_rate'], top: 10_000 }),
      flowConversations(this.store, { ...range, layer: 'ip', limit: top }),
      this.counts(range),
      this.byProtocol(range),
      this.byApplication(range, top),
    ]);
    const total = sources.total;
    const bucketMs = chooseBucketMs(Math.max(1, toMs - fromMs));
    const series = await flowTimeSeries(this.store, { ...range, groupBy: ['protocol'], top: 5, stepSeconds: bucketMs / 1000 });
    const exporterRows = new Map<string, TrafficData['exporters'][number]>();
    for (const r of exporters.rows.filter((x) => !x.other)) {
      const key = `${r.key.exporter}|${r.key.source}`;
      const e = exporterRows.get(key) ?? { exporter: String(r.key.exporter), source: String(r.key.source), samplingRates: [], bytes: 0, packets: 0, flows: 0 };
      e.bytes += r.bytes;
      e.packets += r.packets;
      e.flows += r.flows;
      e.samplingRates.push(Number(r.key.sampling_rate));
      exporterRows.set(key, e);
    }
    const firstLast = await this.firstLast(range);
    return {
      fromMs,
      toMs,
      totals: { ...total, sources: counts.sources, destinations: counts.destinations, exporters: exporterRows.size, ...firstLast },
      series: {
        bucketMs,
        times: series.times,
        byProtocol: series.series.map((s) => ({ name: s.other ? 'other' : typeof s.key.protocol === 'number' ? protocolName(s.key.protocol) : String(s.key.protocol).toUpperCase(), bytes: s.values })),
      },
      topSources: sources.rows.filter((r) => !r.other).map((r) => ({ address: String(r.key.src_addr), bytes: r.bytes, packets: r.packets, flows: r.flows })),
      topDestinations: destinations.rows.filter((r) => !r.other).map((r) => ({ address: String(r.key.dst_addr), bytes: r.bytes, packets: r.packets, flows: r.flows })),
      topApplications: applications,
      topConversations: conversations.map((c) => ({ a: c.addressA ?? '', b: c.addressB ?? '', bytes: c.bytes, packets: c.packets, flows: c.flows })),
      protocols,
      exporters: [...exporterRows.values()].map((e) => ({ ...e, samplingRates: e.samplingRates.sort((x, y) => x - y) })).sort((x, y) => y.bytes - x.bytes),
      distinct: { sources: counts.sources, destinations: counts.destinations, applications: counts.applications, conversations: counts.conversations },
    };
  }

  private where(range: FlowRange, p: SqlParams): string {
    const d = dialectFor(this.store.kind);
    return `time_received >= ${d.timestamp(range.fromUs, p)} AND time_received < ${d.timestamp(range.toUs, p)} AND ${filterToSql(range.filter, d, p)}`;
  }

  /** The service port of a flow in SQL: the well-known one of the pair, else the lower (as ip-services.ts). */
  private servicePortSql(): string {
    const known = [...WELL_KNOWN_PORTS].join(', ');
    return `CASE WHEN protocol NOT IN (6, 17, 132) THEN -1
      WHEN dst_port IN (${known}) AND src_port NOT IN (${known}) THEN dst_port
      WHEN src_port IN (${known}) AND dst_port NOT IN (${known}) THEN src_port
      ELSE least(src_port, dst_port) END`;
  }

  private async counts(range: FlowRange) {
    const p = new SqlParams();
    // Distinct pairs through DISTINCT subqueries: casting 128-bit addresses to text is far slower.
    const rows = await this.store.all<Record<string, unknown>>(
      `WITH f AS (SELECT src_addr, dst_addr, protocol, ${this.servicePortSql()} AS port FROM flows WHERE ${this.where(range, p)})
       SELECT (SELECT count(DISTINCT src_addr) FROM f) AS s, (SELECT count(DISTINCT dst_addr) FROM f) AS d,
         (SELECT count(*) FROM (SELECT DISTINCT least(src_addr, dst_addr) AS lo, greatest(src_addr, dst_addr) AS hi FROM f) pairs) AS c,
         (SELECT count(*) FROM (SELECT DISTINCT protocol, port FROM f) apps) AS a`,
      p.values,
    );
    const r = rows[0] ?? {};
    return { sources: num(r.s), destinations: num(r.d), conversations: num(r.c), applications: num(r.a) };
  }

  private async firstLast(range: FlowRange): Promise<{ firstFlowMs: number | null; lastFlowMs: number | null }> {
    const d = dialectFor(this.store.kind);
    const p = new SqlParams();
    const rows = await this.store.all<Record<string, unknown>>(`SELECT ${d.epochMs('min(time_start)')} AS a, ${d.epochMs('max(time_end)')} AS b FROM flows WHERE ${this.where(range, p)}`, p.values);
    const a = rows[0]?.a;
    const b = rows[0]?.b;
    return { firstFlowMs: a === null || a === undefined ? null : num(a), lastFlowMs: b === null || b === undefined ? null : num(b) };
  }

  private async byProtocol(range: FlowRange): Promise<TrafficData['protocols']> {
    const p = new SqlParams();
    const rows = await this.store.all<Record<string, unknown>>(
      `SELECT protocol, sum(bytes * sampling_rate) AS b, sum(packets * sampling_rate) AS pk, count(*) AS n FROM flows WHERE ${this.where(range, p)} GROUP BY protocol ORDER BY b DESC, protocol`,
      p.values,
    );
    return rows.map((r) => ({ protocol: num(r.protocol), name: protocolName(num(r.protocol)), bytes: num(r.b), packets: num(r.pk), flows: num(r.n) }));
  }

  private async byApplication(range: FlowRange, top: number): Promise<TrafficData['topApplications']> {
    const p = new SqlParams();
    const rows = await this.store.all<Record<string, unknown>>(
      `SELECT protocol, ${this.servicePortSql()} AS port, sum(bytes * sampling_rate) AS b, sum(packets * sampling_rate) AS pk, count(*) AS n
       FROM flows WHERE ${this.where(range, p)} GROUP BY 1, 2 ORDER BY b DESC, protocol, port LIMIT ${Math.trunc(top)}`,
      p.values,
    );
    return rows.map((r) => {
      const port = num(r.port);
      return { application: applicationName(num(r.protocol), port), protocol: num(r.protocol), port: port >= 0 ? port : null, bytes: num(r.b), packets: num(r.pk), flows: num(r.n) };
    });
  }
}

/** The traffic source for a store, or undefined while the store has no flow table. */
export async function storeTrafficSource(store: Store): Promise<StoreTrafficSource | undefined> {
  const rows = await store.all<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'flows'`);
  if (!rows.length || Number(rows[0]!.n) === 0) return undefined;
  return new FlowStoreTraffic(store);
}
