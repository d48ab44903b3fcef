// The settings view's logic: listener text → settings with an error per field (ranges,
// duplicates across protocols), sampling rows → rules with errors per row and cell, and the
// rate an exporter gets given what it reports.
import { describe, expect, it } from 'vitest';
import { listenerText, parseListenerText, STANDARD_LISTENERS } from '../../../src-renderer/collector/listener-defaults.js';
import { appliedRate, parseRules, toRow, type RuleRow } from '../../../src-renderer/settings/sampling-rows.js';

const row = (p: Partial<RuleRow>): RuleRow => ({ exporter: '', domain: '', inIf: '', rate: '', mode: 'override', ...p });

describe('listener fields', () => {
  it('accepts the standard ports and round-trips them as text', () => {
    const { value, errors } = parseListenerText(STANDARD_LISTENERS);
    expect(errors).toEqual({});
    expect(value).toEqual({ netflow: [2055], ipfix: [4739], sflow: [6343], bind: ['::'] });
    expect(listenerText(value!)).toEqual(STANDARD_LISTENERS);
  });
  it('names the field for a bad port, a port used twice, and a bad address', () => {
    expect(parseListenerText({ ...STANDARD_LISTENERS, ipfix: '4739 x' }).errors).toEqual({ ipfix: 'IPFIX port "x" is not a port number (1–65535)' });
    expect(parseListenerText({ ...STANDARD_LISTENERS, sflow: '2055' }).errors).toEqual({ sflow: 'sFlow port 2055 is already used for NetFlow' });
    expect(parseListenerText({ ...STANDARD_LISTENERS, bind: 'eth0' }).errors).toEqual({ bind: 'a listen address must be an IPv4 or IPv6 address' });
    expect(parseListenerText({ ...STANDARD_LISTENERS, netflow: '', ipfix: '', sflow: '' }).value).toMatchObject({ netflow: [], ipfix: [], sflow: [] });
  });
});

describe('sampling rows', () => {
  it('turns rows into rules, optional domain and interface left out when blank', () => {
    const { rules, errors } = parseRules([row({ exporter: '192.0.2.1', rate: '1000' }), row({ exporter: '2001:db8::1', domain: '3', inIf: '7', rate: '64', mode: 'default' })]);
    expect(errors).toEqual([{}, {}]);
    expect(rules).toEqual([{ exporter: '192.0.2.1', rate: 1000, mode: 'override' }, { exporter: '2001:db8::1', domain: 3, inIf: 7, rate: 64, mode: 'default' }]);
    expect(rules!.map(toRow)[1]).toEqual(row({ exporter: '2001:db8::1', domain: '3', inIf: '7', rate: '64', mode: 'default' }));
  });
  it('puts each error on its row and cell', () => {
    const { rules, errors } = parseRules([row({ exporter: 'router1', rate: '1000' }), row({ exporter: '192.0.2.1', rate: 'many', inIf: '-1' })]);
    expect(rules).toBeNull();
    expect(errors[0]).toEqual({ exporter: 'the exporter must be an IPv4 or IPv6 address' });
    expect(errors[1]).toEqual({ rate: 'the rate is a whole number (1 in N packets)', inIf: 'the interface must be a whole number' });
    const dup = parseRules([row({ exporter: '192.0.2.1', rate: '10' }), row({ exporter: '192.0.2.1', rate: '20', mode: 'default' })]);
    expect(dup.errors[1]).toEqual({ exporter: 'rule 2 matches the same exporter, domain and interface as rule 1' });
  });
  it('says what rate an exporter gets: override, default only when none is reported, specific rules counted', () => {
    const rules = [{ exporter: '192.0.2.1', rate: 100, mode: 'override' as const }, { exporter: '192.0.2.2', rate: 300, mode: 'default' as const }, { exporter: '192.0.2.2', inIf: 4, rate: 7, mode: 'override' as const }];
    expect(appliedRate(rules, '192.0.2.1', [1000])).toBe('100 (override)');
    expect(appliedRate(rules, '192.0.2.2', [])).toBe('300 (default: none reported); 1 domain/interface rule');
    expect(appliedRate(rules, '192.0.2.2', [512])).toBe('as reported (default rule not needed); 1 domain/interface rule');
    expect(appliedRate(rules, '192.0.2.9', [])).toBe('1 (none reported)');
  });
});
