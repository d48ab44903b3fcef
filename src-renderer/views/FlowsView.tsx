// The flows area (Akvorado's visualise page + Wireshark's statistics + ntopng's time navigation):
// a time range (presets, absolute, drag to zoom, step, zoom out), the filter language, dimensions
// and a metric; a stacked time series with a chosen step, top-N with "Other" and totals, a sankey,
// conversations and endpoints (sortable). Clicking a value, a legend entry or a sankey band adds
// it to the filter; every table copies or saves as CSV; a range ending "now" re-queries when the
// collector stores flows; a slow query can be cancelled. All state is in the URL (and restored
// when the area is reopened bare).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { TimeChart } from '../charts/TimeChart.js';
import { formatCompact } from '../charts/scale.js';
import { FilterInput } from '../flows/FilterInput.js';
import { addCondition, addConditions, filterErrorPosition } from '../flows/filter-autocomplete.js';
import { FLOW_DIMENSIONS, flowsApi, keyText, metricValue, type Conversation, type Endpoint, type SankeyResult, type TimeSeriesResult, type TopNResult } from '../flows/flows-api.js';
import { paramsToRestore, rememberParams } from '../flows/remembered-params.js';
import { SankeyChart } from '../flows/SankeyChart.js';
import { sankeyDimensions } from '../flows/sankey-layout.js';
import { CsvTable } from '../flows/CsvTable.js';
import { isLive, resolveRange, seriesStepMs, zoomOutRange, zoomRange, stepRange, type TimeRange } from '../flows/time-range.js';
import { TimeRangePicker } from '../flows/TimeRangePicker.js';
import type { Shortcut } from '../state/use-shortcuts.js';
import { formatHash, parseHash } from '../state/use-route.js';
import { useViewShortcuts } from '../state/view-shortcuts.js';
import { formatBitRate } from '../topology/utilisation-bands.js';
import type { ViewProps } from './index.js';

type Metric = 'bps' | 'pps' | 'flows';
type Tab = 'series' | 'top' | 'sankey' | 'conversations' | 'endpoints';
const TABS: [Tab, string][] = [
  ['series', 'Time series'],
  ['top', 'Top N'],
  ['sankey', 'Sankey'],
  ['conversations', 'Conversations'],
  ['endpoints', 'Endpoints'],
];
const LIVE_REFRESH_MS = 10_000;
/** While the collector stores rows, a live range re-queries at most this often. */
const LIVE_MIN_INTERVAL_MS = 2_000;
const SERIES_STEPS = ['auto', '1s', '10s', '1m', '5m', '15m', '1h', '1d'];
const MAX_SERIES_DIMENSIONS = 3;

/** The flows queries group by at most four dimensions. */
const MAX_DIMENSIONS = 4;
const isOtherRow = (row: unknown[]) => row[0] === 'Other';

function formatMetric(metric: Metric, v: number): string {
  if (metric === 'bps') return formatBitRate(v);
  if (metric === 'pps') return `${formatCompact(v)} pkt/s`;
  return `${formatCompact(v)} flows`;
}

