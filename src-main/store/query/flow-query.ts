// Flow queries over either backend: time range + filter expression → top-N with an "Other"
// bucket, time series per dimension, sankey pairs, and Wireshark-style conversations and
// endpoints. Volumes are the stored counts multiplied by each flow's sampling rate. Time ranges
// and buckets use time_received (the collector's clock: exporters' clocks drift; for imports it is
// the capture time). Long ranges read the rollups when the query only needs rollup dimensions.
import { filterToSql } from '../filter/filter-sql.js';
import { parseFilter, type FilterNode } from '../filter/filter-parser.js';
import type { Store } from '../store.js';
import { dimensionValue, ROLLUP_DIMENSIONS, type DimensionValue, type FlowDimension } from './flow-dimensions.js';
import { dialectFor, SqlParams, type SqlDialect } from './sql-dialect.js';

export type FlowMetric = 'bytes' | 'packets' | 'flows';

export interface FlowRange {
  /** µs since the epoch, inclusive. */
  fromUs: number;
  /** µs since the epoch, exclusive. */
  toUs: number;
  filter?: string;
}

export interface Volume {
  bytes: number;
  packets: number;
  flows: number;
}

export interface TopNRow extends Volume {
  key: Record<string, DimensionValue>;
  other?: boolean;
}

export interface TopNResult {
  rows: TopNRow[];
  total: Volume;
  table: string;
}

const ROLLUPS: Array<{ table: string; seconds: number; minRangeSeconds: number }> = [
  { table: 'flows_1h', seconds: 3600, minRangeSeconds: 14 * 86400 },
  { table: 'flows_5m', seconds: 300, minRangeSeconds: 2 * 86400 },
  { table: 'flows_1m', seconds: 60, minRangeSeconds: 6 * 3600 },
];

function filterFields(node: FilterNode | null, out = new Set<string>()): Set<string> {
  if (!node) return out;
  if (node.kind === 'compare') for (const c of node.def.columns) out.add(c);
  else if (node.kind === 'not') filterFields(node.expr, out);
  else { filterFields(node.left, out); filterFields(node.right, out); }
  return out;
}

/**
 * The rows a query aggregates, as a subquery with columns vb, vp, vf (volumes) plus the raw
 * dimension columns and time_received: raw flows, or a rollup for the part of a long range it
 * covers (the rest, newer than the rollup's watermark, still from raw flows).
 */
export async function flowSource(store: Store, d: SqlDialect, range: FlowRange, dims: readonly string[], p: SqlParams, rollupDoneUs?: number): Promise<{ sql: string; table: string }> {
  const where = filterToSql(range.filter, d, p);
  const rangeSeconds = (range.toUs - range.fromUs) / 1e6;
  const fields = filterFields(range.filter ? parseFilter(range.filter) : null);
  const rollupOk = [...dims, ...fields].every((c) => ROLLUP_DIMENSIONS.has(c));
  const rollup = rollupOk ? ROLLUPS.find((r) => rangeSeconds >= r.minRangeSeconds) : undefined;
  const cols = dims.length ? dims.join(', ') + ', ' : '';
  const raw = (fromUs: number) =>
    `SELECT ${cols}time_received, ${d.scaled('bytes')} AS vb, ${d.scaled('packets')} AS vp, 1 AS vf FROM flows
     WHERE time_received >= ${d.timestamp(fromUs, p)} AND time_received < ${d.timestamp(range.toUs, p)} AND ${where}`;
  if (!rollup) return { sql: raw(range.fromUs), table: 'flows' };
  const doneUs = rollupDoneUs ?? (await rollupWatermarkUs(store, rollup.table));
  const splitUs = Math.min(Math.max(doneUs, range.fromUs), range.toUs);
  const where2 = filterToSql(range.filter, d, p);
  const fromRollup = `SELECT ${cols}bucket AS time_received, ${d.scaled('bytes')} AS vb, ${d.scaled('packets')} AS vp, flows AS vf FROM ${rollup.table}
     WHERE bucket >= ${d.timestamp(range.fromUs, p)} AND bucket < ${d.timestamp(splitUs, p)} AND ${where2}`;
  return { sql: `${fromRollup} UNION ALL ${raw(splitUs)}`, table: rollup.table };
}

export async function rollupWatermarkUs(store: Store, table: string): Promise<number> {
  const d = dialectFor(store.kind);
  const rows = await store.all<{ ms: number | string | null }>(`SELECT ${d.epochMs('done_until')} AS ms FROM rollup_state WHERE name = $1`, [table]);
  return rows.length && rows[0]!.ms !== null ? Number(rows[0]!.ms) * 1000 : 0;
}

