// The traffic summary's store queries on a real PostgreSQL 15 server (INET addresses, its own
// time functions): the same flows summarised from PostgreSQL and in memory must agree.
import { describe, expect, it } from 'vitest';
import { FlowStoreTraffic } from '../../src-main/report/store-traffic.js';
import { aggregateTraffic } from '../../src-main/report/traffic-aggregate.js';
import { openFlowWriter } from '../../src-main/store/flows/open-flow-writer.js';
import { openStore } from '../../src-main/store/open-store.js';
import '../../src-main/store/postgres/register.js';
import { freshDatabase } from '../support/postgres-db.js';
import { makeFlows } from '../unit/store/flow-fixtures.js';

const url = process.env.NETWEAVER_TEST_POSTGRES_URL;

describe.skipIf(!url)('traffic summary on PostgreSQL 15 (skipped: NETWEAVER_TEST_POSTGRES_URL is not set — run `source .ci/start-postgres.sh`)', () => {
  it('agrees with the in-memory aggregation of the same flows', async () => {
    const store = await openStore({ postgres: await freshDatabase(url!, 'nw_report') });
    try {
      const batch = makeFlows(3000, 11);
      const writer = openFlowWriter(store);
      await writer.append(batch);
      await writer.flush();
      await writer.close();
      const data = await new FlowStoreTraffic(store).trafficData({ fromMs: null, toMs: null, top: 10 });
      const mem = aggregateTraffic([batch], { topN: 10 });
      expect(data.totals).toMatchObject({ bytes: mem.totals.bytes, packets: mem.totals.packets, flows: mem.totals.flows, sources: mem.totals.sources, destinations: mem.totals.destinations });
      expect(data.distinct).toEqual(mem.distinct);
      expect(data.topSources.map((s) => [s.address, s.bytes])).toEqual(mem.topSources.map((s) => [s.address, s.bytes]));
      expect(data.topConversations.map((c) => [c.a, c.b, c.bytes])).toEqual(mem.topConversations.map((c) => [c.a, c.b, c.bytes]));
      expect(data.topApplications.map((a) => [a.application, a.bytes])).toEqual(mem.topApplications.map((a) => [a.application, a.bytes]));
      expect(data.protocols.map((p) => [p.protocol, p.bytes])).toEqual(mem.protocols.map((p) => [p.protocol, p.bytes]));
      expect(data.series.byProtocol.reduce((n, p) => n + p.bytes.reduce((a, b) => a + b, 0), 0)).toBe(mem.totals.bytes);
    } finally {
      await store.close();
    }
  });
});
