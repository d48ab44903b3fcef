// The what-if area (WAE-like): on a stored topology with its traffic matrix, pick two devices
// (by name or on the map) and list k paths, highlighted on the map; click links or devices to
// fail them, or type metric/capacity changes; run the what-if and see the utilisation after,
// the links that changed most and the demands lost or rerouted; run the worst-case failure
// sweep and the IGP metric optimiser with progress and cancel.
import { useCallback, useMemo, useState } from 'react';
import { JobProgress } from '../components/JobProgress.js';
import { useFollowJob } from '../state/use-job.js';
import { pathEdgeKeys, routingApi, loadsFromDeltas, type OptimiseResult, type RouteAnswer, type SweepReport, type WhatIfResult } from '../topology/routing-api.js';
import { useTopologySource } from '../topology/topology-source.js';
import { formatBitRate, formatUtilisation } from '../topology/utilisation-bands.js';
import type { ViewProps } from './index.js';
import { TopologyMap } from './TopologyView.js';

type PickMode = 'from' | 'to' | 'fail' | null;

export function WhatIfView(props: ViewProps) {
  const { params, navigate } = props;
  const set = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(patch)) (v === null || v === '' ? next.delete(k) : next.set(k, v));
      navigate('whatif', Object.fromEntries(next));
    },
    [params, navigate],
  );
  const source = useTopologySource(params.get('topology'), (t) => navigate('whatif', t ? { topology: t } : {}));
  const data = source.data;
  const topology = source.stored;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const k = Math.max(1, Math.min(20, Number(params.get('k') ?? 3) || 3));
  const changes = (params.get('changes') ?? '').split('\n').filter(Boolean);
  const [mode, setMode] = useState<PickMode>(null);
  const [route, setRoute] = useState<RouteAnswer | null>(null);
  const [pathIndex, setPathIndex] = useState(0);
  const [whatif, setWhatif] = useState<WhatIfResult | null>(null);
  const [sweep, setSweep] = useState<SweepReport | null>(null);
  const [optimise, setOptimise] = useState<OptimiseResult | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sweepJob, beginSweep, cancelSweep] = useFollowJob('routing.sweep');
  const [optJob, beginOpt, cancelOpt] = useFollowJob('routing.optimize');

  const names = useMemo(() => new Map(data?.nodes.map((n) => [n.id, n.name]) ?? []), [data]);
  const nameOf = (id: string) => names.get(id) ?? id;
  const setChanges = (list: string[]) => set({ changes: list.join('\n') || null });

  const run = async <T,>(label: string, f: () => Promise<T>, done: (r: T) => void) => {
    setError(null);
    setRunning(label);
    try {
      done(await f());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(null);
    }
  };
  const findPaths = () => topology && from && to && run('Finding paths…', () => routingApi.route({ topology, from, to, k }), (r) => (setRoute(r), setPathIndex(0)));
  // The what-if's colours are the point: a highlighted path would dim them, so it is cleared.
  const runWhatIf = () => topology && changes.length && (setRoute(null), run('Running the what-if…', () => routingApi.whatif({ topology, changes, detail: 100_000 }), setWhatif));
  const runSweep = () => topology && (beginSweep(), run('Sweeping every single failure…', () => routingApi.sweep({ topology, top: 20 }), setSweep));
  const runOptimise = () => topology && (beginOpt(), run('Optimising IGP metrics…', () => routingApi.optimize({ topology, seconds: 10 }), setOptimise));

  const loads = useMemo(() => (whatif && data ? loadsFromDeltas(data, whatif.links, 'after') : source.loads), [whatif, data, source.loads]);
  const pathEdges = useMemo(() => {
    const p = route?.paths[pathIndex];
    return p && data ? new Set(pathEdgeKeys(data, p)) : null;
  }, [route, pathIndex, data]);

  const pick = {
    onPickNode: (id: string) => {
      if (mode === 'from') set({ from: id }), setMode('to');
      else if (mode === 'to') set({ to: id }), setMode(null);
      else if (mode === 'fail') setChanges([...changes, `fail:node:${id}`]);
      else set({ node: id, link: null });
    },
    onPickLink: (linkId: string) => {
      if (mode === 'fail') setChanges([...changes, `fail:link:${linkId}`]);
      else set({ link: linkId, node: null });
    },
  };

  const biggest = useMemo(() => (whatif ? [...whatif.links].sort((a, b) => Math.abs(b.utilisationAfter - b.utilisationBefore) - Math.abs(a.utilisationAfter - a.utilisationBefore)).slice(0, 15) : []), [whatif]);

  return (
    <section className="whatif-view" aria-label="What-if">
      <div className="view-toolbar">
        <h1>What-if</h1>
        {source.picker}
      </div>
      {(error || source.error) && (
        <div className="error-box" role="alert">
          {error ?? source.error}
        </div>
      )}
      {(running || source.busy) && <div role="status">{running ?? source.busy}</div>}
      {!data && !source.busy && <p className="empty-hint">{source.emptyHint}</p>}
      {data && !topology && <p className="muted">What-ifs run on stored topologies: import this network on the host to route it.</p>}
      {data && (
        <div className="whatif-layout">
          <div className="whatif-controls">
            <fieldset>
              <legend>Paths</legend>
              <datalist id="whatif-devices">
                {data.nodes.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.name}
                  </option>
                ))}
              </datalist>
              <label>
                From <input aria-label="From device" list="whatif-devices" value={from} onChange={(e) => set({ from: e.target.value })} />
              </label>
              <label>
                To <input aria-label="To device" list="whatif-devices" value={to} onChange={(e) => set({ to: e.target.value })} />
              </label>
              <label>
                k <input aria-label="Number of paths" type="number" min={1} max={20} value={k} onChange={(e) => set({ k: e.target.value })} style={{ width: 50 }} />
              </label>
              <div>
                <button onClick={() => setMode(mode === 'from' ? null : 'from')} aria-pressed={mode === 'from' || mode === 'to'}>
                  {mode === 'from' ? 'Click the source…' : mode === 'to' ? 'Click the destination…' : 'Pick on map'}
                </button>{' '}
                <button onClick={() => void findPaths()} disabled={!topology || !from || !to}>
                  Find paths
                </button>{' '}
                {route && <button onClick={() => setRoute(null)}>Clear paths</button>}
              </div>
              {route && (
                <ol className="path-list" data-testid="paths">
                  {route.paths.map((p, i) => (
                    <li key={i}>
                      <button className="link-button" aria-pressed={i === pathIndex} onClick={() => setPathIndex(i)}>
                        cost {p.cost} · {p.links.length} hops
                      </button>
                      <div className="muted small">{p.nodes.map(nameOf).join(' → ')}</div>
                    </li>
                  ))}
                  {route.paths.length === 0 && <li>No path{route.reason ? `: ${route.reason}` : ''}.</li>}
                </ol>
              )}
            </fieldset>
            <fieldset>
              <legend>Changes</legend>
              <button onClick={() => setMode(mode === 'fail' ? null : 'fail')} aria-pressed={mode === 'fail'}>
                {mode === 'fail' ? 'Click links or devices to fail them (click here to stop)' : 'Fail on click'}
              </button>
              <textarea
                aria-label="Changes"
                rows={4}
                value={changes.join('\n')}
                onChange={(e) => set({ changes: e.target.value || null })}
                placeholder={'fail:link:LINK  fail:node:DEVICE  fail:srlg:X\nmetric:A:B=20  capacity:A:B=10G  scale:1.5'}
              />
              <div>
                <button onClick={() => void runWhatIf()} disabled={!topology || changes.length === 0}>
                  Run what-if
                </button>{' '}
                <button onClick={() => (setChanges([]), setWhatif(null))} disabled={changes.length === 0 && !whatif}>
                  Reset
                </button>
              </div>
            </fieldset>
            <fieldset>
              <legend>Whole network</legend>
              <button onClick={() => void runSweep()} disabled={!topology || !!running}>
                Worst-case failure sweep
              </button>{' '}
              <button onClick={() => void runOptimise()} disabled={!topology || !!running}>
                Optimise metrics (10 s)
              </button>
              <JobProgress info={sweepJob.info} running={running === 'Sweeping every single failure…'} onCancel={() => void cancelSweep()} label="Sweep" />
              <JobProgress info={optJob.info} running={running === 'Optimising IGP metrics…'} onCancel={() => void cancelOpt()} label="Optimisation" />
            </fieldset>
          </div>
          <div className="whatif-map">
            <TopologyMap {...props} data={data} loads={loads} viewId="whatif" pathEdges={pathEdges} {...pick} key={`${data.name}:${data.nodes.length}`} />
          </div>
        </div>
      )}
      {whatif && (
        <div className="panel" data-testid="whatif-result">
          <h2>
            After {whatif.changes.join(', ')}: max utilisation {formatUtilisation(whatif.before.mlu)} → {formatUtilisation(whatif.after.mlu)}
            {whatif.after.mluLink ? ` (link ${whatif.after.mluLink})` : ''}
          </h2>
          <p>
            {whatif.changedPathCount} demand paths changed · {whatif.lostDemands.length} demands lost ({formatBitRate(whatif.lostRate)}) · {whatif.reroutedDestinations} of {whatif.destinations} destinations rerouted · {whatif.elapsedMs.toFixed(0)} ms
          </p>
          <table className="data-table compact">
            <thead>
              <tr>
                <th>link</th>
                <th>direction</th>
                <th className="num">before</th>
                <th className="num">after</th>
                <th className="num">load after</th>
              </tr>
            </thead>
            <tbody>
              {biggest.map((l) => (
                <tr key={`${l.link}:${l.from}`}>
                  <td>{l.link}</td>
                  <td>
                    {nameOf(l.from)} → {nameOf(l.to)}
                  </td>
                  <td className="num">{formatUtilisation(l.utilisationBefore)}</td>
                  <td className="num">{l.down ? 'down' : formatUtilisation(l.utilisationAfter)}</td>
                  <td className="num">{formatBitRate(l.loadAfter)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {whatif.lostDemands.length > 0 && (
            <>
              <h3>Lost demands</h3>
              <ul>
                {whatif.lostDemands.slice(0, 30).map((d) => (
                  <li key={d.demand}>
                    {nameOf(d.src)} → {nameOf(d.dst)}: {formatBitRate(d.rate)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {sweep && (
        <div className="panel" data-testid="sweep-result">
          <h2>
            Worst case over {sweep.failuresEvaluated} single failures: {formatUtilisation(sweep.normalMlu)} → {formatUtilisation(sweep.worstMlu)} ({sweep.worstFailure ?? '—'}){sweep.cancelled ? ' — cancelled, partial' : ''}
          </h2>
          <table className="data-table compact">
            <thead>
              <tr>
                <th>failure</th>
                <th className="num">max utilisation</th>
                <th>on link</th>
                <th className="num">unrouted</th>
              </tr>
            </thead>
            <tbody>
              {sweep.failures.map((f) => (
                <tr key={f.failure}>
                  <td>{f.failure}</td>
                  <td className="num">{formatUtilisation(f.mlu)}</td>
                  <td>{f.mluLink ?? '—'}</td>
                  <td className="num">{formatBitRate(f.unroutedRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {optimise && (
        <div className="panel" data-testid="optimise-result">
          <h2>
            Metric optimisation: max utilisation {formatUtilisation(optimise.before.mlu)} → {formatUtilisation(optimise.after.mlu)} with {optimise.changes.length} changes ({optimise.stoppedBy}, {optimise.evaluations} evaluations)
          </h2>
          {optimise.note && <p className="muted">{optimise.note}</p>}
          <pre className="changes">{optimise.changes.map((c) => JSON.stringify(c)).join('\n')}</pre>
        </div>
      )}
    </section>
  );
}