const volumeOf = (r: Record<string, unknown>): Volume => ({ bytes: Number(r.b ?? 0), packets: Number(r.pk ?? 0), flows: Number(r.n ?? 0) });
const ORDER: Record<FlowMetric, string> = { bytes: 'b', packets: 'pk', flows: 'n' };

export interface TopNQuery extends FlowRange {
  groupBy: FlowDimension[];
  top: number;
  metric?: FlowMetric;
}

/** The `top` biggest groups by the metric, then one "Other" row for everything else. */
export async function flowTopN(store: Store, q: TopNQuery): Promise<TopNResult> {
  const d = dialectFor(store.kind);
  const p = new SqlParams();
  const src = await flowSource(store, d, q, q.groupBy, p);
  const order = ORDER[q.metric ?? 'bytes'];
  const group = q.groupBy.length ? `GROUP BY ${q.groupBy.join(', ')}` : '';
  const select = q.groupBy.length ? q.groupBy.join(', ') + ',' : '';
  const sql = `WITH s AS (${src.sql}),
    g AS MATERIALIZED (SELECT ${select} sum(vb) AS b, sum(vp) AS pk, sum(vf) AS n FROM s ${group}),
    t AS (SELECT sum(b) AS b, sum(pk) AS pk, sum(n) AS n FROM g)
    SELECT * FROM (SELECT ${select} b, pk, n, 0 AS total FROM g ORDER BY ${order} DESC, ${q.groupBy.length ? q.groupBy.join(', ') : 'b'} LIMIT ${Math.trunc(q.top)}) top
    UNION ALL SELECT ${q.groupBy.map(() => 'NULL,').join(' ')} b, pk, n, 1 AS total FROM t`;
  const rows = await store.all<Record<string, unknown>>(sql, p.values);
  const totalRow = rows.find((r) => Number(r.total) === 1);
  const total = totalRow ? volumeOf(totalRow) : { bytes: 0, packets: 0, flows: 0 };
  const out: TopNRow[] = rows
    .filter((r) => Number(r.total) === 0)
    .map((r) => ({ key: Object.fromEntries(q.groupBy.map((dim) => [dim, dimensionValue(dim, r[dim], d)])), ...volumeOf(r) }));
  const shown = out.reduce((a, r) => ({ bytes: a.bytes + r.bytes, packets: a.packets + r.packets, flows: a.flows + r.flows }), { bytes: 0, packets: 0, flows: 0 });
  const other = { bytes: total.bytes - shown.bytes, packets: total.packets - shown.packets, flows: total.flows - shown.flows };
  if (other.flows > 0) out.push({ key: Object.fromEntries(q.groupBy.map((dim) => [dim, 'Other'])), ...other, other: true });
  return { rows: out, total, table: src.table };
}

export interface TimeSeriesQuery extends TopNQuery {
  stepSeconds: number;
}

export interface TimeSeriesResult {
  stepSeconds: number;
  /** Bucket start times, epoch ms. */
  times: number[];
  series: Array<{ key: Record<string, DimensionValue>; other?: boolean; values: number[] }>;
  table: string;
}

/**
 * One series per top-N group (plus "Other") of the metric per time bucket. One scan: the flows are
 * grouped by (dimensions, bucket) once; the top groups are ranked from that small result, and
 * everything else is folded into "Other" per bucket in the database.
 */
