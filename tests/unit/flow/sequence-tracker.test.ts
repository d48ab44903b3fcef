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
});
