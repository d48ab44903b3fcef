// The template cache shared by the NetFlow v9 and IPFIX decoders: templates keyed by exporter
// (address+port), version, observation domain / source id and template id; refreshed on resend,
// withdrawn on request, expired when an exporter stops refreshing them, capped per exporter.
// Data sets that arrive before their template wait in a bounded pending queue and are decoded
// when the template comes, or counted as `unknown_template` when they expire or overflow.
// The cache exports/imports plain JSON so the collector can persist it and decode at once after
// a restart.
import type { Exporter } from './exporter.js';
import { templateFromSnapshot, templateToSnapshot, type Template, type TemplateSnapshot } from './template.js';

export interface TemplateCacheLimits {
  /** Templates not refreshed for this long are dropped (µs). */
  templateTimeoutUs: number;
  maxTemplatesPerExporter: number;
  /** Across all exporters (spoofed sources must not grow the cache without bound). */
  maxTemplatesTotal: number;
  /** Data sets held while their template is unknown, per exporter and in total, and their bytes. */
  maxPendingPerExporter: number;
  maxPendingTotal: number;
  maxPendingBytes: number;
  /** How long a data set may wait for its template (µs). */
  pendingTimeoutUs: number;
}

/** What a data set needs from its message header to be decoded later. */
export interface MessageContext {
  version: 9 | 10;
  domain: number;
  /** Export time from the header, µs since the epoch. */
  exportUs: number;
  /** v9 header sysUptime (ms); NaN for IPFIX. */
  sysUptimeMs: number;
  receivedUs: number;
}

export interface PendingSet {
  key: string;
  exporter: Exporter;
  templateId: number;
  body: Uint8Array; // a copy of the set's records
  message: MessageContext;
}

export function templateKey(exporterKey: string, version: number, domain: number, templateId: number): string {
  return `${exporterKey}/${version}/${domain}/${templateId}`;
}

export class TemplateCache {
  private readonly templates = new Map<string, { exporter: string; template: Template }>();
  private readonly perExporter = new Map<string, number>();
  private readonly pending = new Map<string, PendingSet[]>();
  private readonly pendingPerExporter = new Map<string, number>();
  private pendingTotal = 0;
  private pendingBytes = 0;

  constructor(private readonly limits: TemplateCacheLimits) {}

  get size(): number {
    return this.templates.size;
  }

  get pendingCount(): number {
    return this.pendingTotal;
  }

  get pendingByteCount(): number {
    return this.pendingBytes;
  }

  get(key: string): Template | undefined {
    return this.templates.get(key)?.template;
  }

  /** Adds or refreshes a template. Returns false when the exporter's cap is reached. */
  add(exporterKey: string, t: Template): { added: boolean; key: string } {
    const key = templateKey(exporterKey, t.version, t.domain, t.templateId);
    const existing = this.templates.get(key);
    if (!existing) {
      const n = this.perExporter.get(exporterKey) ?? 0;
      if (n >= this.limits.maxTemplatesPerExporter || this.templates.size >= this.limits.maxTemplatesTotal) return { added: false, key };
      this.perExporter.set(exporterKey, n + 1);
    }
    this.templates.set(key, { exporter: exporterKey, template: t });
    return { added: true, key };
  }

  /** Removes one template, or every (options) template of a domain when `all`. Returns how many. */
  withdraw(exporterKey: string, version: number, domain: number, templateId: number, options: boolean, all: boolean): number {
    if (!all) return this.delete(templateKey(exporterKey, version, domain, templateId)) ? 1 : 0;
    const prefix = `${exporterKey}/${version}/${domain}/`;
    let n = 0;
    for (const [key, entry] of this.templates) {
      if (key.startsWith(prefix) && entry.template.options === options && this.delete(key)) n++;
    }
    return n;
  }

  private delete(key: string): boolean {
    const entry = this.templates.get(key);
    if (!entry) return false;
    this.templates.delete(key);
    const n = (this.perExporter.get(entry.exporter) ?? 1) - 1;
    if (n <= 0) this.perExporter.delete(entry.exporter);
    else this.perExporter.set(entry.exporter, n);
    return true;
  }

  /** Drops templates older than the timeout; returns how many. */
  expireTemplates(nowUs: number): number {
    let n = 0;
    for (const [key, entry] of this.templates) {
      if (nowUs - entry.template.receivedUs > this.limits.templateTimeoutUs && this.delete(key)) n++;
    }
    return n;
  }

