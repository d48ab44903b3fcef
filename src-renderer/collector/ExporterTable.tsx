// The collector's exporters: one row each with live packet/record rates and a sparkline of the
// last minute, decode errors, template status (known / missing), sequence losses, sampling and
// the last error; a row opens to its templates (id, domain, fields, age), the templates its data
// waits for, and its decode errors by kind.
import { Fragment, useState } from 'react';
import type { CollectorExporter } from '../../src-main/api/contract/collector.js';
import { formatCompact } from '../charts/scale.js';
import type { ExporterRate } from './exporter-rates.js';
import { Sparkline } from './Sparkline.js';

const age = (ms: number, now: number) => {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};

export function templateStatus(e: Pick<CollectorExporter, 'templates' | 'missingTemplates' | 'protocols'>): string {
  if (!e.templates.length && !e.missingTemplates.length) return e.protocols.some((p) => p === 'netflow9' || p === 'ipfix') ? 'none yet' : 'n/a';
  const known = `${e.templates.length} known`;
  return e.missingTemplates.length ? `${known} · ${e.missingTemplates.length} missing` : known;
}

export function ExporterTable({ exporters, rates, onOpenFlows }: { exporters: CollectorExporter[]; rates: Map<string, ExporterRate>; onOpenFlows(address: string): void }) {
  const [open, setOpen] = useState<string | null>(null);
  const now = Date.now();
  return (
    <table className="data-table compact" data-testid="exporters">
      <thead>
        <tr>
          <th>exporter</th>
          <th>protocols</th>
          <th className="num">packets/s</th>
          <th>last minute</th>
          <th className="num">records/s</th>
          <th className="num">records</th>
          <th className="num">decode errors</th>
          <th>templates</th>
          <th className="num">template misses</th>
          <th className="num">lost flows</th>
          <th>sampling</th>
          <th>last error</th>
          <th>last seen</th>
        </tr>
      </thead>
      <tbody>
        {exporters.map((e) => {
          const r = rates.get(e.exporter);
          const errors = Object.values(e.decodeErrors).reduce<number>((a, b) => a + (b ?? 0), 0);
          const expanded = open === e.exporter;
          return (
            <Fragment key={e.exporter}>
              <tr data-exporter={e.exporter}>
                <td>
                  <button className="link-button" aria-expanded={expanded} aria-label={`Details of ${e.exporter}`} onClick={() => setOpen(expanded ? null : e.exporter)}>
                    {expanded ? '▾' : '▸'}
                  </button>{' '}
                  <button className="link-button" title="Open this exporter's flows" onClick={() => onOpenFlows(e.address)}>
                    {e.exporter}
                  </button>
                </td>
                <td>{e.protocols.join(', ')}</td>
                <td className="num" data-col="pps">{r ? formatCompact(r.pps) : '—'}</td>
                <td>
                  <Sparkline values={r?.history ?? []} label={`packets per second from ${e.exporter}`} />
                </td>
                <td className="num" data-col="rps">{r ? formatCompact(r.rps) : '—'}</td>
                <td className="num">{e.records.toLocaleString()}</td>
                <td className={`num ${errors ? 'error-text' : ''}`} data-col="errors">{errors}</td>
                <td className={e.missingTemplates.length ? 'warn-text' : ''} data-col="templates">{templateStatus(e)}</td>
                <td className="num">{e.templateMisses}</td>
                <td className={`num ${e.lostFlows ? 'warn-text' : ''}`}>{e.lostFlows}</td>
                <td>{e.samplingRates?.length ? e.samplingRates.map((s) => `1:${s}`).join(', ') : '—'}</td>
                <td className="wrap error-text small" data-col="last-error">{e.lastError ?? ''}</td>
                <td title={new Date(e.lastSeenMs).toISOString()}>{age(e.lastSeenMs, now)}</td>
              </tr>
              {expanded && (
                <tr className="detail-row">
                  <td colSpan={13}>
                    <ExporterDetail e={e} now={now} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
        {exporters.length === 0 && (
          <tr>
            <td colSpan={13} className="muted">
              No exporter has sent anything yet. Point a router's NetFlow/IPFIX/sFlow export at this machine's listener ports.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function ExporterDetail({ e, now }: { e: CollectorExporter; now: number }) {
  const kinds = Object.entries(e.decodeErrors).filter(([, n]) => n);
  return (
    <div className="exporter-detail" data-testid={`exporter-detail-${e.exporter}`}>
      <div>
        <h3>Templates</h3>
        {e.templates.length === 0 ? (
          <p className="muted small">None known{e.protocols.some((p) => p === 'netflow9' || p === 'ipfix') ? ' — data sets wait (and count as template misses) until the exporter resends its templates' : ''}.</p>
        ) : (
          <table className="data-table compact" data-testid="exporter-templates">
            <thead>
              <tr>
                <th className="num">id</th>
                <th className="num">domain</th>
                <th>version</th>
                <th>kind</th>
                <th className="num">fields</th>
                <th>received</th>
              </tr>
            </thead>
            <tbody>
              {e.templates.map((t) => (
                <tr key={`${t.domain}/${t.templateId}/${t.options}`}>
                  <td className="num">{t.templateId}</td>
                  <td className="num">{t.domain}</td>
                  <td>{t.version === 9 ? 'NetFlow v9' : 'IPFIX'}</td>
                  <td>{t.options ? `options (${t.scopeFields} scope)` : 'data'}</td>
                  <td className="num">{t.fields}</td>
                  <td>{age(t.receivedMs, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h3>Missing templates</h3>
        {e.missingTemplates.length === 0 ? (
          <p className="muted small">None: every data set received had its template.</p>
        ) : (
          <table className="data-table compact" data-testid="exporter-missing-templates">
            <thead>
              <tr>
                <th className="num">id</th>
                <th className="num">domain</th>
                <th className="num">sets waiting</th>
                <th>waiting since</th>
              </tr>
            </thead>
            <tbody>
              {e.missingTemplates.map((m) => (
                <tr key={`${m.domain}/${m.templateId}`}>
                  <td className="num">{m.templateId}</td>
                  <td className="num">{m.domain}</td>
                  <td className="num">{m.sets}</td>
                  <td>{age(m.waitingSinceMs, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h3>Decode errors</h3>
        {kinds.length === 0 ? <p className="muted small">None.</p> : <ul className="small">{kinds.map(([k, n]) => <li key={k}>{k}: {n}</li>)}</ul>}
        {e.lastError && <pre className="changes">{e.lastError}</pre>}
        <p className="muted small">
          {e.interfaces.length} interfaces known · {formatCompact(e.bytes)}B received · lost {e.lostPackets} packets / {e.lostFlows} flows (sequence gaps)
        </p>
      </div>
    </div>
  );
}
