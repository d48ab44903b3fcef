// `netweaver report KIND`: a traffic summary, topology snapshot, failure analysis, capacity plan
// or capture review as a self-contained HTML file, a PDF (printed by the system's Chromium), one
// CSV per table, or JSON — through the same service the UI uses.
import { extname } from 'node:path';
import { isReportFormat, isReportKind, REPORT_FORMATS, REPORT_KINDS, type ReportFormat } from '../../report/model.js';
import { REPORT_KIND_CATALOGUE } from '../../report/report-kinds.js';
import { parseReportTime } from '../../report/report-request.js';
import { defineCommand, numberOption, stringListOption, stringOption, UsageError, type ParsedArgs } from '../command.js';
import { ProgressBar } from '../progress-bar.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';
import type { Params } from '../../api/contract.js';

function formatFrom(args: ParsedArgs, output: string | undefined): ReportFormat {
  const given = stringOption(args, 'format');
  if (given !== undefined) {
    if (!isReportFormat(given)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${given}"`);
    return given;
  }
  const ext = output ? extname(output).slice(1).toLowerCase() : '';
  if (ext === 'htm') return 'html';
  return isReportFormat(ext) ? ext : 'html';
}

function timeOption(args: ParsedArgs, name: string): string | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  try {
    return new Date(parseReportTime(raw)).toISOString();
  } catch (error) {
    throw new UsageError(`--${name}: ${(error as Error).message.replace(/^report: /, '')}`);
  }
}

