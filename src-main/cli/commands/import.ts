// `netweaver import FILE…`: imports pcap/pcapng captures (gzip too) into the flow store — raw
// traffic assembled into flows, NetFlow/IPFIX/sFlow inside the capture decoded from its exporters,
// which become devices. Progress bar on stderr; Ctrl+C cancels and keeps what was imported.
import type { CaptureImportResult } from '../../api/contract/capture.js';
import { defineCommand, numberOption, stringOption, UsageError, type CommandIO } from '../command.js';
import { followJobs } from '../ml-series-options.js';
import { storeOptionsConfig, storeOptionsFrom, storeOptionsHelp, withService } from '../store-options.js';

const count = (n: number) => n.toLocaleString('en-US');

function printSummary(r: CaptureImportResult, io: CommandIO): void {
  const span = r.timeSpan ? `${new Date(r.timeSpan.firstUs / 1000).toISOString()} → ${new Date(r.timeSpan.lastUs / 1000).toISOString()} (${r.timeSpan.seconds.toFixed(1)} s)` : 'no packets';
  io.out(`${r.cancelled ? 'cancelled — kept what was read: ' : ''}${count(r.packets)} packets from ${r.files.length} file${r.files.length === 1 ? '' : 's'} in ${(r.elapsedMs / 1000).toFixed(1)} s (${count(r.packetsPerSecond)} packets/s)`);
  io.out(`time span  ${span}`);
  io.out(`traffic    ${count(r.ipPackets)} IP packets → ${count(r.flows.rows)} flow rows (${count(r.flows.conversations)} conversations); ${count(r.nonIpPackets)} non-IP packets`);
  const telemetry = Object.entries(r.telemetry.byProtocol).map(([k, n]) => `${k} ${count(n)}`).join(', ');
  io.out(`telemetry  ${count(r.telemetry.datagrams)} datagrams${telemetry ? ` (${telemetry})` : ''} → ${count(r.telemetry.records)} flow records`);
  io.out(`stored     ${count(r.rowsStored)} flow rows; ${r.devicesStored} exporter${r.devicesStored === 1 ? '' : 's'} as devices`);
  for (const e of r.exporters) io.out(`  exporter ${e.exporter.padEnd(24)} ${e.protocols.join(',').padEnd(10)} ${count(e.datagrams)} datagrams, ${count(e.records)} records, ${e.interfaces.length} interfaces`);
  const errors = Object.entries(r.errors);
  io.out(`errors     ${errors.length ? errors.map(([k, n]) => `${k} ${count(n)}`).join(', ') : 'none'}`);
  io.out(`flows      evictions ${count(r.flows.evictions)}, fragments attributed ${count(r.flows.fragmentsAttributed)} / not ${count(r.flows.fragmentsUnattributed)}; timeouts active ${r.config.activeTimeoutS} s, idle ${r.config.idleTimeoutS} s; bytes counted at ${r.config.byteCount === 'ip' ? 'the IP layer' : 'the frame'}`);
}

export const importCommand = defineCommand({
  name: 'import',
  summary: 'import pcap/pcapng captures (gzip too): traffic into flows, NetFlow/IPFIX/sFlow inside them decoded',
  usage: 'FILE… [--db PATH | --postgres URL] [--active S] [--idle S] [--max-flows N] [--bytes ip|frame] [--no-decap] [--json]',
  help: `  FILE…             pcap or pcapng files, optionally gzip-compressed; imported in order as one capture
  --active S        active timeout: long flows are exported every S seconds (default 1800)
  --idle S          idle timeout: a flow ends after S seconds without packets (default 15)
  --max-flows N     flows held at once; beyond that the least recent is exported early (default 262144)
  --bytes ip|frame  count IP bytes like routers do (default) or whole frames like Wireshark
  --no-decap        keep tunnels (VXLAN, GRE, IP-in-IP, MPLS) as outer flows
${storeOptionsHelp}
UDP to 2055/9995/9996 (NetFlow), 4739 (IPFIX) and 6343 (sFlow), or anything shaped exactly like
them, is decoded as telemetry from its exporter; all other traffic is assembled into flows
(key: addresses, ports, protocol, VLAN, tunnel). Malformed packets are counted by kind and skipped;
a truncated capture is imported up to the cut. Ctrl+C cancels, keeping what was imported.
Exit code 1 when a file could not be read at all.`,
  options: {
    ...storeOptionsConfig,
    active: { type: 'string' }, idle: { type: 'string' }, 'max-flows': { type: 'string' }, bytes: { type: 'string' }, 'no-decap': { type: 'boolean' },
  },
  allowPositionals: true,
  async run(args, io) {
    const paths = args.positionals;
    if (!paths.length) throw new UsageError('which capture? give one or more pcap/pcapng files');
    const bytes = stringOption(args, 'bytes') ?? 'ip';
    if (bytes !== 'ip' && bytes !== 'frame') throw new UsageError(`--bytes must be "ip" or "frame", not "${bytes}"`);
    const params = {
      paths,
      activeTimeoutS: numberOption(args, 'active', 1800, { min: 1 }),
      idleTimeoutS: numberOption(args, 'idle', 15, { min: 0.001 }),
      maxFlows: numberOption(args, 'max-flows', 262_144, { min: 16, integer: true }),
      byteCount: bytes as 'ip' | 'frame',
      decapsulate: !args.values['no-decap'],
    };
    return withService(storeOptionsFrom(args), async (api) => {
      let jobId: string | null = null;
      const offJob = api.on('job.updated', (info) => {
        if (info.kind === 'capture.import') jobId = info.jobId;
      });
      const cancel = () => {
        io.err('import: cancelling — keeping what was imported');
        if (jobId) void api.call('jobs.cancel', { jobId }).catch(() => {});
      };
      process.once('SIGINT', cancel);
      const done = followJobs(api, io, 'capture.import', 'import');
      let r: CaptureImportResult;
      try {
        r = await api.call('capture.import', params);
      } finally {
        done();
        offJob();
        process.removeListener('SIGINT', cancel);
      }
      for (const m of r.messages) io.err(`import: ${m}`);
      if (io.json) io.printJson(r);
      else printSummary(r, io);
      return r.files.some((f) => f.format === null) ? 1 : 0;
    });
  },
});