export async function flowTimeSeries(store: Store, q: TimeSeriesQuery): Promise<TimeSeriesResult> {
  const d = dialectFor(store.kind);
  const p = new SqlParams();
  const src = await flowSource(store, d, q, q.groupBy, p);
  const order = ORDER[q.metric ?? 'bytes'];
  const dims = q.groupBy;
  const select = dims.length ? dims.join(', ') + ',' : '';
  const rankOrder = [`${order} DESC`, ...dims].join(', ');
  const joinOn = dims.length ? dims.map((dim) => `g.${dim} IS NOT DISTINCT FROM top.${dim}`).join(' AND ') : 'TRUE';
  const keyCols = dims.map((dim) => `CASE WHEN top.rk IS NULL THEN NULL ELSE g.${dim} END AS ${dim}`);
  const sql = `WITH s AS (${src.sql}),
    g AS MATERIALIZED (SELECT ${select} ${d.bucketMs('time_received', q.stepSeconds)} AS t, sum(vb) AS b, sum(vp) AS pk, sum(vf) AS n FROM s GROUP BY ${select} t),
    top AS (SELECT ${select} row_number() OVER (ORDER BY ${rankOrder}) AS rk
      FROM (SELECT ${select} sum(b) AS b, sum(pk) AS pk, sum(n) AS n FROM g ${dims.length ? `GROUP BY ${dims.join(', ')}` : ''}) k
      ORDER BY ${rankOrder} LIMIT ${Math.trunc(q.top)})
    SELECT top.rk AS rk, ${keyCols.map((c) => c + ',').join(' ')} g.t AS t, sum(g.b) AS b, sum(g.pk) AS pk, sum(g.n) AS n
    FROM g LEFT JOIN top ON ${joinOn} GROUP BY ${[1, ...dims.map((_, i) => i + 2), dims.length + 2].join(', ')}`;
  const rows = await store.all<Record<string, unknown>>(sql, p.values);
  const step = q.stepSeconds * 1000;
  const first = Math.floor(q.fromUs / 1000 / step) * step;
  const times: number[] = [];
  for (let t = first; t < q.toUs / 1000; t += step) times.push(t);
  const series: TimeSeriesResult['series'] = [];
  const other = { key: Object.fromEntries(dims.map((dim) => [dim, 'Other'])) as Record<string, DimensionValue>, other: true, values: new Array<number>(times.length).fill(0) };
  for (const r of rows) {
    const rank = r.rk === null || r.rk === undefined ? null : Number(r.rk);
    let target: { values: number[] } = other;
    if (rank !== null) {
      target = series[rank - 1] ??= { key: Object.fromEntries(dims.map((dim) => [dim, dimensionValue(dim, r[dim], d)])), values: new Array<number>(times.length).fill(0) };
    }
    const slot = Math.round((Number(r.t) - first) / step);
    if (slot < 0 || slot >= times.length) continue;
    target.values[slot]! += Number(r[order] ?? 0);
  }
  const ranked = series.filter((x) => x !== undefined);
  return { stepSeconds: q.stepSeconds, times, series: other.values.some((v) => v > 0) ? [...ranked, other] : ranked, table: src.table };
}

export interface SankeyQuery extends FlowRange {
  /** At least two dimensions: links go dims[0] → dims[1] → … */
  dimensions: FlowDimension[];
  top: number;
  metric?: FlowMetric;
}

export interface SankeyResult {
  nodes: Array<{ dimension: string; value: DimensionValue }>;
  links: Array<{ source: number; target: number; value: number }>;
}

/** The top-N dimension tuples, as nodes per dimension and links between consecutive ones. */
export async function flowSankey(store: Store, q: SankeyQuery): Promise<SankeyResult> {
  const top = await flowTopN(store, { ...q, groupBy: q.dimensions });
  const metric = q.metric ?? 'bytes';
  const nodes: SankeyResult['nodes'] = [];
  const nodeIndex = new Map<string, number>();
  const node = (dimension: string, value: DimensionValue) => {
    const k = `${dimension}\u0000${value}`;
    let i = nodeIndex.get(k);
    if (i === undefined) { i = nodes.length; nodes.push({ dimension, value }); nodeIndex.set(k, i); }
    return i;
  };
  const linkValue = new Map<string, number>();
  for (const row of top.rows) {
    for (let i = 0; i + 1 < q.dimensions.length; i++) {
      const a = node(q.dimensions[i]!, row.key[q.dimensions[i]!]!);
      const b = node(q.dimensions[i + 1]!, row.key[q.dimensions[i + 1]!]!);
      linkValue.set(`${a}>${b}`, (linkValue.get(`${a}>${b}`) ?? 0) + row[metric]);
    }
  }
  const links = [...linkValue.entries()].map(([k, value]) => {
    const [source, target] = k.split('>').map(Number) as [number, number];
    return { source, target, value };
  });
  return { nodes, links };
}

export interface ConversationQuery extends FlowRange {
  /** "ip": address pairs; "tcp"/"udp": address+port pairs of that protocol. */
  layer: 'ip' | 'tcp' | 'udp';
  limit: number;
}

export interface Conversation {
  addressA: string | null;
  portA?: number;
  addressB: string | null;
  portB?: number;
  packets: number;
  bytes: number;
  packetsAToB: number;
  bytesAToB: number;
  packetsBToA: number;
  bytesBToA: number;
  flows: number;
  /** Epoch ms of the first packet, and seconds to the last. */
  startMs: number;
  durationSeconds: number;
}

