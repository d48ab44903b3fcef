// The collector's configuration with defaults (standard ports, big socket buffers, a bounded
// queue, flush at least every second). Constructing a Collector does no work; start() does.
export type ListenerProtocol = 'netflow' | 'ipfix' | 'sflow';

export interface CollectorConfig {
  /** UDP ports per protocol; several allowed. The payload's version decides the decoder, so a
   * port only labels what an engineer expects there (stats show what really arrived). */
  netflow: number[];
  ipfix: number[];
  sflow: number[];
  /** Addresses to bind: "::" (dual-stack IPv6+IPv4 where the OS allows), "0.0.0.0", or specific ones. */
  bind: string[];
  /** SO_RCVBUF asked for each socket (the kernel caps it at net.core.rmem_max). */
  receiveBufferBytes: number;
  /** Sockets per port with SO_REUSEPORT where Node and the OS support it (Node ≥ 22.12 on Linux). */
  socketsPerPort: number;
  /** Flush decoded rows to the store at least this often (ms). */
  flushIntervalMs: number;
  /** Hand a batch to the writer as soon as it has this many rows. */
  batchRows: number;
  /** Rows that may wait for the store; beyond it new batches are dropped and counted. */
  maxQueuedRows: number;
  /** Retry an unreachable store with exponential backoff between these bounds (ms). */
  retryMinMs: number;
  retryMaxMs: number;
  /** How often devices/interfaces/templates are saved (ms). */
  inventoryIntervalMs: number;
  /** How often rollups and retention run (ms); 0 disables. */
  maintenanceIntervalMs: number;
}

export const DEFAULT_COLLECTOR_CONFIG: CollectorConfig = {
  netflow: [2055],
  ipfix: [4739],
  sflow: [6343],
  bind: ['::'],
  receiveBufferBytes: 32 * 1024 * 1024,
  socketsPerPort: 1,
  flushIntervalMs: 500,
  batchRows: 16384,
  maxQueuedRows: 2_000_000,
  retryMinMs: 250,
  retryMaxMs: 10_000,
  inventoryIntervalMs: 10_000,
  maintenanceIntervalMs: 60_000,
};