function linksFrom(args: ParsedArgs): Params<'reports.generate'>['links'] {
  const series = stringListOption(args, 'series');
  const capacities = stringListOption(args, 'capacity');
  const names = stringListOption(args, 'name');
  if (series.length === 0) {
    if (names.length) throw new UsageError('--name names a --series; give the series too');
    return undefined;
  }
  if (capacities.length !== 1 && capacities.length !== series.length) {
    throw new UsageError(`give one --capacity for all series or one per --series (${series.length} series, ${capacities.length} capacities)`);
  }
  if (names.length && names.length !== series.length) throw new UsageError('give one --name per --series, or none');
  return series.map((s, i) => ({ series: s, capacity: capacities[capacities.length === 1 ? 0 : i]!, ...(names[i] ? { name: names[i] } : {}) }));
}

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'write a traffic, topology, failure, capacity or capture report as HTML, PDF, CSV or JSON',
  usage: `KIND (${REPORT_KINDS.join('|')}) [--db PATH] [--from T --to T --filter EXPR] --format html|pdf|csv|json -o FILE`,
  help: `${storeOptionsHelp}
  --format F        html (self-contained, opens offline), pdf (needs Chromium), csv (one file per
                    table), json; default from the -o extension, else html
  -o, --output FILE where to write; for CSV with several tables FILE-TABLE.csv each (or into FILE/
                    when it is a directory)
  --from T --to T   time range: ISO 8601, a date, epoch seconds, now, -24h, -7d
  --filter EXPR     flow filter expression (traffic)
  --top N           rows per top-N table
  --capture FILE    capture file(s) to review (capture), or to summarise instead of the store (traffic)
  --topology T      topology file (GraphML, REPETITA .graph, containerlab YAML, NetWeaver JSON), or
                    the name or id of a topology stored with netweaver topo import (default: the
                    newest stored one) (topology, failure)
  --demands FILE    traffic matrix (REPETITA .demands, JSON, CSV src,dst,rate); a stored topology
                    uses its own unless this is given (topology, failure)
  --failures LIST   failure kinds to sweep: link,node,srlg (failure; default all)
  --series FILE     a link's traffic series CSV (timestamp,value), repeatable (capacity)
  --capacity SPEED  that link's capacity (10G, 100M, bit/s); once for all or once per --series;
                    without --series: the capacity of store links whose speed is unknown
                    (without --series the plan covers the busiest exporter interfaces in the store)
  --name NAME       the link's name (default: the file name), once per --series
  --series-unit U   bps (default) or bytes (per interval, converted to bit/s)
  --step SECONDS    series interval (default 300)
  --horizon DAYS    forecast horizon (default 90)

Kinds:
${REPORT_KIND_CATALOGUE.map((k) => `  ${k.kind.padEnd(9)} ${k.description}`).join('\n')}

Examples:
  netweaver report traffic --db lab.duckdb --from -24h --format pdf -o traffic.pdf
  netweaver report failure --topology Abilene.graph --demands Abilene.0000.demands -o failures.html
  netweaver report capacity --series wan1.csv --capacity 10G --horizon 180 --format csv -o plan.csv
  netweaver report capture --capture customer.pcapng --format pdf -o review.pdf`,
  options: {
    ...storeOptionsConfig,
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    from: { type: 'string' },
    to: { type: 'string' },
    filter: { type: 'string' },
    top: { type: 'string' },
    capture: { type: 'string', multiple: true },
    topology: { type: 'string' },
    demands: { type: 'string' },
    failures: { type: 'string' },
    series: { type: 'string', multiple: true },
    capacity: { type: 'string', multiple: true },
    name: { type: 'string', multiple: true },
    'series-unit': { type: 'string' },
    step: { type: 'string' },
    horizon: { type: 'string' },
  },
  allowPositionals: true,
  async run(args, io) {
    const kind = args.positionals[0];
    if (!kind) throw new UsageError(`name the kind of report: ${REPORT_KINDS.join(', ')}`);
    if (!isReportKind(kind)) throw new UsageError(`there is no "${kind}" report; choose ${REPORT_KINDS.join(', ')}`);
    if (args.positionals.length > 1) throw new UsageError(`unexpected argument "${args.positionals[1]}"`);
    const output = stringOption(args, 'output');
    if (!output) throw new UsageError('say where to write the report with -o FILE');
    const format = formatFrom(args, output);
    const failures = stringOption(args, 'failures')?.split(',').map((s) => s.trim()).filter(Boolean);
    for (const f of failures ?? []) if (!['link', 'node', 'srlg'].includes(f)) throw new UsageError(`--failures takes link, node and srlg, not "${f}"`);
    const unit = stringOption(args, 'series-unit');
    if (unit !== undefined && unit !== 'bps' && unit !== 'bytes') throw new UsageError('--series-unit is bps or bytes');
    const request: Params<'reports.generate'> = {
      kind,
      format,
      output,
      from: timeOption(args, 'from'),
      to: timeOption(args, 'to'),
      filter: stringOption(args, 'filter'),
      top: args.values.top !== undefined ? numberOption(args, 'top', 10, { min: 1, max: 1000, integer: true }) : undefined,
      captures: stringListOption(args, 'capture').length ? stringListOption(args, 'capture') : undefined,
      topology: stringOption(args, 'topology'),
      demands: stringOption(args, 'demands'),
      failureKinds: failures as ('link' | 'node' | 'srlg')[] | undefined,
      links: linksFrom(args),
      defaultCapacity: stringListOption(args, 'series').length === 0 ? stringListOption(args, 'capacity')[0] : undefined,
      seriesUnit: unit as 'bps' | 'bytes' | undefined,
      stepSeconds: args.values.step !== undefined ? numberOption(args, 'step', 300, { min: 1, max: 86_400, integer: true }) : undefined,
      horizonDays: args.values.horizon !== undefined ? numberOption(args, 'horizon', 90, { min: 1, max: 3650, integer: true }) : undefined,
    };
    if (request.from && request.to && Date.parse(request.to) <= Date.parse(request.from)) throw new UsageError('--to must be after --from');
    return withService(storeOptionsFrom(args), async (api) => {
      const bar = new ProgressBar({ label: `report ${kind}`, stream: process.stderr, intervalMs: 200 });
      const off = api.on('reports.progress', (p) => bar.update(p.fraction, p.message));
      let outcome;
      try {
        outcome = await api.call('reports.generate', request);
      } finally {
        off();
        bar.done();
      }
      if (io.json) {
        io.printJson({ ok: outcome.state === 'succeeded', ...outcome });
      } else if (outcome.state === 'succeeded') {
        for (const f of outcome.files ?? []) io.out(`${f.path}  (${f.bytes} bytes${f.table ? `, table ${f.table}` : ''})`);
      }
      if (outcome.state !== 'succeeded') {
        if (!io.json) io.err(`netweaver report: ${outcome.error ?? outcome.state}`);
        return 1;
      }
      return 0;
    });
  },
});