  /**
   * Parks a data set until its template arrives. Returns the sets that had to be evicted to make
   * room (oldest first), which the caller counts as lost.
   */
  park(set: PendingSet): PendingSet[] {
    const evicted: PendingSet[] = [];
    const ex = set.exporter.key;
    while ((this.pendingPerExporter.get(ex) ?? 0) >= this.limits.maxPendingPerExporter) {
      const old = this.evictOldest(ex);
      if (!old) break;
      evicted.push(old);
    }
    while (this.pendingTotal >= this.limits.maxPendingTotal || (this.pendingTotal > 0 && this.pendingBytes + set.body.length > this.limits.maxPendingBytes)) {
      const old = this.evictOldest(null);
      if (!old) break;
      evicted.push(old);
    }
    const list = this.pending.get(set.key);
    if (list) list.push(set);
    else this.pending.set(set.key, [set]);
    this.pendingPerExporter.set(ex, (this.pendingPerExporter.get(ex) ?? 0) + 1);
    this.pendingTotal++;
    this.pendingBytes += set.body.length;
    return evicted;
  }

  private evictOldest(exporterKey: string | null): PendingSet | undefined {
    let oldest: PendingSet | undefined;
    let oldestKey = '';
    for (const [key, list] of this.pending) {
      const first = list[0];
      if (!first || (exporterKey !== null && first.exporter.key !== exporterKey)) continue;
      if (!oldest || first.message.receivedUs < oldest.message.receivedUs) {
        oldest = first;
        oldestKey = key;
      }
    }
    if (!oldest) return undefined;
    this.removePending(oldestKey, 1);
    return oldest;
  }

  private removePending(key: string, count: number): PendingSet[] {
    const list = this.pending.get(key);
    if (!list) return [];
    const removed = list.splice(0, count);
    if (list.length === 0) this.pending.delete(key);
    for (const s of removed) {
      const ex = s.exporter.key;
      const n = (this.pendingPerExporter.get(ex) ?? 1) - 1;
      if (n <= 0) this.pendingPerExporter.delete(ex);
      else this.pendingPerExporter.set(ex, n);
      this.pendingTotal--;
      this.pendingBytes -= s.body.length;
    }
    return removed;
  }

  /** Takes every set waiting for template `key` (in arrival order). */
  takePending(key: string): PendingSet[] {
    if (!this.pending.has(key)) return [];
    return this.removePending(key, Infinity);
  }

  /** Removes and returns sets that waited longer than the pending timeout (all when nowUs is Infinity). */
  expirePending(nowUs: number): PendingSet[] {
    const expired: PendingSet[] = [];
    for (const [key, list] of [...this.pending]) {
      let n = 0;
      while (n < list.length && nowUs - list[n]!.message.receivedUs > this.limits.pendingTimeoutUs) n++;
      if (n > 0) expired.push(...this.removePending(key, n));
    }
    return expired;
  }

  /** Templates that data sets are waiting for, per exporter: what an engineer sees as "template missing". */
  pendingSummary(): Array<{ exporter: string; version: number; domain: number; templateId: number; sets: number; oldestUs: number }> {
    const out: Array<{ exporter: string; version: number; domain: number; templateId: number; sets: number; oldestUs: number }> = [];
    for (const [key, list] of this.pending) {
      const first = list[0];
      if (!first) continue;
      const [version, domain] = key.slice(first.exporter.key.length + 1).split('/').map(Number);
      out.push({ exporter: first.exporter.key, version: version!, domain: domain!, templateId: first.templateId, sets: list.length, oldestUs: first.message.receivedUs });
    }
    return out;
  }

  /** Every template as plain JSON, for the store. */
  exportSnapshot(): TemplateSnapshot[] {
    return [...this.templates.values()].map((e) => templateToSnapshot(e.exporter, e.template));
  }

  /** Loads templates saved by `exportSnapshot`; returns how many loaded and why others were not. */
  importSnapshot(snapshots: readonly TemplateSnapshot[]): { imported: number; rejected: string[] } {
    let imported = 0;
    const rejected: string[] = [];
    for (const s of snapshots) {
      const t = templateFromSnapshot(s);
      if (typeof t === 'string') {
        rejected.push(t);
        continue;
      }
      if (this.add(String(s.exporter), t).added) imported++;
      else rejected.push(`template snapshot: exporter ${s.exporter} is at its template limit`);
    }
    return { imported, rejected };
  }
}
