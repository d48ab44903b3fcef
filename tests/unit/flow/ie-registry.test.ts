// The generated information-element registry: IANA names and types, NetFlow v9 extensions,
// vendor scopes, RFC 5103 and split-mode reverse elements, unknown elements named not failed;
// the committed table is what the generator makes of the XML definitions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';
import { ieName, lookupIE, lookupNetflowV9 } from '../../../src-worker/flow/ie-registry.js';

describe('IE registry', () => {
  it('knows IANA elements with their data types', () => {
    expect(lookupIE(0, 1)).toMatchObject({ name: 'octetDeltaCount', type: 'unsigned64' });
    expect(lookupIE(0, 27)).toMatchObject({ name: 'sourceIPv6Address', type: 'ipv6Address' });
    expect(lookupIE(0, 156)).toMatchObject({ name: 'flowStartNanoseconds', type: 'dateTimeNanoseconds' });
  });

  it('names RFC 5103 reverse elements and CERT split-mode reverse elements', () => {
    expect(lookupIE(29305, 1)).toMatchObject({ name: 'reverseOctetDeltaCount', reverse: true });
    const cert = lookupIE(6871, 14);
    expect(cert?.name).toBe('initialTCPFlags');
    expect(lookupIE(6871, 14 | 0x4000)).toMatchObject({ name: 'reverseInitialTCPFlags', reverse: true });
  });

  it('resolves NetFlow v9 field types, including Cisco ASA ones above 32767', () => {
    expect(lookupNetflowV9(8)?.type).toBe('ipv4Address');
    expect(lookupNetflowV9(40000)).toMatchObject({ name: 'userName', type: 'string' }); // NF_F_USERNAME
    expect(lookupNetflowV9(233)?.name).toBe('firewallEvent');
  });

  it('gives unknown elements a synthetic name instead of failing', () => {
    expect(lookupIE(424242, 7)).toBeUndefined();
    expect(ieName(424242, 7)).toBe('pen424242.ie7');
    expect(ieName(0, 32000)).toBe('ie32000');
  });
});

describe.skipIf(!sharedPresent)(`IE registry generator${sharedPresent ? '' : ` (skipped: ${sharedMissingReason})`}`, () => {
  it('regenerates exactly the committed table from ../shared/data/ipfix-elements', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-ie-'));
    try {
      const out = join(dir, 'ie.ts');
      execFileSync(process.execPath, [join(projectRoot, 'scripts/gen-ie-registry.mjs'), sharedPath('data/ipfix-elements'), out], { stdio: 'ignore' });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(projectRoot, 'src-worker/flow/ie-registry.generated.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
