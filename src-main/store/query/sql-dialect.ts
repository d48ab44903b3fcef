// The few places DuckDB and PostgreSQL SQL differ for flow queries: how an address, a prefix and
// a timestamp are bound, how time is bucketed, and how stored addresses come back as text.
// Every value is a bound parameter; only column names from fixed lists are spliced into SQL.
import { formatAddress } from '../../../src-worker/flow/address.js';
import { addressToBigInt, uhugeintToAddressText, type Cidr } from '../flows/address-codec.js';
import type { StoreKind } from '../store.js';

export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface SqlDialect {
  kind: StoreKind;
  /** SQL that is true when `column` holds exactly this address. */
  addressEquals(column: string, address: Uint8Array, p: SqlParams): string;
  /** SQL that is true when `column` lies within the prefix. */
  addressWithin(column: string, cidr: Cidr, p: SqlParams): string;
  /** A µs-since-epoch instant as a timestamp parameter. */
  timestamp(us: number, p: SqlParams): string;
  /** Epoch milliseconds (a number) of the `seconds`-wide bucket a timestamp column falls in. */
  bucketMs(column: string, seconds: number): string;
  /** Epoch milliseconds of a timestamp expression. */
  epochMs(expr: string): string;
  /** A stored address value (as the driver returns it) → text. */
  addressText(value: unknown): string | null;
  /** SQL for an address column as sortable/groupable key (identity in both backends). */
  bigint(expr: string): string;
  /** A stored count scaled by the flow's sampling rate, in the type that sums fastest exactly. */
  scaled(column: string, rate?: string): string;
  /** An integer bound for comparison with `column`, typed like the column. */
  integer(column: string, value: number, p: SqlParams): string;
}

/** DuckDB types of the flows' integer columns (migration 002). A parameter typed INTEGER made
 * DuckDB cast the column instead (`CAST(protocol AS INTEGER) = $1`), which is evaluated row by
 * row and cannot use zone maps; typed like the column, the comparison is pushed into the scan. */
const DUCKDB_INTEGER_TYPES: Record<string, string> = {
  source: 'UTINYINT', protocol: 'UTINYINT', direction: 'UTINYINT', tcp_flags: 'UTINYINT', tos: 'UTINYINT',
  src_port: 'USMALLINT', dst_port: 'USMALLINT', vlan: 'USMALLINT',
  sampling_rate: 'UINTEGER', in_if: 'UINTEGER', out_if: 'UINTEGER', src_as: 'UINTEGER', dst_as: 'UINTEGER',
  bytes: 'UBIGINT', packets: 'UBIGINT',
};

export const duckdbDialect: SqlDialect = {
  kind: 'duckdb',
  addressEquals: (column, address, p) => `${column} = CAST(${p.add(addressToBigInt(address).toString())} AS UHUGEINT)`,
  addressWithin: (column, cidr, p) =>
    `${column} BETWEEN CAST(${p.add(cidr.lo.toString())} AS UHUGEINT) AND CAST(${p.add(cidr.hi.toString())} AS UHUGEINT)`,
  timestamp: (us, p) => `make_timestamp(CAST(${p.add(Math.trunc(us))} AS BIGINT))`,
  // Integer arithmetic on epoch ms rather than time_bucket(): several times cheaper per row, and
  // buckets are aligned to the epoch exactly as PostgreSQL's floor(epoch / step) aligns them.
  bucketMs: (column, seconds) => `((epoch_ms(${column}) // ${Math.max(1, Math.trunc(seconds)) * 1000}) * ${Math.max(1, Math.trunc(seconds)) * 1000})`,
  epochMs: (expr) => `epoch_ms(${expr})`,
  addressText: uhugeintToAddressText,
  bigint: (expr) => `CAST(${expr} AS BIGINT)`,
  // DOUBLE, not UBIGINT: sum(UBIGINT) accumulates in HUGEINT, which made aggregation several times
  // slower (wide hash-table states); integer sums stay exact in a double up to 2^53 (9 PB), and the
  // API hands volumes to JavaScript as numbers anyway.
  scaled: (column, rate = 'sampling_rate') => `(CAST(${column} AS DOUBLE) * ${rate})`,
  integer: (column, value, p) => {
    const type = DUCKDB_INTEGER_TYPES[column];
    return type ? `CAST(${p.add(value)} AS ${type})` : p.add(value);
  },
};

export const postgresDialect: SqlDialect = {
  kind: 'postgres',
  addressEquals: (column, address, p) => `${column} = ${p.add(formatAddress(address))}::inet`,
  addressWithin: (column, cidr, p) => `${column} <<= ${p.add(pgCidrText(cidr))}::inet`,
  timestamp: (us, p) => `to_timestamp(${p.add(us / 1e6)}::double precision)`,
  bucketMs: (column, seconds) =>
    `(floor(extract(epoch from ${column}) / ${Math.trunc(seconds)}) * ${Math.trunc(seconds) * 1000})::bigint`,
  epochMs: (expr) => `(extract(epoch from ${expr}) * 1000)::bigint`,
  addressText: (value) => (value === null || value === undefined ? null : String(value).replace(/\/(32|128)$/, '')),
  bigint: (expr) => `(${expr})::bigint`,
  scaled: (column, rate = 'sampling_rate') => `(${column} * ${rate})`,
  integer: (_column, value, p) => p.add(value),
};

/** IPv4-mapped prefixes are stored as IPv4 in PostgreSQL, so bind them as IPv4 prefixes. */
function pgCidrText(cidr: Cidr): string {
  const v4 = cidr.prefix128 >= 96 && cidr.network.subarray(0, 12).every((b, i) => (i < 10 ? b === 0 : b === 0xff));
  return v4 ? `${formatAddress(cidr.network)}/${cidr.prefix128 - 96}` : `${formatAddress(cidr.network)}/${cidr.prefix128}`;
}

export function dialectFor(kind: StoreKind): SqlDialect {
  return kind === 'postgres' ? postgresDialect : duckdbDialect;
}
