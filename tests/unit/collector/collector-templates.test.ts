// Template status per exporter through the API (collector.exporters): a real device's NetFlow v9
// data set sent before its template shows that template as missing with the sets waiting; once
// the template arrives it is listed as known (id, fields) and the waiting records are decoded.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../src-main/api/contract.js';
import { createInProcessClient } from '../../../src-main/api/in-process-transport.js';
import { NetWeaverHost } from '../../../src-main/host.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';

const fixture = (name: string) => new Uint8Array(readFileSync(sharedPath('fixtures', 'netflow-vendors', name)));
const send = (s: Socket, port: number, p: Uint8Array) => new Promise<void>((r, j) => s.send(p, port, '127.0.0.1', (e) => (e ? j(e) : r())));

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  let v = await read();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    v = await read();
  }
  return v;
}

describe.skipIf(!sharedPresent)(`collector template status${sharedPresent ? '' : ` (skipped: ${sharedMissingReason})`}`, () => {
  it('shows a template as missing while its data waits, then as known with the data decoded', async () => {
    const host = new NetWeaverHost({ store: { db: join(mkdtempSync(join(tmpdir(), 'nw-tpl-')), 'tpl.duckdb') }, workers: 1 });
    const api: ApiClient = createInProcessClient(await host.start());
    try {
      const started = await api.call('collector.start', { netflow: [0], ipfix: [], sflow: [], bind: ['127.0.0.1'] });
      const port = started.listeners.find((l) => l.protocol === 'netflow')!.port;
      const sender = createSocket('udp4');
      await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()));
      const key = `127.0.0.1:${sender.address().port}`;
      const mine = async () => (await api.call('collector.exporters', {})).live.find((e) => e.exporter === key);

      await send(sender, port, fixture('netflow9_test_huawei_netstream_data.dat'));
      const waiting = (await until(mine, (e) => !!e?.missingTemplates.length))!;
      expect(waiting.templateMisses).toBeGreaterThan(0);
      expect(waiting.templates).toEqual([]);
      expect(waiting.records).toBe(0);
      const missing = waiting.missingTemplates[0]!;
      expect(missing).toMatchObject({ version: 9, sets: 1 });

      await send(sender, port, fixture('netflow9_test_huawei_netstream_tpl.dat'));
      const known = (await until(mine, (e) => !!e && e.templates.length > 0 && e.missingTemplates.length === 0 && e.records > 0))!;
      expect(known.missingTemplates).toEqual([]);
      const t = known.templates.find((x) => x.templateId === missing.templateId && x.domain === missing.domain)!;
      expect(t).toMatchObject({ version: 9, options: false });
      expect(t.fields).toBeGreaterThan(0);
      expect(known.records).toBeGreaterThan(0); // the parked set decoded once its template came
      sender.close();
    } finally {
      api.close();
      await host.stop();
    }
  });
});
