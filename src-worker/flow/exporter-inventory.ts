// What the decoders learn about each exporter from options data and headers: sampling rates
// (per observation domain / source id, and per sampler id from IE 48/302 tables), interface
// names and descriptions (IE 82/83 keyed by ifIndex), system init time (IE 160) for IPFIX
// relative timestamps, and sFlow agents. The collector shows it as the exporter inventory.

export interface InterfaceInfo {
  name?: string;
  description?: string;
  speed?: number;
}

/** Per (exporter, version, domain) state the data decoders consult on every data set. */
export interface DomainState {
  /** Domain-wide sampling rate from options data (0 = not announced). */
  samplingRate: number;
  /** Sampler id → sampling rate, from sampler option tables. */
  samplers: Map<number, number>;
  samplerNames: Map<number, string>;
  /** systemInitTimeMilliseconds (IE 160) when announced; NaN otherwise. */
  sysInitMs: number;
}

export interface ExporterInfo {
  exporter: string; // "addr:port"
  address: string;
  protocols: string[];
  domains: Array<{
    version: number;
    domain: number;
    samplingRate: number | null;
    samplers: Array<{ id: number; rate: number; name: string | null }>;
    sysInitMs: number | null;
  }>;
  interfaces: Array<{ ifIndex: number } & InterfaceInfo>;
  lastSeenUs: number;
}

interface ExporterEntry {
  address: string;
  protocols: Set<string>;
  domains: Map<string, { version: number; domain: number; state: DomainState }>;
  interfaces: Map<number, InterfaceInfo>;
  lastSeenUs: number;
}

const MAX_EXPORTERS = 16384;
const MAX_INTERFACES = 65536;

export class ExporterInventory {
  private readonly exporters = new Map<string, ExporterEntry>();

  private entry(exporterKey: string, address: string): ExporterEntry {
    let e = this.exporters.get(exporterKey);
    if (!e) {
      if (this.exporters.size >= MAX_EXPORTERS) this.exporters.delete(this.exporters.keys().next().value!);
      e = { address, protocols: new Set(), domains: new Map(), interfaces: new Map(), lastSeenUs: 0 };
      this.exporters.set(exporterKey, e);
    }
    return e;
  }

  /** Notes a packet from an exporter (cheap: called once per packet). */
  seen(exporterKey: string, address: string, protocol: string, receivedUs: number): void {
    const e = this.entry(exporterKey, address);
    if (!e.protocols.has(protocol)) e.protocols.add(protocol);
    if (receivedUs > e.lastSeenUs) e.lastSeenUs = receivedUs;
  }

  domain(exporterKey: string, address: string, version: number, domain: number): DomainState {
    const e = this.entry(exporterKey, address);
    const k = `${version}/${domain}`;
    let d = e.domains.get(k);
    if (!d) {
      d = { version, domain, state: { samplingRate: 0, samplers: new Map(), samplerNames: new Map(), sysInitMs: NaN } };
      e.domains.set(k, d);
    }
    return d.state;
  }

  setInterface(exporterKey: string, address: string, ifIndex: number, info: InterfaceInfo): void {
    const e = this.entry(exporterKey, address);
    if (!e.interfaces.has(ifIndex) && e.interfaces.size >= MAX_INTERFACES) return;
    e.interfaces.set(ifIndex, { ...e.interfaces.get(ifIndex), ...info });
  }

  /** Plain JSON view for the collector / UI. */
  snapshot(): ExporterInfo[] {
    return [...this.exporters.entries()].map(([key, e]) => ({
      exporter: key,
      address: e.address,
      protocols: [...e.protocols].sort(),
      domains: [...e.domains.values()].map((d) => ({
        version: d.version,
        domain: d.domain,
        samplingRate: d.state.samplingRate || null,
        samplers: [...d.state.samplers.entries()].map(([id, rate]) => ({ id, rate, name: d.state.samplerNames.get(id) ?? null })),
        sysInitMs: Number.isNaN(d.state.sysInitMs) ? null : d.state.sysInitMs,
      })),
      interfaces: [...e.interfaces.entries()].sort((a, b) => a[0] - b[0]).map(([ifIndex, info]) => ({ ifIndex, ...info })),
      lastSeenUs: e.lastSeenUs,
    }));
  }
}
