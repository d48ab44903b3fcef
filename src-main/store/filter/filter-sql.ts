// Compiles a parsed filter into a SQL condition with bound parameters for one backend. Column
// names come only from the field table; every value is a parameter — there is no path from the
// filter's text into SQL text.
import type { SqlDialect, SqlParams } from '../query/sql-dialect.js';
import { parseFilter, type FilterNode, type FilterValue } from './filter-parser.js';

export function filterToSql(input: string | undefined, dialect: SqlDialect, p: SqlParams): string {
  const tree = input ? parseFilter(input) : null;
  return tree ? nodeToSql(tree, dialect, p) : 'TRUE';
}

function nodeToSql(node: FilterNode, d: SqlDialect, p: SqlParams): string {
  switch (node.kind) {
    case 'and': return `(${nodeToSql(node.left, d, p)} AND ${nodeToSql(node.right, d, p)})`;
    case 'or': return `(${nodeToSql(node.left, d, p)} OR ${nodeToSql(node.right, d, p)})`;
    // NOT of a comparison on a NULL column is NULL; engineers expect `not in_if = 3` to include
    // flows without an in_if, so NOT treats unknown as false.
    case 'not': return `(NOT COALESCE(${nodeToSql(node.expr, d, p)}, FALSE))`;
    case 'compare': {
      // Either-direction fields (addr, port, as, if): "=" means either side matches, "!=" neither.
      const negate = node.op === '!=';
      const parts = node.def.columns.map((column) => compareColumn(column, negate ? '=' : node.op, node.values, d, p));
      const any = parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
      return negate ? `(NOT COALESCE(${any}, FALSE))` : any;
    }
  }
}

function compareColumn(column: string, op: string, values: FilterValue[], d: SqlDialect, p: SqlParams): string {
  const one = (v: FilterValue, cmp: string): string => {
    if (v.kind === 'address') return v.exact && cmp === '=' ? d.addressEquals(column, v.cidr.network, p) : d.addressWithin(column, v.cidr, p);
    return `${column} ${cmp} ${d.integer(column, v.value, p)}`;
  };
  switch (op) {
    case 'in': {
      if (values.every((v) => v.kind === 'integer')) return `${column} IN (${values.map((v) => d.integer(column, (v as { value: number }).value, p)).join(', ')})`;
      return `(${values.map((v) => one(v, '=')).join(' OR ')})`;
    }
    case 'between': return `${column} BETWEEN ${d.integer(column, (values[0] as { value: number }).value, p)} AND ${d.integer(column, (values[1] as { value: number }).value, p)}`;
    case 'within': return one({ ...(values[0] as Extract<FilterValue, { kind: 'address' }>), exact: false }, '=');
    default: return one(values[0]!, op);
  }
}
