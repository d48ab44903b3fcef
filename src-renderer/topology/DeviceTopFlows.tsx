// The side panel's "top flows through this device": the busiest conversations its exporter
// addresses reported over the last 24 hours, with a link into the Flows view for the rest.
import { useEffect, useState } from 'react';
import type { FlowTopNResult } from '../../src-main/api/contract/flows.js';
import { api } from '../api/client.js';
import { exporterAddresses, exporterFilter } from './device-exporters.js';
import { formatBitRate } from './utilisation-bands.js';

const DAY_MS = 24 * 3600_000;

export function DeviceTopFlows({ node }: { node: { id: string; addresses?: string[] } }) {
  const addresses = exporterAddresses(node);
  const [result, setResult] = useState<FlowTopNResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const filter = exporterFilter(addresses);

  useEffect(() => {
    if (!addresses.length) return;
    const toMs = Date.now();
    setResult(null);
    setError(null);
    api
      .call('flows.topN', { fromMs: toMs - DAY_MS, toMs, filter, groupBy: ['src_addr', 'dst_addr', 'dst_port', 'protocol'], top: 5, metric: 'bytes' })
      .then(setResult, (e: Error) => setError(e.message));
  }, [filter, addresses.length]);

  if (!addresses.length) return <p className="muted">Top flows: this device has no exporter address, so no flows can be attributed to it.</p>;
  const rows = result?.rows.filter((r) => !r.other) ?? [];
  return (
    <section data-testid="device-top-flows">
      <h3>Top flows, last 24 h</h3>
      {error && <p className="error-box" role="alert">{error}</p>}
      {!result && !error && <p className="muted">Loading…</p>}
      {result && rows.length === 0 && <p className="muted">No flows stored from {addresses.join(', ')} in the last 24 hours.</p>}
      {rows.length > 0 && (
        <table className="data-table compact">
          <thead>
            <tr><th>source</th><th>destination</th><th>port</th><th>proto</th><th>average</th></tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>{String(r.key.src_addr)}</td>
                <td>{String(r.key.dst_addr)}</td>
                <td>{String(r.key.dst_port)}</td>
                <td>{String(r.key.protocol)}</td>
                <td>{formatBitRate((r.bytes * 8) / (DAY_MS / 1000))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <a href={`#/flows?${new URLSearchParams({ filter, from: 'now-24h', to: 'now', dims: 'src_addr,dst_addr', tab: 'top' }).toString()}`}>Open in Flows</a>
    </section>
  );
}
