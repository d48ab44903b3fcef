// Failure analysis: the worst single failures (links, nodes, SRLGs) by traffic lost and maximum
// utilisation, each link's worst case and which failure causes it, and what-if diffs (map and
// table) for the worst scenarios against the intact network.
import type { FailureSweepResult } from '../../../src-worker/report/failure-sweep.js';
import type { Report, Section } from '../model.js';
import { provenance, type ReportContext } from './report-context.js';
import { snapshotMetrics, topologyDrawing, type NetworkReportSource } from './topology.js';

export function failureReport(ctx: ReportContext, sweep: FailureSweepResult, source: NetworkReportSource, worst = 20): Report {
  const s = sweep.scenarios;
  const top = s.slice(0, worst);
  const worstMlu = s.reduce((m, x) => Math.max(m, x.mlu), 0);
  const whatIfSections: Section[] = sweep.whatIf.map((w, i) => ({
    id: `what-if-${i + 1}`,
    title: `What if: ${w.failure}`,
    blocks: [
      { type: 'chart', chart: topologyDrawing(`what-if-${i + 1}-map`, `Utilisation with ${w.failure} (failed links dashed)`, sweep.baseline, w.utilisation, w.down) },
      {
        type: 'table',
        table: {
          id: `what-if-${i + 1}`,
          title: `Link directions that change with ${w.failure}`,
          caption: `maximum utilisation ${(w.mluBefore * 100).toFixed(1)} % → ${(w.mluAfter * 100).toFixed(1)} %; ${w.changedDemands} demands change paths`,
          columns: [
            { key: 'link', label: 'Link', kind: 'text' },
            { key: 'from', label: 'From', kind: 'text' },
            { key: 'to', label: 'To', kind: 'text' },
            { key: 'before', label: 'Before', kind: 'percent' },
            { key: 'after', label: 'After', kind: 'percent' },
            { key: 'delta', label: 'Change', kind: 'percent' },
            { key: 'state', label: 'State', kind: 'text' },
          ],
          rows: w.changes.map((c) => ({ link: c.link, from: c.from, to: c.to, before: c.before, after: c.after, delta: c.delta, state: c.down ? 'down' : 'up' })),
        },
      },
    ],
  }));
  const scenarioColumns = [
    { key: 'failure', label: 'Failure', kind: 'text' as const },
    { key: 'kind', label: 'Kind', kind: 'text' as const },
    { key: 'mlu', label: 'Max utilisation', kind: 'percent' as const },
    { key: 'mlu_link', label: 'On link', kind: 'text' as const },
    { key: 'unrouted', label: 'Traffic lost', kind: 'bits_per_second' as const },
  ];
  const scenarioRow = (x: FailureSweepResult['scenarios'][number]) => ({
    failure: x.failure, kind: x.kind, mlu: x.mlu, mlu_link: x.mluLink, unrouted: x.unroutedRate,
  });
  return {
    kind: 'failure',
    title: `Failure analysis — ${sweep.baseline.topology}`,
    subtitle: `${s.length} single-failure scenarios (${sweep.kinds.join(', ')})${sweep.partial ? ' — sweep cancelled part-way; results cover the scenarios swept' : ''}`,
    provenance: provenance(ctx, {
      from: null,
      to: null,
      filter: null,
      dataSource: source.dataSource,
      sampling: `not applicable (traffic matrix: ${source.demandSource})`,
      notes: [
        'Each scenario fails one link, node or shared-risk link group and re-routes the traffic matrix on IGP shortest paths with ECMP (NetWeaver routing engine’s incremental sweep); traffic left without a path, including traffic to or from a failed node, is counted as lost.',
        'Scenarios are ranked by traffic lost, then by the maximum utilisation of the surviving links.',
      ],
    }),
    sections: [
      {
        id: 'summary',
        title: 'Summary',
        blocks: [
          {
            type: 'metrics',
            metrics: [
              { id: 'scenarios', label: 'Scenarios swept', value: s.length, kind: 'integer' },
              { id: 'baseline-mlu', label: 'Max utilisation, intact', value: sweep.baseline.mlu, kind: 'percent' },
              { id: 'worst-mlu', label: 'Max utilisation, worst case', value: worstMlu, kind: 'percent' },
              { id: 'scenarios-with-loss', label: 'Scenarios losing traffic', value: s.filter((x) => x.unroutedRate > 0).length, kind: 'integer' },
              { id: 'scenarios-overloaded', label: 'Scenarios with a link ≥ 100 %', value: s.filter((x) => x.mlu >= 1).length, kind: 'integer' },
            ],
          },
          { type: 'text', text: 'The intact network, for comparison:' },
          snapshotMetrics(sweep.baseline),
        ],
      },
      {
        id: 'worst-scenarios',
        title: 'Worst failures',
        blocks: [
          { type: 'chart', chart: { type: 'bar', id: 'worst-scenarios', title: 'Maximum link utilisation after each of the worst failures', valueKind: 'percent', bars: top.slice(0, 12).map((x) => ({ label: x.failure, value: x.mlu })) } },
          { type: 'table', table: { id: 'worst-scenarios', title: 'Worst failures', columns: scenarioColumns, rows: top.map(scenarioRow), caption: `worst ${top.length} of ${s.length} scenarios` } },
        ],
      },
      {
        id: 'link-worst-case',
        title: 'Worst case per link',
        blocks: [
          {
            type: 'table',
            table: {
              id: 'link-worst-case',
              title: 'Each link’s utilisation intact and in its worst single failure',
              columns: [
                { key: 'link', label: 'Link', kind: 'text' },
                { key: 'a', label: 'From', kind: 'text' },
                { key: 'b', label: 'To', kind: 'text' },
                { key: 'baseline', label: 'Intact', kind: 'percent' },
                { key: 'worst', label: 'Worst case', kind: 'percent' },
                { key: 'worst_failure', label: 'Caused by', kind: 'text' },
              ],
              rows: sweep.links.map((l) => ({ link: l.link, a: l.a, b: l.b, baseline: l.baseline, worst: l.worst, worst_failure: l.worstFailure })),
            },
          },
        ],
      },
      ...whatIfSections,
      { id: 'all-scenarios', title: 'Appendix: every scenario', blocks: [{ type: 'table', table: { id: 'scenarios', title: 'Every scenario', columns: scenarioColumns, rows: s.map(scenarioRow) } }] },
    ],
  };
}