/** Conversations as Wireshark's Statistics › Conversations shows them: A is the lower endpoint. */
export async function flowConversations(store: Store, q: ConversationQuery): Promise<Conversation[]> {
  const d = dialectFor(store.kind);
  const p = new SqlParams();
  const where = filterToSql(q.filter, d, p);
  const withPorts = q.layer !== 'ip';
  const forward = withPorts
    ? '(src_addr < dst_addr OR (src_addr = dst_addr AND src_port <= dst_port))'
    : 'src_addr <= dst_addr';
  const proto = withPorts ? ` AND protocol = ${p.add(q.layer === 'tcp' ? 6 : 17)}` : '';
  // Two passes: first only the pair keys and byte totals, to find the top pairs (a narrow hash
  // table even when nearly every flow is its own conversation), then the full per-direction
  // aggregates for just those pairs. One wide pass spent seconds on states for millions of pairs.
  const keys = withPorts ? 'a, b, pa, pb' : 'a, b';
  const sql = `WITH s AS NOT MATERIALIZED (SELECT ${forward} AS fwd,
      CASE WHEN ${forward} THEN src_addr ELSE dst_addr END AS a, CASE WHEN ${forward} THEN dst_addr ELSE src_addr END AS b,
      ${withPorts ? `CASE WHEN ${forward} THEN src_port ELSE dst_port END AS pa, CASE WHEN ${forward} THEN dst_port ELSE src_port END AS pb,` : ''}
      ${d.scaled('bytes')} AS vb, ${d.scaled('packets')} AS vp, time_start, time_end FROM flows
      WHERE time_received >= ${d.timestamp(q.fromUs, p)} AND time_received < ${d.timestamp(q.toUs, p)} AND ${where}${proto}),
    top AS (SELECT ${keys}, sum(vb) AS b_all FROM s GROUP BY ${keys} ORDER BY b_all DESC, a, b LIMIT ${Math.trunc(q.limit)})
    SELECT ${keys}, sum(vb) AS b_all, sum(vp) AS p_all, sum(CASE WHEN fwd THEN vb ELSE 0 END) AS b_ab, sum(CASE WHEN fwd THEN vp ELSE 0 END) AS p_ab,
      count(*) AS n, ${d.epochMs('min(time_start)')} AS t0, ${d.epochMs('max(time_end)')} AS t1
    FROM s WHERE (${keys}) IN (SELECT ${keys} FROM top) GROUP BY ${keys} ORDER BY b_all DESC, a, b LIMIT ${Math.trunc(q.limit)}`;
  const rows = await store.all<Record<string, unknown>>(sql, p.values);
  return rows.map((r) => {
    const bytes = Number(r.b_all), packets = Number(r.p_all), bytesAToB = Number(r.b_ab), packetsAToB = Number(r.p_ab);
    return {
      addressA: d.addressText(r.a),
      ...(withPorts ? { portA: Number(r.pa) } : {}),
      addressB: d.addressText(r.b),
      ...(withPorts ? { portB: Number(r.pb) } : {}),
      packets, bytes, packetsAToB, bytesAToB, packetsBToA: packets - packetsAToB, bytesBToA: bytes - bytesAToB,
      flows: Number(r.n), startMs: Number(r.t0), durationSeconds: Math.max(0, (Number(r.t1) - Number(r.t0)) / 1000),
    };
  });
}

export interface Endpoint {
  address: string | null;
  packets: number;
  bytes: number;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
  flows: number;
}

/** Endpoints as Wireshark's Statistics › Endpoints (IPv4/IPv6): what each address sent and got. */
export async function flowEndpoints(store: Store, q: FlowRange & { limit: number }): Promise<Endpoint[]> {
  const d = dialectFor(store.kind);
  const p = new SqlParams();
  const where = filterToSql(q.filter, d, p);
  const sql = `WITH s AS (SELECT src_addr, dst_addr, ${d.scaled('bytes')} AS vb, ${d.scaled('packets')} AS vp FROM flows
      WHERE time_received >= ${d.timestamp(q.fromUs, p)} AND time_received < ${d.timestamp(q.toUs, p)} AND ${where}),
    e AS (SELECT src_addr AS addr, vb AS tb, vp AS tp, 0 AS rb, 0 AS rp FROM s UNION ALL SELECT dst_addr, 0, 0, vb, vp FROM s)
    SELECT addr, sum(tb) AS tb, sum(tp) AS tp, sum(rb) AS rb, sum(rp) AS rp, count(*) AS n FROM e GROUP BY addr
    ORDER BY sum(tb) + sum(rb) DESC, addr LIMIT ${Math.trunc(q.limit)}`;
  const rows = await store.all<Record<string, unknown>>(sql, p.values);
  return rows.map((r) => {
    const txBytes = Number(r.tb), txPackets = Number(r.tp), rxBytes = Number(r.rb), rxPackets = Number(r.rp);
    return { address: d.addressText(r.addr), packets: txPackets + rxPackets, bytes: txBytes + rxBytes, txPackets, txBytes, rxPackets, rxBytes, flows: Number(r.n) };
  });
}
