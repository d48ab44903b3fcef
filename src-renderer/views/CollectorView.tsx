// The collector area: start/stop the live NetFlow/IPFIX/sFlow collector on its ports, see the
// listeners, packet and record rates, queue and drops by reason, the store's state, decode
// errors by category with the latest messages, and every exporter with its own rates and
// sparkline, template status (known / missing, per-exporter template table), lost flows, sampling
// and last error — all updating live (collector.status arrives every second; exporters are
// polled every second while the collector runs).
import { useEffect, useRef, useState } from 'react';
import type { Result } from '../../src-main/api/contract.js';
import { api } from '../api/client.js';
import { formatCompact } from '../charts/scale.js';
import { TimeChart } from '../charts/TimeChart.js';
import { loadListenerDefaults, parsePorts, STANDARD_LISTENERS } from '../collector/listener-defaults.js';
import { counterRate } from '../collector/rates.js';
import { EMPTY_RATES, nextExporterRates } from '../collector/exporter-rates.js';
import { ExporterTable } from '../collector/ExporterTable.js';
import type { ViewProps } from './index.js';

type CollectorState = Result<'collector.status'>;
type Exporter = Result<'collector.exporters'>['live'][number];
/** How often the exporter table refreshes while the collector runs. */
const EXPORTER_POLL_MS = 1000;

const HISTORY = 120;

