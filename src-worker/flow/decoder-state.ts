// Configuration and the state the protocol decoders share for one collector: counters, the
// template cache, sequence tracking, the exporter inventory and per-exporter sampling overrides.
import { DecodeStats } from './decode-stats.js';
import { ExporterInventory } from './exporter-inventory.js';
import { SamplingPolicy, type SamplingChoice, type SamplingRuleSpec } from './sampling-policy.js';
import type { Exporter } from './exporter.js';
import { SequenceTracker } from './sequence-tracker.js';
import { SflowSourceTable } from './sflow-sources.js';
import { TemplateCache } from './template-cache.js';

export interface FlowDecoderConfig {
  /** RFC 5103 biflows and NSEL responder counters become a second, reversed row. */
  splitBiflows: boolean;
  /** Cisco ASA NSEL: count each flow once (drop create events, and updates when counters are totals). */
  nselOnce: boolean;
  /** Templates not refreshed for this long are dropped. */
  templateTimeoutSeconds: number;
  maxTemplatesPerExporter: number;
  maxTemplatesTotal: number;
  /** Data sets waiting for their template: per exporter, in total (sets and bytes), and for how long. */
  maxPendingPerExporter: number;
  maxPendingTotal: number;
  maxPendingBytes: number;
  pendingTimeoutSeconds: number;
  /** Exporter address (text) → sampling rate that overrides what the exporter announces. */
  samplingOverrides: Record<string, number>;
  /** Sampling rules (per exporter, domain, interface; override or default); see sampling-policy.ts. */
  samplingRules: SamplingRuleSpec[];
  /** sFlow: decode the sampled packet headers (through tunnels) into flow keys. */
  sflowDecodeHeaders: boolean;
}

export const DEFAULT_FLOW_DECODER_CONFIG: FlowDecoderConfig = {
  splitBiflows: true,
  nselOnce: true,
  templateTimeoutSeconds: 3 * 3600,
  maxTemplatesPerExporter: 4096,
  maxTemplatesTotal: 65536,
  maxPendingPerExporter: 256,
  maxPendingTotal: 8192,
  maxPendingBytes: 32 * 1024 * 1024,
  pendingTimeoutSeconds: 60,
  samplingOverrides: {},
  samplingRules: [],
  sflowDecodeHeaders: true,
};

export class DecoderState {
  readonly config: FlowDecoderConfig;
  readonly stats = new DecodeStats();
  readonly sequences = new SequenceTracker();
  readonly inventory = new ExporterInventory();
  readonly sflowSources = new SflowSourceTable();
  readonly templates: TemplateCache;
  readonly sampling = new SamplingPolicy();

  constructor(config: Partial<FlowDecoderConfig> = {}) {
    this.config = { ...DEFAULT_FLOW_DECODER_CONFIG, ...config };
    this.templates = new TemplateCache({
      templateTimeoutUs: this.config.templateTimeoutSeconds * 1e6,
      maxTemplatesPerExporter: this.config.maxTemplatesPerExporter,
      maxTemplatesTotal: this.config.maxTemplatesTotal,
      maxPendingPerExporter: this.config.maxPendingPerExporter,
      maxPendingTotal: this.config.maxPendingTotal,
      maxPendingBytes: this.config.maxPendingBytes,
      pendingTimeoutUs: this.config.pendingTimeoutSeconds * 1e6,
    });
    this.setSamplingRules(this.config.samplingRules);
  }

  /** Replaces the sampling rules (live: the next packet uses them). */
  setSamplingRules(rules: readonly SamplingRuleSpec[]): void {
    const legacy = Object.entries(this.config.samplingOverrides).map(([exporter, rate]): SamplingRuleSpec => ({ exporter, rate, mode: 'override' }));
    this.sampling.set([...rules, ...legacy.filter((l) => !rules.some((r) => r.exporter === l.exporter && r.domain === undefined && r.inIf === undefined))]);
  }

  /** The rules for one exporter (text address, or an sFlow agent's) and observation domain. */
  samplingChoice(exporter: Exporter | string, domain: number): SamplingChoice {
    return this.sampling.choose(typeof exporter === 'string' ? exporter : exporter.text, domain);
  }
}
