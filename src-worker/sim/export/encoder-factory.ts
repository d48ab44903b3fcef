// Builds the encoder for an export format: a discriminated choice over the four protocols.
import { type EncoderConfig, type ExportFormat, type FlowEncoder, DEFAULT_ENCODER_CONFIG } from './encoder.js';
import { IpfixEncoder } from './ipfix-encoder.js';
import { Netflow5Encoder } from './netflow5-encoder.js';
import { Netflow9Encoder } from './netflow9-encoder.js';
import { SflowEncoder } from './sflow-encoder.js';

export function createEncoder(format: ExportFormat, config: Pick<EncoderConfig, 'exporterId' | 'agentIPv4' | 'bootTimeMs'> & Partial<EncoderConfig>): FlowEncoder {
  const full: EncoderConfig = { ...DEFAULT_ENCODER_CONFIG, ...config };
  switch (format) {
    case 'netflow5':
      return new Netflow5Encoder(full);
    case 'netflow9':
      return new Netflow9Encoder(full);
    case 'ipfix':
      return new IpfixEncoder(full);
    case 'sflow':
      return new SflowEncoder(full);
    default:
      throw new Error(`sim-export: unknown format "${format as string}"; use netflow5, netflow9, ipfix or sflow`);
  }
}
