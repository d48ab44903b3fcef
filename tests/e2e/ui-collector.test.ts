// The collector view in Chromium against `netweaver serve`, with live UDP over loopback: start
// the collector from the UI on free high ports on 127.0.0.1, send real devices' exports with
// node:dgram — a NetFlow v9 data set before its template (template miss), the template, IPFIX
// template + data, sFlow datagrams from a real capture, a malformed packet — and see the view
// show the listeners with their ports, each exporter with rates that rise while sending and fall
// to zero after, template status (missing, then known, with the template table), the decode error
// counted with its message, and drops by reason; stop it from the UI.
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUdpPayloads } from '../interop/decoders-pcap.js';
import { artifactPath, chromiumMissingReason, chromiumPath } from '../support/chromium.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../support/shared-data.js';
import { openUiPage, type UiPage } from '../support/ui-page.js';

const skipReason = !chromiumPath ? chromiumMissingReason : !sharedPresent ? sharedMissingReason : '';
const vendor = (name: string) => new Uint8Array(readFileSync(sharedPath('fixtures', 'netflow-vendors', name)));

async function socket(): Promise<Socket> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return s;
}

/** Free UDP ports on loopback, found by binding port 0 (never the standard 2055/4739/6343). */
async function freePorts(n: number): Promise<number[]> {
  const sockets = await Promise.all(Array.from({ length: n }, socket));
  const ports = sockets.map((s) => s.address().port);
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/** IPFIX record lengths by template id, from a template message (fixed-length fields, as these are). */
function ipfixRecordLengths(message: Uint8Array): Map<number, number> {
  const dv = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const lengths = new Map<number, number>();
  for (let set = 16; set + 4 <= message.length; set += dv.getUint16(set + 2)) {
    if (dv.getUint16(set) !== 2) continue;
    for (let p = set + 4; p + 4 <= set + dv.getUint16(set + 2); ) {
      const id = dv.getUint16(p);
      const count = dv.getUint16(p + 2);
      let length = 0;
      p += 4;
      for (let f = 0; f < count; f++, p += 4) {
        if (dv.getUint16(p) & 0x8000) p += 4; // enterprise number follows
        length += dv.getUint16(p + 2);
      }
      lengths.set(id, length);
    }
  }
  return lengths;
}

/**
 * A copy of an IPFIX data message with its sequence number set to `sequence`, and how many data
 * records it carries: replaying real messages as one exporter's continuous stream, with no
 * sequence gaps the collector would (rightly) count as lost flows.
 */
function resequenced(message: Uint8Array, sequence: number, lengths: Map<number, number>): { message: Uint8Array; records: number } {
  const copy = message.slice();
  const dv = new DataView(copy.buffer);
  dv.setUint32(8, sequence >>> 0);
  let records = 0;
  for (let set = 16; set + 4 <= copy.length; set += dv.getUint16(set + 2)) {
    const length = lengths.get(dv.getUint16(set));
    if (length) records += Math.floor((dv.getUint16(set + 2) - 4) / length);
  }
  return { message: copy, records };
}

const send = (s: Socket, port: number, payload: Uint8Array) => new Promise<void>((r, j) => s.send(payload, port, '127.0.0.1', (e) => (e ? j(e) : r())));
const key = (s: Socket) => `127.0.0.1:${s.address().port}`;

describe.skipIf(!!skipReason)(`collector view in Chromium with live UDP${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let ui: UiPage;
  let page: Page;
  let ports: { netflow: number; ipfix: number; sflow: number };
  const senders: Socket[] = [];
  const exporterRow = (s: Socket) => page.getByTestId('exporters').locator(`tbody tr[data-exporter="${key(s)}"]`);
  const cell = (s: Socket, col: string) => exporterRow(s).locator(`td[data-col="${col}"]`);
  const cellNumber = async (s: Socket, col: string) => {
    const text = (await cell(s, col).textContent())!.trim();
    const m = /^([\d.]+)([kMG]?)$/.exec(text);
    return m ? Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[m[2]!]! : NaN;
  };

  beforeAll(async () => {
    // --no-collect: serve must not bind the standard ports; the test starts the collector from the UI.
    ui = await openUiPage('#/collector', undefined, { args: ['--no-collect'] });
    page = ui.page;
    const [netflow, ipfix, sflow] = await freePorts(3);
    ports = { netflow: netflow!, ipfix: ipfix!, sflow: sflow! };
  });
  afterAll(async () => {
    for (const s of senders) s.close();
    await ui?.close();
  });

  it('starts from the UI on the ports typed, and lists the listeners with their ports', async () => {
    // The fields first show the host's listener settings (a fresh settings folder: the standard ports).
    await expect.poll(() => page.getByLabel('NetFlow ports').inputValue()).toBe('2055');
    await page.getByLabel('NetFlow ports').fill(String(ports.netflow));
    await page.getByLabel('IPFIX ports').fill(String(ports.ipfix));
    await page.getByLabel('sFlow ports').fill(String(ports.sflow));
    await page.getByLabel('Listen addresses').fill('127.0.0.1');
    await page.getByRole('button', { name: 'Start collector' }).click();
    await page.getByTestId('collector-state').filter({ hasText: 'running since' }).waitFor({ timeout: 15_000 });
    const listeners = page.getByTestId('listeners').locator('tbody tr');
    await expect.poll(() => listeners.count()).toBe(3);
    const rows = (await listeners.allTextContents()).join('\n');
    for (const [protocol, port] of Object.entries(ports)) expect(rows).toMatch(new RegExp(`${protocol}\\s*${port}\\s*127\\.0\\.0\\.1`));
  }, 30_000);

  it('shows a v9 template as missing while its data waits, then as known with its template table', async () => {
    const v9 = await socket();
    senders.push(v9);
    await send(v9, ports.netflow, vendor('netflow9_test_huawei_netstream_data.dat'));
    await cell(v9, 'templates').filter({ hasText: /0 known · 1 missing/ }).waitFor({ timeout: 15_000 });
    await exporterRow(v9).getByRole('button', { name: `Details of ${key(v9)}` }).click();
    const missing = page.getByTestId(`exporter-detail-${key(v9)}`).getByTestId('exporter-missing-templates').locator('tbody tr');
    await expect.poll(() => missing.count()).toBe(1);
    const missingId = (await missing.locator('td').first().textContent())!;
    expect(Number((await exporterRow(v9).locator('td').nth(8).textContent())!)).toBeGreaterThan(0); // template misses
    await page.screenshot({ path: artifactPath('ui-collector-template-missing.png'), fullPage: true });

    await send(v9, ports.netflow, vendor('netflow9_test_huawei_netstream_tpl.dat'));
    await cell(v9, 'templates').filter({ hasText: /^\d+ known$/ }).waitFor({ timeout: 15_000 });
    const known = page.getByTestId(`exporter-detail-${key(v9)}`).getByTestId('exporter-templates').locator('tbody tr');
    await expect.poll(async () => (await known.allTextContents()).some((t) => t.startsWith(missingId))).toBe(true);
    expect(await known.first().textContent()).toMatch(/NetFlow v9\s*data/);
    await expect.poll(async () => Number((await exporterRow(v9).locator('td').nth(5).textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0); // the parked records decoded
  }, 60_000);

  it('counts a malformed packet as a decode error with its message, on its exporter and overall', async () => {
    const bad = await socket();
    senders.push(bad);
    await send(bad, ports.netflow, vendor('netflow5_test_invalid01.dat')); // a v5 header claiming more records than v5 allows
    await cell(bad, 'errors').filter({ hasText: /^[1-9]\d*$/ }).waitFor({ timeout: 15_000 });
    const message = (await cell(bad, 'last-error').textContent())!.trim();
    expect(message).toMatch(new RegExp(`^netflow5: packet from ${key(bad).replace(/\./g, '\\.')} claims \\d+ records`));
    const panel = page.getByTestId('decode-errors');
    await expect.poll(async () => (await panel.textContent())!.includes(message)).toBe(true);
    expect(await panel.locator('li').allTextContents()).toEqual(['bad length: 1']); // the only malformed packet sent
  }, 30_000);

  it('shows per-exporter rates that rise while IPFIX and sFlow arrive and fall to zero after', async () => {
    const ipfix = await socket();
    senders.push(ipfix);
    const template = vendor('ipfix_test_mikrotik_tpl.dat');
    const lengths = ipfixRecordLengths(template);
    expect([...lengths.keys()].sort()).toEqual([258, 259]);
    await send(ipfix, ports.ipfix, template);
    const data = [vendor('ipfix_test_mikrotik_data258.dat'), vendor('ipfix_test_mikrotik_data259.dat')];
    // sFlow: the real capture's datagrams of its busiest agent, from one socket, cycled with the
    // datagram sequence number continued (IPv4 agent: the number is at byte 16).
    const sflowDatagrams = readUdpPayloads(sharedPath('fixtures', 'pcap-tcpdump', 'sflow_multiple_counter_30_pdus.pcap')).filter((p) => p.dstPort === 6343);
    const agents = new Map<string, Uint8Array[]>();
    for (const d of sflowDatagrams) agents.set(d.srcAddr, [...(agents.get(d.srcAddr) ?? []), d.payload]);
    const [, agentDatagrams] = [...agents].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(agentDatagrams.length).toBeGreaterThan(5);
    expect(agentDatagrams.every((d) => new DataView(d.buffer, d.byteOffset).getUint32(4) === 1)).toBe(true);
    const sflow = await socket();
    senders.push(sflow);
    let sending = true;
    let sent = 0;
    let sequence = new DataView(template.buffer, template.byteOffset).getUint32(8);
    const traffic = (async () => {
      for (let i = 0; sending; i++) {
        const next = resequenced(data[i % 2]!, sequence, lengths);
        sequence += next.records;
        await send(ipfix, ports.ipfix, next.message);
        if (i % 4 === 0) {
          const datagram = agentDatagrams[(i / 4) % agentDatagrams.length]!.slice();
          new DataView(datagram.buffer).setUint32(16, 1000 + i / 4);
          await send(sflow, ports.sflow, datagram);
        }
        sent++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await expect.poll(() => cellNumber(ipfix, 'pps'), { timeout: 15_000 }).toBeGreaterThan(5);
    await expect.poll(() => cellNumber(ipfix, 'rps'), { timeout: 15_000 }).toBeGreaterThan(5);
    await expect.poll(() => cellNumber(sflow, 'pps'), { timeout: 15_000 }).toBeGreaterThan(0); // one datagram every 4 IPFIX messages
    expect(await page.getByTestId('stat-pps').textContent()).not.toMatch(/^(0|—)/);
    await page.getByTestId('exporters').locator('svg.sparkline').first().waitFor({ timeout: 10_000 });
    await exporterRow(ipfix).getByRole('button', { name: `Details of ${key(ipfix)}` }).click();
    await page.getByTestId(`exporter-detail-${key(ipfix)}`).getByTestId('exporter-templates').waitFor({ timeout: 10_000 });
    expect(await cell(ipfix, 'templates').textContent()).toMatch(/^\d+ known$/);
    await page.screenshot({ path: artifactPath('ui-collector-live.png'), fullPage: true });
    await page.getByRole('button', { name: 'Toggle dark mode' }).click(); // the dark theme reads too
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.screenshot({ path: artifactPath('ui-collector-live-dark.png'), fullPage: true });
    await page.getByRole('button', { name: 'Toggle dark mode' }).click();
    sending = false;
    await traffic;
    expect(sent).toBeGreaterThan(20);
    await expect.poll(() => cellNumber(ipfix, 'pps'), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => cellNumber(sflow, 'pps'), { timeout: 15_000 }).toBe(0);
    expect(await cellNumber(ipfix, 'rps')).toBe(0);
    expect(Number((await exporterRow(ipfix).locator('td').nth(5).textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await exporterRow(ipfix).locator('td').nth(9).textContent()).toBe('0'); // a continuous stream: no flows lost
  }, 90_000);

  it('shows drops by reason and kernel drops, then stops from the UI', async () => {
    expect(await page.getByTestId('stat-dropped').textContent()).toMatch(/\d+ queue full, \d+ store error, \d+ shutdown/);
    expect(await page.getByTestId('stat-kernel-drops').textContent()).toMatch(/^(\d+(\.\d+)?[kMG]?|unknown)kernel drops$/);
    await page.getByRole('button', { name: 'Stop collector' }).click();
    await page.getByTestId('collector-state').filter({ hasText: 'stopped' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('listeners').getByText('Not listening.').waitFor({ timeout: 10_000 });
    expect(ui.errors).toEqual([]);
  }, 30_000);
});
