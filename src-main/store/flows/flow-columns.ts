// The flows table's columns in store order, shared by both backends' write paths and the query
// layer, so a column added here is added everywhere.
export const FLOW_COLUMNS = [
  'time_start', 'time_end', 'time_received', 'exporter', 'source', 'src_addr', 'dst_addr', 'src_port', 'dst_port',
  'protocol', 'bytes', 'packets', 'sampling_rate', 'in_if', 'out_if', 'direction', 'tcp_flags', 'tos', 'vlan',
  'src_as', 'dst_as', 'next_hop',
] as const;
export type FlowColumn = (typeof FLOW_COLUMNS)[number];

export const ADDRESS_COLUMNS = new Set<FlowColumn>(['exporter', 'src_addr', 'dst_addr', 'next_hop']);
