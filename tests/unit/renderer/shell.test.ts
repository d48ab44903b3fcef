// The shell's logic without a browser: URL routes and patches, view shortcuts registered by a
// view and the map inside it, a group of parallel jobs seen as one, and the message a crashed
// view shows.
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src-main/api/contract.js';
import { describeViewError } from '../../../src-renderer/components/ViewBoundary.js';
import { groupJobInfo } from '../../../src-renderer/state/job-group.js';
import { formatHash, parseHash, patchParams } from '../../../src-renderer/state/use-route.js';
import { currentViewShortcuts, registerViewShortcuts } from '../../../src-renderer/state/view-shortcuts.js';

const job = (jobId: string, state: JobInfo['state'], fraction?: number, error?: string): JobInfo => ({
  jobId,
  kind: 'routing.sweep',
  title: `Failure sweep on Abilene (part ${jobId}/2: failures 1–13)`,
  state,
  startedAt: '2026-01-01T00:00:00Z',
  ...(fraction !== undefined ? { progress: { fraction } } : {}),
  ...(error ? { error } : {}),
});

describe('routes in the URL hash', () => {
  it('round-trips a view and its parameters, newlines included', () => {
    const hash = formatHash({ view: 'whatif', params: { topology: 'abilene', changes: 'fail:link:L1\nmetric:A:B=20' } });
    const route = parseHash(hash);
    expect(route.view).toBe('whatif');
    expect(route.params.get('changes')).toBe('fail:link:L1\nmetric:A:B=20');
    expect(parseHash('').view).toBe('topology');
  });

  it('patches parameters: sets, replaces, and removes on null or empty', () => {
    const params = new URLSearchParams('topology=t&from=a&to=b');
    expect(patchParams(params, { from: 'c', to: null, k: '4', changes: '' })).toEqual({ topology: 't', from: 'c', k: '4' });
    expect(params.get('to')).toBe('b'); // the route's own parameters are not changed
  });
});

describe('view shortcuts', () => {
  it('lists every registration in order, replaces one in place, and drops it on removal', () => {
    const view = Symbol('view');
    const map = Symbol('map');
    const run = () => undefined;
    registerViewShortcuts(view, [{ key: 'p', description: 'pick', run }]);
    registerViewShortcuts(map, [{ key: 'f', description: 'fit', run }]);
    expect(currentViewShortcuts().map((s) => s.key)).toEqual(['p', 'f']);
    registerViewShortcuts(view, [{ key: 'x', description: 'fail', run }]);
    expect(currentViewShortcuts().map((s) => s.key)).toEqual(['x', 'f']);
    registerViewShortcuts(map, null);
    expect(currentViewShortcuts().map((s) => s.key)).toEqual(['x']);
    registerViewShortcuts(view, null);
    expect(currentViewShortcuts()).toEqual([]);
  });
});

describe('a group of parallel jobs', () => {
  it('runs while any part runs, with the mean progress', () => {
    const g = groupJobInfo([job('1', 'succeeded'), job('2', 'running', 0.5)])!;
    expect(g.state).toBe('running');
    expect(g.progress!.fraction).toBeCloseTo(0.75);
    expect(g.title).toBe('Failure sweep on Abilene (2 parallel jobs)');
    expect(g.progress!.message).toBe('1 of 2 parts done');
  });

  it('ends cancelled when a part was cancelled, failed (with its error) when one failed, else succeeded', () => {
    expect(groupJobInfo([job('1', 'cancelled', 0.2), job('2', 'succeeded')])!.state).toBe('cancelled');
    const failed = groupJobInfo([job('1', 'cancelled'), job('2', 'failed', 0.1, 'sweep: out of memory')])!;
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe('sweep: out of memory');
    expect(groupJobInfo([job('1', 'succeeded'), job('2', 'succeeded')])!.state).toBe('succeeded');
    expect(groupJobInfo([])).toBeNull();
  });
});

describe('a crashed view', () => {
  it('says what was thrown, whatever it was', () => {
    expect(describeViewError(new Error('graph: no node "x"'))).toBe('graph: no node "x"');
    expect(describeViewError(new TypeError(''))).toBe('TypeError');
    expect(describeViewError('plain text')).toBe('plain text');
    expect(describeViewError(42)).toMatch(/not an Error object/);
  });
});