export function FlowsView({ params, navigate }: ViewProps) {
  const range: TimeRange = { from: params.get('from') ?? 'now-1h', to: params.get('to') ?? 'now' };
  const filter = params.get('filter') ?? '';
  const dims = (params.get('dims') ?? 'dst_port').split(',').filter(Boolean);
  const metric = (params.get('metric') as Metric) ?? 'bps';
  const top = Math.max(1, Math.min(50, Number(params.get('top') ?? 10) || 10));
  const tab = (params.get('tab') as Tab) ?? 'series';
  /** Bucket size of the time series (Wireshark's I/O graph interval): "auto" or a duration. */
  const stepParam = params.get('step') ?? 'auto';
  const seriesDims = dims.slice(0, MAX_SERIES_DIMENSIONS);
  const layer = (params.get('layer') as 'ip' | 'tcp' | 'udp') ?? 'ip';

  const set = useCallback(
    (patch: Record<string, string | null>) => {
      // From the URL as it is now, not as last rendered: two quick changes (filter, then a
      // dimension) must both land even when the second comes before the re-render.
      const next = location.hash.startsWith('#/flows') ? parseHash(location.hash).params : new URLSearchParams(params);
      for (const [k, v] of Object.entries(patch)) (v === null ? next.delete(k) : next.set(k, v));
      navigate('flows', Object.fromEntries(next));
    },
    [params, navigate],
  );
  const setRange = useCallback((r: TimeRange) => set({ from: r.from, to: r.to }), [set]);
  // Opened bare (#/flows from the navigation): restore what was left here; otherwise remember it.
  useEffect(() => {
    const restore = paramsToRestore('flows', params);
    if (restore) location.replace(formatHash({ view: 'flows', params: restore }));
    else rememberParams('flows', params);
  }, [params]);

  const [result, setResult] = useState<{ series?: TimeSeriesResult; top?: TopNResult; sankey?: SankeyResult; conversations?: Conversation[]; endpoints?: Endpoint[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);

  const resolved = useMemo(() => {
    try {
      return { ok: resolveRange(range) } as const;
    } catch (e) {
      return { error: (e as Error).message } as const;
    }
    // tick: a live range re-resolves "now" on every refresh
  }, [range.from, range.to, tick]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!isLive(range)) return;
    const timer = setInterval(() => setTick((t) => t + 1), LIVE_REFRESH_MS);
    // New rows from the collector refresh a live range sooner (throttled), so numbers grow as flows arrive.
    let stored = -1;
    let last = 0;
    let pending: ReturnType<typeof setTimeout> | null = null;
    const off = api.on('collector.status', (status) => {
      const grew = stored >= 0 && status.rowsStored > stored;
      stored = status.rowsStored;
      if (!grew || pending) return;
      const wait = Math.max(0, last + LIVE_MIN_INTERVAL_MS - Date.now());
      pending = setTimeout(() => {
        pending = null;
        last = Date.now();
        setTick((t) => t + 1);
      }, wait);
    });
    return () => {
      clearInterval(timer);
      off();
      if (pending) clearTimeout(pending);
    };
  }, [range.from, range.to]); // eslint-disable-line react-hooks/exhaustive-deps

  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  /** Stops waiting for the query in flight (the view keeps what it showed before). */
  const abandon = useRef<(() => void) | null>(null);
  const [cancelled, setCancelled] = useState(false);

  useEffect(() => {
    if (!('ok' in resolved) || !resolved.ok) return;
    let alive = true;
    abandon.current = () => {
      alive = false;
      abandon.current = null;
      setLoading(false);
      setCancelled(true);
    };
    const base = { fromMs: resolved.ok.fromMs, toMs: resolved.ok.toMs, ...(filter ? { filter } : {}) };
    const qMetric = metric === 'bps' ? 'bytes' : metric === 'pps' ? 'packets' : 'flows';
    setLoading(true);
    setCancelled(false);
    const run = async () => {
      switch (tab) {
        case 'series':
          return { series: await flowsApi.timeSeries({ ...base, groupBy: seriesDims, top, metric: qMetric, stepSeconds: seriesStepMs(resolved.ok, stepParam) / 1000 }) };
        case 'top':
          return { top: await flowsApi.topN({ ...base, groupBy: dims, top, metric: qMetric }) };
        case 'sankey':
          return { sankey: await flowsApi.sankey({ ...base, dimensions: sankeyDimensions(dims), top, metric: qMetric }) };
        case 'conversations':
          return { conversations: await flowsApi.conversations({ ...base, layer, limit: 500 }) };
        case 'endpoints':
          return { endpoints: await flowsApi.endpoints({ ...base, limit: 500 }) };
      }
    };
    run().then(
      (r) => {
        if (!alive) return;
        setResult(r ?? null);
        setError(null);
        setLoading(false);
        setUpdatedAt(Date.now());
      },
      (e: Error) => {
        if (!alive) return;
        setError(e.message);
        setLoading(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [resolved, filter, dims.join(','), metric, top, tab, layer, stepParam]); // eslint-disable-line react-hooks/exhaustive-deps

  const [checked, setChecked] = useState<{ column: number; reason: string } | null>(null);
  useEffect(() => {
    let alive = true;
    if (!filter) return setChecked(null);
    flowsApi.checkFilter(filter).then(
      (r) => alive && setChecked(r.ok ? null : { column: r.column, reason: r.error.replace(/^filter: column \d+: /, '') }),
      () => alive && setChecked(null),
    );
    return () => {
      alive = false;
    };
  }, [filter]);
  const filterError = checked ?? (error ? filterErrorPosition(error) : null);
  const addFilter = (field: string, value: string | number | null) => value !== null && set({ filter: addCondition(filter, field, String(value)) });
  const seconds = 'ok' in resolved && resolved.ok ? (resolved.ok.toMs - resolved.ok.fromMs) / 1000 : 1;

  // Shortcuts read the range from the URL itself when a key is pressed, so a key never acts on a
  // range the view has already left (the URL is the state's source of truth).
  const shortcuts = useMemo<Shortcut[]>(() => {
    const move = (next: (r: TimeRange) => TimeRange) => () => {
      const current = parseHash(location.hash).params;
      try {
        const r = next({ from: current.get('from') ?? 'now-1h', to: current.get('to') ?? 'now' });
        current.set('from', r.from);
        current.set('to', r.to);
        navigate('flows', Object.fromEntries(current));
      } catch {
        /* an invalid range is shown by the view; moving it does nothing */
      }
    };
    return [
      { key: '[', description: 'Flows: step the time range back', run: move((r) => stepRange(r, -1)) },
      { key: ']', description: 'Flows: step the time range forward', run: move((r) => stepRange(r, 1)) },
      { key: '-', description: 'Flows: zoom out (double the time range)', run: move((r) => zoomOutRange(r)) },
      { key: 'r', description: 'Flows: run the query again now', run: () => setTick((t) => t + 1) },
      { key: 'f', description: 'Flows: edit the filter', run: () => document.querySelector<HTMLInputElement>('[aria-label="Filter"]')?.focus() },
    ];
  }, [navigate]);
  useViewShortcuts(shortcuts);

  return (
    <section className="flows-view" aria-label="Flows">
      <div className="view-toolbar">
        <h1>Flows</h1>
        <TimeRangePicker range={range} onChange={setRange} />
        <button title="Zoom out: double the time range (-)" aria-label="Zoom out" onClick={() => setRange(zoomOutRange(range))}>
          ⊖
        </button>
        {isLive(range) && <span className="badge live" title={`refreshes when the collector stores flows, and every ${LIVE_REFRESH_MS / 1000} s`}>live</span>}
        {loading ? (
          <span className="muted" role="status" aria-label="Query progress">
            querying…{' '}
            <button onClick={() => abandon.current?.()} title="Stop waiting for this query; the view keeps what it showed">
              Cancel
            </button>
          </span>
        ) : (
          updatedAt && (
            <span className="muted" data-testid="flows-updated" title="When the numbers below were queried">
              updated {new Date(updatedAt).toLocaleTimeString()}
            </span>
          )
        )}
      </div>
      <FilterInput value={filter} onCommit={(f) => set({ filter: f || null })} error={filterError} />
      <div className="view-toolbar">
        <DimensionPicker dims={dims} onChange={(d) => set({ dims: d.join(',') })} />
        <label>
          Metric{' '}
          <select aria-label="Metric" value={metric} onChange={(e) => set({ metric: e.target.value })}>
            <option value="bps">bits/s</option>
            <option value="pps">packets/s</option>
            <option value="flows">flows</option>
          </select>
        </label>
        {tab === 'series' && (
          <label title="Bucket size of the time series; auto gives about 120 points">
            Step{' '}
            <select aria-label="Step" value={stepParam} onChange={(e) => set({ step: e.target.value === 'auto' ? null : e.target.value })}>
              {SERIES_STEPS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        {tab === 'series' && dims.length > MAX_SERIES_DIMENSIONS && <span className="muted">the time series groups by the first {MAX_SERIES_DIMENSIONS} dimensions</span>}
        <label>
          Top <input aria-label="Top N" type="number" min={1} max={50} value={top} onChange={(e) => set({ top: e.target.value })} style={{ width: 56 }} />
        </label>
      </div>
      <div className="tabs" role="tablist">
        {TABS.map(([id, title]) => (
          <button key={id} role="tab" aria-selected={tab === id} onClick={() => set({ tab: id })}>
            {title}
          </button>
        ))}
      </div>
      {'error' in resolved && resolved.error && (
        <div className="error-box" role="alert">
          {resolved.error}
        </div>
      )}
      {error && !filterError && (
        <div className="error-box" role="alert" data-testid="flows-error">
          {/unknown method|no method/i.test(error) ? `Flow queries are not available from this NetWeaver service yet (${error}).` : error}
        </div>
      )}
      {cancelled && (
        <p className="muted" role="status" data-testid="flows-cancelled">
          Query cancelled; change the range or filter, or press r, to run it again.
        </p>
      )}
      {!error && !cancelled && result && (
        <div className="panel">
          {tab === 'series' && result.series && (
            <TimeChart
              testId="flows-series"
              stacked
              domain={'ok' in resolved && resolved.ok ? [resolved.ok.fromMs, resolved.ok.toMs] : undefined}
              times={result.series.times}
              series={result.series.series.map((s) => ({
                name: s.other ? 'Other' : keyText(s.key, seriesDims),
                ...(s.other ? { colour: '#8c959f', pickable: false } : {}),
                values: s.values.map((v) => (metric === 'flows' ? v : (v * (metric === 'bps' ? 8 : 1)) / result.series!.stepSeconds)),
              }))}
              formatValue={(v) => formatMetric(metric, v)}
              onPickSeries={(i) => {
                const s = result.series!.series[i];
                if (s && !s.other) set({ filter: addConditions(filter, s.key) });
              }}
              onZoom={(a, b) => {
                const r = resolved.ok!;
                setRange(zoomRange(range, (a - r.fromMs) / (r.toMs - r.fromMs), (b - r.fromMs) / (r.toMs - r.fromMs)));
              }}
            />
          )}
          {tab === 'top' && result.top && (
            <>
            <p className="flows-total" data-testid="flows-total" data-flows={result.top.total.flows} data-packets={result.top.total.packets} data-bytes={result.top.total.bytes}>
              In this range: <b>{result.top.total.flows.toLocaleString()}</b> flows, <b>{result.top.total.packets.toLocaleString()}</b> packets, <b>{result.top.total.bytes.toLocaleString()}</b> bytes ({formatBitRate((result.top.total.bytes * 8) / seconds)} average)
            </p>
            <CsvTable
              name="top-n"
              pinned={isOtherRow}
              columns={[...dims, metric, 'share']}
              rows={result.top.rows.map((r) => [...dims.map((d) => (r.other ? (d === dims[0] ? 'Other' : '') : r.key[d] ?? '—')), metricValue(r, metric, seconds), r[metric === 'bps' ? 'bytes' : metric === 'pps' ? 'packets' : 'flows'] / Math.max(1, result.top!.total[metric === 'bps' ? 'bytes' : metric === 'pps' ? 'packets' : 'flows'])])}
              render={(col, v, row) => (col === metric ? formatMetric(metric, Number(v)) : col === 'share' ? `${(Number(v) * 100).toFixed(1)} %` : row[0] === 'Other' ? String(v) : <FilterLink field={col} value={v as string} onPick={addFilter} />)}
            />
            </>
          )}
          {tab === 'sankey' && result.sankey && <SankeyChart data={result.sankey} format={(v) => formatMetric(metric, metric === 'flows' ? v : (v * (metric === 'bps' ? 8 : 1)) / seconds)} onPick={(d, v) => addFilter(d, v)} onPickBand={(key) => set({ filter: addConditions(filter, key) })} />}
          {tab === 'conversations' && result.conversations && (
            <>
              <label>
                Layer{' '}
                <select aria-label="Conversation layer" value={layer} onChange={(e) => set({ layer: e.target.value })}>
                  <option value="ip">IPv4/IPv6</option>
                  <option value="tcp">TCP</option>
                  <option value="udp">UDP</option>
                </select>
              </label>
              <CsvTable
                name="conversations"
                columns={['address A', ...(layer !== 'ip' ? ['port A'] : []), 'address B', ...(layer !== 'ip' ? ['port B'] : []), 'packets', 'bytes', 'packets A→B', 'bytes A→B', 'packets B→A', 'bytes B→A', 'flows', 'start', 'duration s']}
                rows={result.conversations.map((c) => [c.addressA, ...(layer !== 'ip' ? [c.portA] : []), c.addressB, ...(layer !== 'ip' ? [c.portB] : []), c.packets, c.bytes, c.packetsAToB, c.bytesAToB, c.packetsBToA, c.bytesBToA, c.flows, new Date(c.startMs).toISOString(), c.durationSeconds])}
                render={(col, v) => (col.startsWith('address') ? <FilterLink field="addr" value={v as string} onPick={addFilter} /> : col.startsWith('port') ? <FilterLink field="port" value={v as number} onPick={addFilter} /> : typeof v === 'number' ? v.toLocaleString() : String(v ?? '—'))}
              />
            </>
          )}
          {tab === 'endpoints' && result.endpoints && (
            <CsvTable
              name="endpoints"
              columns={['address', 'packets', 'bytes', 'tx packets', 'tx bytes', 'rx packets', 'rx bytes', 'flows']}
              rows={result.endpoints.map((e) => [e.address, e.packets, e.bytes, e.txPackets, e.txBytes, e.rxPackets, e.rxBytes, e.flows])}
              render={(col, v) => (col === 'address' ? <FilterLink field="addr" value={v as string} onPick={addFilter} /> : typeof v === 'number' ? v.toLocaleString() : String(v ?? '—'))}
            />
          )}
        </div>
      )}
    </section>
  );
}

function FilterLink({ field, value, onPick }: { field: string; value: string | number | null; onPick(field: string, value: string | number | null): void }) {
  if (value === null || value === undefined || value === '—') return <>—</>;
  return (
    <button className="link-button" title={`Add ${field} = ${value} to the filter`} onClick={() => onPick(field, value)}>
      {String(value)}
    </button>
  );
}

function DimensionPicker({ dims, onChange }: { dims: string[]; onChange(dims: string[]): void }) {
  return (
    <div className="dimensions" role="group" aria-label="Dimensions">
      Dimensions:
      {dims.map((d) => (
        <span key={d} className="chip">
          {d}
          <button aria-label={`Remove dimension ${d}`} onClick={() => onChange(dims.filter((x) => x !== d))} disabled={dims.length === 1}>
            ×
          </button>
        </span>
      ))}
      <select aria-label="Add dimension" value="" disabled={dims.length >= MAX_DIMENSIONS} title={dims.length >= MAX_DIMENSIONS ? `At most ${MAX_DIMENSIONS} dimensions; remove one first` : 'Group by another dimension'} onChange={(e) => e.target.value && onChange([...dims, e.target.value])}>
        <option value="">+ add</option>
        {FLOW_DIMENSIONS.filter((d) => !dims.includes(d)).map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </div>
  );
}
