// Sequence gaps → loss estimates: forward gaps, wrap-around, late packets, exporter restarts.
import { describe, expect, it } from 'vitest';
import { SequenceTracker } from '../../../src-worker/flow/sequence-tracker.js';

describe('SequenceTracker', () => {
  const r = { lost: 0, reset: false };
  it('counts forward gaps, across 32-bit wrap-around', () => {
    const t = new SequenceTracker();
    expect(t.observe('a', 0xfffffff0, 16, r).lost).toBe(0);
    expect(t.observe('a', 0, 10, r).lost).toBe(0);
    expect(t.observe('a', 15, 1, r).lost).toBe(5);
  });
  it('takes back a late packet and recognises a restart', () => {
    const t = new SequenceTracker();
    t.observe('b', 100, 1, r);
    expect(t.observe('b', 103, 1, r).lost).toBe(2);
    expect(t.observe('b', 101, 1, r).lost).toBe(-1);
    expect(t.observe('b', 104, 1, r)).toEqual({ lost: 0, reset: false });
    const u = new SequenceTracker();
    u.observe('c', 1_000_000, 1, r);
    expect(u.observe('c', 3, 1, r).reset).toBe(true);
  });
  it('never goes negative on duplicated or replayed messages', () => {
    const t = new SequenceTracker();
    let lost = 0;
    // A capture of 5 IPFIX messages of 30 flows each, replayed three times: no gap, no loss.
    for (let pass = 0; pass < 3; pass++) for (let i = 0; i < 5; i++) lost += t.observe('d', 1000 + i * 30, 30, r).lost;
    expect(lost).toBe(0);
    // A real gap of 30, then the late message: given back once; its duplicate gives nothing.
    const u = new SequenceTracker();
    u.observe('e', 0, 30, r);
    expect(u.observe('e', 60, 30, r).lost).toBe(30);
    expect(u.observe('e', 30, 30, r).lost).toBe(-30);
    expect(u.observe('e', 30, 30, r).lost).toBe(0);
  });
});