export function CollectorView({ navigate }: ViewProps) {
  const [state, setState] = useState<CollectorState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ports, setPorts] = useState(STANDARD_LISTENERS);
  useEffect(() => void loadListenerDefaults(api).then(setPorts), []); // the host's settings (Settings → Collector listeners)
  const [exporters, setExporters] = useState<Exporter[]>([]);
  const [rates, setRates] = useState<{ t: number; pps: number; rps: number; dropped: number }[]>([]);
  const prev = useRef<{ t: number; s: CollectorState } | null>(null);
  const [exporterRates, setExporterRates] = useState(EMPTY_RATES);

  const onStatus = (s: CollectorState) => {
    const t = Date.now();
    const p = prev.current;
    if (p) {
      const dt = t - p.t;
      const dropped = Object.values(s.rowsDropped).reduce((a, b) => a + b, 0) - Object.values(p.s.rowsDropped).reduce((a, b) => a + b, 0);
      setRates((r) => [...r, { t, pps: counterRate(p.s.packets, s.packets, dt), rps: counterRate(p.s.rowsDecoded, s.rowsDecoded, dt), dropped: Math.max(0, dropped) }].slice(-HISTORY));
    }
    prev.current = { t, s };
    setState(s);
  };

  useEffect(() => {
    api.call('collector.status', {}).then(onStatus, (e: Error) => setError(e.message));
    return api.on('collector.status', onStatus);
  }, []);

  useEffect(() => {
    if (!state?.running) return;
    const load = () =>
      api.call('collector.exporters', {}).then((r) => {
        const t = Date.now();
        setExporterRates((prev) => nextExporterRates(prev, r.live, t));
        setExporters(r.live);
      }, () => undefined);
    void load();
    const timer = setInterval(load, EXPORTER_POLL_MS);
    return () => clearInterval(timer);
  }, [state?.running]);

  const start = async () => {
    setError(null);
    try {
      const body = { netflow: parsePorts(ports.netflow, 'NetFlow'), ipfix: parsePorts(ports.ipfix, 'IPFIX'), sflow: parsePorts(ports.sflow, 'sFlow'), bind: ports.bind.split(/[\s,]+/).filter(Boolean) };
      onStatus(await api.call('collector.start', body));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const stop = async () => {
    try {
      onStatus(await api.call('collector.stop', {}));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const last = rates[rates.length - 1];
  return (
    <section className="collector-view" aria-label="Collector">
      <div className="view-toolbar">
        <h1>Collector</h1>
        {state && (
          <span className={`badge ${state.running ? 'live' : ''}`} data-testid="collector-state">
            {state.running ? `running since ${state.startedAt?.replace('T', ' ').slice(0, 19)}` : 'stopped'}
          </span>
        )}
      </div>
      {error && (
        <div className="error-box" role="alert">
          {/no method/i.test(error) ? `The collector is not available from this NetWeaver service yet (${error}).` : error}
        </div>
      )}
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void (state?.running ? stop() : start());
        }}
      >
        <label>
          NetFlow <input aria-label="NetFlow ports" value={ports.netflow} onChange={(e) => setPorts({ ...ports, netflow: e.target.value })} size={8} disabled={state?.running} />
        </label>
        <label>
          IPFIX <input aria-label="IPFIX ports" value={ports.ipfix} onChange={(e) => setPorts({ ...ports, ipfix: e.target.value })} size={8} disabled={state?.running} />
        </label>
        <label>
          sFlow <input aria-label="sFlow ports" value={ports.sflow} onChange={(e) => setPorts({ ...ports, sflow: e.target.value })} size={8} disabled={state?.running} />
        </label>
        <label>
          Listen on <input aria-label="Listen addresses" value={ports.bind} onChange={(e) => setPorts({ ...ports, bind: e.target.value })} size={14} disabled={state?.running} />
        </label>
        <button type="submit">{state?.running ? 'Stop collector' : 'Start collector'}</button>
      </form>
      {state && (
        <>
          <div className="stat-grid">
            <Stat testId="stat-pps" label="packets/s" value={last ? formatCompact(last.pps) : '—'} />
            <Stat label="records/s" value={last ? formatCompact(last.rps) : '—'} />
            <Stat label="stored" value={formatCompact(state.rowsStored)} />
            <Stat label="queued" value={formatCompact(state.rowsQueued)} />
            <Stat testId="stat-dropped" label="dropped rows by reason" value={Object.entries(state.rowsDropped).map(([k, v]) => `${formatCompact(v)} ${k.replace('_', ' ')}`).join(', ')} bad={Object.values(state.rowsDropped).some((v) => v > 0)} />
            <Stat testId="stat-kernel-drops" label="kernel drops" value={state.kernelDrops === null ? 'unknown' : formatCompact(state.kernelDrops)} bad={!!state.kernelDrops} />
            <Stat testId="stat-templates" label="templates known" value={String(state.decode.templates)} />
            <Stat label="lost (sequence gaps)" value={`${formatCompact(state.decode.lostPackets)} pkts, ${formatCompact(state.decode.lostFlows)} flows`} bad={state.decode.lostFlows > 0} />
            <Stat label={`store (${state.store.kind})`} value={state.store.state === 'ok' ? 'ok' : `retrying in ${Math.round((state.store.retryInMs ?? 0) / 1000)} s`} bad={state.store.state !== 'ok'} />
          </div>
          {state.store.lastError && <div className="error-box">store: {state.store.lastError}</div>}
          <div className="panel">
            <h2>Listeners</h2>
            <table className="data-table compact" data-testid="listeners">
              <thead>
                <tr>
                  <th>protocol</th>
                  <th className="num">port</th>
                  <th>address</th>
                  <th className="num">sockets</th>
                  <th className="num">receive buffer</th>
                  <th>problem</th>
                </tr>
              </thead>
              <tbody>
                {state.listeners.map((l) => (
                  <tr key={`${l.protocol}:${l.bind}:${l.port}`}>
                    <td>{l.protocol}</td>
                    <td className="num">{l.port}</td>
                    <td>{l.bind}</td>
                    <td className="num">{l.sockets}</td>
                    <td className="num">{formatCompact(l.receiveBufferBytes)}B</td>
                    <td className="error-text">{l.error ?? ''}</td>
                  </tr>
                ))}
                {state.listeners.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">
                      Not listening.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          {rates.length > 1 && (
            <div className="panel">
              <h2>Rates</h2>
              <TimeChart testId="collector-rates" times={rates.map((r) => r.t)} series={[{ name: 'packets/s', values: rates.map((r) => r.pps) }, { name: 'records/s', values: rates.map((r) => r.rps) }, { name: 'dropped rows', values: rates.map((r) => r.dropped), colour: '#e15759' }]} height={160} />
            </div>
          )}
          <div className="panel" data-testid="decode-errors">
            <h2>Decode errors</h2>
            {/* Every kind is reported with its count; only those that happened are listed. */}
            {Object.values(state.decode.errors).every((v) => !v) ? (
              <p className="muted">None.</p>
            ) : (
              <ul>
                {Object.entries(state.decode.errors)
                  .filter(([, v]) => v > 0)
                  .map(([k, v]) => (
                    <li key={k}>
                      {k.replace(/_/g, ' ')}: {v.toLocaleString()}
                    </li>
                  ))}
              </ul>
            )}
            {state.decode.recentErrors.length > 0 && <pre className="changes">{state.decode.recentErrors.join('\n')}</pre>}
          </div>
          <div className="panel">
            <h2>Exporters ({exporters.length})</h2>
            <ExporterTable exporters={exporters} rates={exporterRates.rates} onOpenFlows={(address) => navigate('flows', { filter: `exporter = ${address}` })} />
          </div>
        </>
      )}
    </section>
  );
}

function Stat({ label, value, bad, testId }: { label: string; value: string; bad?: boolean; testId?: string }) {
  return (
    <div className={`stat ${bad ? 'bad' : ''}`} data-testid={testId}>
      <div className="stat-value">{value}</div>
      <div className="muted small">{label}</div>
    </div>
  );
}
