// Names engineers read in reports for IP protocol numbers and well-known ports (IANA registry
// values; only the ones that matter in a traffic summary — unknown numbers print as numbers).

const PROTOCOLS: Record<number, string> = {
  1: 'ICMP', 2: 'IGMP', 4: 'IP-in-IP', 6: 'TCP', 17: 'UDP', 41: 'IPv6', 47: 'GRE', 50: 'ESP', 51: 'AH',
  58: 'ICMPv6', 88: 'EIGRP', 89: 'OSPF', 103: 'PIM', 112: 'VRRP', 115: 'L2TP', 132: 'SCTP',
};

const PORTS: Record<number, string> = {
  20: 'ftp-data', 21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 49: 'tacacs', 53: 'dns', 67: 'dhcp', 68: 'dhcp', 69: 'tftp',
  80: 'http', 88: 'kerberos', 110: 'pop3', 111: 'rpcbind', 119: 'nntp', 123: 'ntp', 135: 'msrpc', 137: 'netbios-ns', 138: 'netbios-dgm',
  139: 'netbios-ssn', 143: 'imap', 161: 'snmp', 162: 'snmp-trap', 179: 'bgp', 389: 'ldap', 443: 'https', 445: 'smb', 500: 'isakmp',
  514: 'syslog', 520: 'rip', 546: 'dhcpv6', 547: 'dhcpv6', 587: 'submission', 636: 'ldaps', 646: 'ldp', 853: 'dns-over-tls',
  873: 'rsync', 993: 'imaps', 995: 'pop3s', 1194: 'openvpn', 1433: 'mssql', 1521: 'oracle', 1701: 'l2tp', 1812: 'radius',
  1813: 'radius-acct', 1900: 'ssdp', 2049: 'nfs', 2055: 'netflow', 3128: 'http-proxy', 3306: 'mysql', 3389: 'rdp', 3478: 'stun',
  4500: 'ipsec-nat-t', 4739: 'ipfix', 4789: 'vxlan', 5060: 'sip', 5061: 'sips', 5353: 'mdns', 5432: 'postgresql', 5900: 'vnc',
  6343: 'sflow', 6379: 'redis', 6443: 'kubernetes', 8080: 'http-alt', 8443: 'https-alt', 9200: 'elasticsearch', 9092: 'kafka',
};

/** Ports with a name here count as "well known" when picking a flow's service port. */
export const WELL_KNOWN_PORTS: ReadonlySet<number> = new Set(Object.keys(PORTS).map(Number));

export function protocolName(protocol: number): string {
  return PROTOCOLS[protocol] ?? `proto ${protocol}`;
}

/** The service port of a flow: the well-known one, else the lower one (servers listen low). */
export function servicePort(srcPort: number, dstPort: number): number {
  const srcKnown = WELL_KNOWN_PORTS.has(srcPort);
  const dstKnown = WELL_KNOWN_PORTS.has(dstPort);
  if (dstKnown && !srcKnown) return dstPort;
  if (srcKnown && !dstKnown) return srcPort;
  return Math.min(srcPort, dstPort);
}

/** "TCP/443 https", "UDP/5000", "ICMP". */
export function applicationName(protocol: number, port: number): string {
  const p = protocolName(protocol);
  if (protocol !== 6 && protocol !== 17 && protocol !== 132) return p;
  const name = PORTS[port];
  return name ? `${p}/${port} ${name}` : `${p}/${port}`;
}
