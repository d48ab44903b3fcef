// `netweaver query`: flows in a time range matching a filter, grouped and ranked (top-N with an
// "Other" row), or as a time series, conversations or endpoints; as a table, --csv or --json.
import { FLOW_DIMENSION_NAMES } from '../../api/contract/flows.js';
import { ApiError } from '../../api/contract/errors.js';
import { defineCommand, numberOption, stringOption, UsageError, type CommandIO } from '../command.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';
import { parseTimeArgument } from '../time-argument.js';

type Dim = (typeof FLOW_DIMENSION_NAMES)[number];

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function printTable(io: CommandIO, csv: boolean, header: string[], rows: unknown[][]): void {
  if (csv) {
    io.out(header.map(csvCell).join(','));
    for (const r of rows) io.out(r.map(csvCell).join(','));
    return;
  }
  const text = [header, ...rows.map((r) => r.map((v) => (v === null || v === undefined ? '-' : String(v))))];
  const widths = header.map((_, i) => Math.max(...text.map((r) => (r[i] as string).length)));
  for (const r of text) io.out(r.map((v, i) => (i < r.length - 1 ? (v as string).padEnd(widths[i]!) : v)).join('  '));
}

export const queryCommand = defineCommand({
  name: 'query',
  summary: 'query stored flows: top-N by any fields, time series, conversations, endpoints',
  usage: '[--db PATH | --postgres URL] [--filter EXPR] [--from T] [--to T] [--group-by dims] [--top N] [--metric bytes|packets|flows] [--series STEP | --conversations ip|tcp|udp | --endpoints] [--json | --csv]',
  help: `  --filter EXPR     e.g. "src_addr << 10.0.0.0/8 and dst_port in (80, 443) and protocol = tcp and not exporter = 192.0.2.1"
  --from T, --to T  now, 15m, 1h, 7d (ago), ISO time (UTC unless a zone is given) or Unix seconds (default: the last hour)
  --group-by DIMS   comma-separated: ${FLOW_DIMENSION_NAMES.join(', ')}
  --top N           rows before the "Other" row (default 10)
  --metric M        rank by bytes (default), packets or flows
  --series STEP     a time series per group, STEP seconds per point
  --conversations L Wireshark-style conversations at layer ip, tcp or udp
  --endpoints       Wireshark-style endpoints (bytes sent and received per address)
  --csv             comma-separated output
${storeOptionsHelp}
Volumes are multiplied by each flow's sampling rate.`,
  options: {
    ...storeOptionsConfig, filter: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'group-by': { type: 'string' },
    top: { type: 'string' }, metric: { type: 'string' }, series: { type: 'string' }, conversations: { type: 'string' }, endpoints: { type: 'boolean' }, csv: { type: 'boolean' },
  },
  async run(args, io) {
    const now = Date.now();
    const toMs = parseTimeArgument(stringOption(args, 'to') ?? 'now', 'to', now);
    const fromMs = parseTimeArgument(stringOption(args, 'from') ?? '1h', 'from', now);
    if (toMs <= fromMs) throw new UsageError('--to must be after --from');
    const groupBy = (stringOption(args, 'group-by') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    for (const g of groupBy) if (!(FLOW_DIMENSION_NAMES as readonly string[]).includes(g)) throw new UsageError(`--group-by: "${g}" is not a flow field; use ${FLOW_DIMENSION_NAMES.join(', ')}`);
    const top = numberOption(args, 'top', 10, { min: 1, max: 1000, integer: true });
    const metric = (stringOption(args, 'metric') ?? 'bytes') as 'bytes' | 'packets' | 'flows';
    if (!['bytes', 'packets', 'flows'].includes(metric)) throw new UsageError('--metric must be bytes, packets or flows');
    const filter = stringOption(args, 'filter');
    const conversations = stringOption(args, 'conversations');
    if (conversations && !['ip', 'tcp', 'udp'].includes(conversations)) throw new UsageError('--conversations must be ip, tcp or udp');
    const csv = args.values.csv === true;
    const base = { fromMs, toMs, ...(filter ? { filter } : {}) };
    const dims = groupBy as Dim[];
    return withService(storeOptionsFrom(args), async (api) => {
      try {
        if (conversations) {
          const rows = await api.call('flows.conversations', { ...base, layer: conversations as 'ip' | 'tcp' | 'udp', limit: top });
          if (io.json) return io.printJson(rows);
          const ports = conversations !== 'ip';
          printTable(io, csv, ['address_a', ...(ports ? ['port_a'] : []), 'address_b', ...(ports ? ['port_b'] : []), 'packets', 'bytes', 'packets_a_to_b', 'bytes_a_to_b', 'packets_b_to_a', 'bytes_b_to_a', 'start', 'duration_s'],
            rows.map((c) => [c.addressA, ...(ports ? [c.portA] : []), c.addressB, ...(ports ? [c.portB] : []), c.packets, c.bytes, c.packetsAToB, c.bytesAToB, c.packetsBToA, c.bytesBToA, new Date(c.startMs).toISOString(), c.durationSeconds.toFixed(3)]));
          return;
        }
        if (args.values.endpoints) {
          const rows = await api.call('flows.endpoints', { ...base, limit: top });
          if (io.json) return io.printJson(rows);
          printTable(io, csv, ['address', 'packets', 'bytes', 'tx_packets', 'tx_bytes', 'rx_packets', 'rx_bytes', 'flows'], rows.map((e) => [e.address, e.packets, e.bytes, e.txPackets, e.txBytes, e.rxPackets, e.rxBytes, e.flows]));
          return;
        }
        const series = stringOption(args, 'series');
        if (series) {
          const stepSeconds = numberOption(args, 'series', 60, { min: 1, max: 604800, integer: true });
          const r = await api.call('flows.timeSeries', { ...base, groupBy: dims, top: Math.min(top, 50), metric, stepSeconds });
          if (io.json) return io.printJson(r);
          const names = r.series.map((s) => (dims.length ? dims.map((d) => s.key[d]).join('/') : metric));
          printTable(io, csv, ['time', ...names], r.times.map((t, i) => [new Date(t).toISOString(), ...r.series.map((s) => s.values[i])]));
          return;
        }
        const r = await api.call('flows.topN', { ...base, groupBy: dims, top, metric });
        if (io.json) return io.printJson(r);
        printTable(io, csv, [...dims, 'bytes', 'packets', 'flows'], r.rows.map((row) => [...dims.map((d) => row.key[d]), row.bytes, row.packets, row.flows]));
        if (!csv) io.out(`total  ${r.total.bytes} bytes  ${r.total.packets} packets  ${r.total.flows} flows  (from ${r.table})`);
      } catch (error) {
        // A filter mistake is a usage mistake: show where it is.
        if (error instanceof ApiError && error.code === 'invalid_params' && filter && typeof (error.details as { column?: number } | undefined)?.column === 'number') {
          const column = (error.details as { column: number }).column;
          throw new UsageError(`${error.message}\n  ${filter}\n  ${' '.repeat(column - 1)}^`);
        }
        throw error;
      }
    });
  },
});
