// The filter language on its own: what parses, the SQL and parameters it becomes for each
// backend, and errors that name the column of the mistake — including hostile input, which
// must never reach SQL as text.
import { describe, expect, it } from 'vitest';
import { FilterError } from '../../../src-main/store/filter/filter-error.js';
import { parseFilter } from '../../../src-main/store/filter/filter-parser.js';
import { filterToSql } from '../../../src-main/store/filter/filter-sql.js';
import { duckdbDialect, postgresDialect, SqlParams } from '../../../src-main/store/query/sql-dialect.js';

function compile(filter: string, dialect = duckdbDialect) {
  const p = new SqlParams();
  return { sql: filterToSql(filter, dialect, p), params: p.values };
}

function errorOf(filter: string): FilterError {
  try {
    parseFilter(filter);
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error(`expected "${filter}" to be refused`);
}

describe('filter language', () => {
  it('compiles the issue example into parameters, with CIDR as an integer range on DuckDB and inet on PostgreSQL', () => {
    const f = 'src_addr << 10.0.0.0/8 and dst_port in (80, 443) and protocol = tcp and not exporter = 192.0.2.1';
    const duck = compile(f);
    expect(duck.sql).toBe('(((src_addr BETWEEN CAST($1 AS UHUGEINT) AND CAST($2 AS UHUGEINT) AND dst_port IN (CAST($3 AS USMALLINT), CAST($4 AS USMALLINT))) AND protocol = CAST($5 AS UTINYINT)) AND (NOT COALESCE(exporter = CAST($6 AS UHUGEINT), FALSE)))');
    // ::ffff:10.0.0.0 … ::ffff:10.255.255.255 as 128-bit integers
    expect(duck.params).toEqual([((0xffffn << 32n) | (10n << 24n)).toString(), ((0xffffn << 32n) | (10n << 24n) | 0xffffffn).toString(), 80, 443, 6, ((0xffffn << 32n) | 0xc0000201n).toString()]);
    const pg = compile(f, postgresDialect);
    expect(pg.sql).toContain('src_addr <<= $1::inet');
    expect(pg.params).toEqual(['10.0.0.0/8', 80, 443, 6, '192.0.2.1']);
  });

  it('normalises host bits away and accepts IPv6 prefixes, aliases, ||/&&/!, juxtaposition and number suffixes', () => {
    expect(compile('src << 10.1.2.3/16', postgresDialect).params).toEqual(['10.1.0.0/16']);
    expect(compile('dst_addr << 2001:db8::1/32', postgresDialect).params).toEqual(['2001:db8::/32']);
    expect(compile('proto = udp || !dport = 53 && bytes > 1.5M').params).toEqual([17, 53, 1_500_000]);
    expect(compile('tcp_flags = 0x12 vlan = 10').sql).toBe('(tcp_flags = CAST($1 AS UTINYINT) AND vlan = CAST($2 AS USMALLINT))');
    expect(compile('').sql).toBe('TRUE');
    // The UI's autocomplete offers `in PREFIX` and `not in (…)`.
    expect(compile('dst_addr in 10.0.0.0/8', postgresDialect).sql).toBe('dst_addr <<= $1::inet');
    expect(compile('dst_port not in (80, 443)').sql).toBe('(NOT COALESCE(dst_port IN (CAST($1 AS USMALLINT), CAST($2 AS USMALLINT)), FALSE))');
  });

  it('points at the column of each mistake', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['dst_port = 70000', 12, /out of range for dst_port \(0–65535\)/],
      ['dst_prot = 80', 1, /unknown field "dst_prot"/],
      ['protocol = tcpp', 12, /"tcpp" is not a value protocol can have/],
      ['src_addr << 10.0.0.0/33', 13, /prefix length that is not 0–32/],
      ['src_addr = 10.0.0.256', 12, /not a valid IPv4 address/],
      ['dst_port = 80 and', 18, /expected a field name .* found the end of the filter/],
      ['(dst_port = 80', 15, /expected "\)" to close the "\(" at column 1/],
      ['dst_port = 80)', 14, /this "\)" has no matching "\("/],
      ['dst_port in (80 443)', 17, /expected "," or "\)" in the list/],
      ['dst_port << 10.0.0.0/8', 10, /"<<" means "address within prefix"; dst_port is a number/],
      ['src_addr > 10.0.0.1', 10, /does not apply to addresses/],
      ['src_addr = "abc', 12, /never closed/],
      ['dst_port = 80 ; x', 15, /unexpected character ";"/],
    ];
    for (const [filter, column, reason] of cases) {
      const e = errorOf(filter);
      expect({ filter, column: e.column }).toEqual({ filter, column });
      expect(e.message).toMatch(reason);
      expect(e.message.startsWith(`filter: column ${column}: `)).toBe(true);
      expect(e.pointer().split('\n')[1]).toBe(' '.repeat(column - 1) + '^');
    }
  });

  it('refuses hostile input: SQL fragments, quotes, comments, huge and deeply nested filters', () => {
    const hostile = [
      "dst_port = 80; DROP TABLE flows; --",
      "src_addr = '10.0.0.1'; DELETE FROM flows",
      "src_addr = \"1.1.1.1' OR '1'='1\"",
      'dst_port = 80 OR 1=1',
      'dst_port = 80 UNION SELECT 1',
      'dst_port = (SELECT 1)',
      'dst_port = 80 /* x */',
      'protocol = tcp\u0000',
      'dst_port = 1e309',
      'x'.repeat(10_000),
      '('.repeat(200) + 'dst_port = 1' + ')'.repeat(200),
      'not '.repeat(200) + 'dst_port = 1',
      `dst_port in (${Array.from({ length: 1001 }, (_, i) => i).join(',')})`,
    ];
    for (const filter of hostile) expect(() => compile(filter), filter.slice(0, 60)).toThrow(FilterError);
  });

  it('only ever puts field-table column names and placeholders into SQL', () => {
    const { sql } = compile('addr << 10.0.0.0/8 or port in (1, 2) or not as = 3 or source = ipfix or direction = egress');
    const words = sql.match(/[A-Za-z_]+/g) ?? [];
    const allowed = new Set(['src_addr', 'dst_addr', 'src_port', 'dst_port', 'src_as', 'dst_as', 'source', 'direction', 'BETWEEN', 'CAST', 'AS', 'UHUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'AND', 'OR', 'NOT', 'COALESCE', 'FALSE', 'IN']);
    expect(words.filter((w) => !allowed.has(w))).toEqual([]);
  });
});
