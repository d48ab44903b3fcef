// The what-if area (WAE-like): on a stored topology with its traffic matrix, pick two devices
// (by name or on the map) and list k paths, highlighted on the map; click links or devices to
// fail them, or set a link's metric or capacity; the what-if runs at once and the map shows the
// utilisation after (or before, or the sweep's worst case), the links that changed most and the
// demands rerouted or lost; the paths are recomputed on the changed network. The worst-case
// failure sweep and the IGP metric optimiser run with progress and cancel, and either result
// can be put on the map as the "after". Topology, endpoints, k, changes and the map's mode live
// in the URL hash, so a what-if can be shared and comes back on reload.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { JobProgress } from '../components/JobProgress.js';
import { useFollowJob, useFollowJobGroup } from '../state/use-job.js';
import type { Shortcut } from '../state/use-shortcuts.js';
import { patchParams } from '../state/use-route.js';
import { useViewShortcuts } from '../state/view-shortcuts.js';
import { pathEdgeKeys, routingApi, loadsFromDeltas, type OptimiseResult, type RouteAnswer, type SweepReport, type WhatIfResult } from '../topology/routing-api.js';
import { useTopologySource } from '../topology/topology-source.js';
import { formatBitRate, formatUtilisation } from '../topology/utilisation-bands.js';
import type { ViewProps } from './index.js';
import { TopologyMap } from './TopologyView.js';
import { addChange, changedEdgeKeys, changesFromParam, describeEcmp, exactSpeed, optimiserChangeTexts, resolveDevice, setLinkChange, sweepFailureChange, worstCaseLoads } from './whatif-changes.js';

type PickMode = 'from' | 'to' | 'fail' | null;
type MapMode = 'before' | 'after' | 'changed' | 'worst';
const DEBOUNCE_MS = 250;

/** Runs `f` after the inputs stop changing; answers to superseded runs are dropped. */
function useLatest<T>(key: string | null, f: () => Promise<T>, delay = DEBOUNCE_MS): { value: T | null; error: string | null; busy: boolean } {
  const [state, setState] = useState<{ key: string | null; value: T | null; error: string | null; busy: boolean }>({ key: null, value: null, error: null, busy: false });
  const fn = useRef(f);
  fn.current = f;
  useEffect(() => {
    if (key === null) return setState({ key: null, value: null, error: null, busy: false });
    let alive = true;
    setState((s) => ({ ...s, key, busy: true }));
    const timer = setTimeout(() => {
      fn.current().then(
        (value) => alive && setState({ key, value, error: null, busy: false }),
        (e: Error) => alive && setState({ key, value: null, error: e.message, busy: false }),
      );
    }, delay);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [key, delay]);
  return { value: state.value, error: state.error, busy: state.busy };
}

export function WhatIfView(props: ViewProps) {
  const { params, navigate } = props;
  const set = useCallback(
    (patch: Record<string, string | null>) => {
      // Other endpoints or k: another list of paths, so the choice goes back to the first.
      const repath = ('from' in patch || 'to' in patch || 'k' in patch) && !('path' in patch);
      navigate('whatif', patchParams(params, repath ? { ...patch, path: null } : patch));
    },
    [params, navigate],
  );
  const source = useTopologySource(params.get('topology'), (t) => navigate('whatif', t ? { topology: t } : {}));
  const data = source.data;
  const topology = source.stored;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const k = Math.max(1, Math.min(20, Number(params.get('k') ?? 3) || 3));
  const changesText = params.get('changes') ?? '';
  const changes = useMemo(() => changesFromParam(changesText), [changesText]);
  const selectedLink = params.get('link');
  const selectedNode = params.get('node');
  const [mode, setMode] = useState<PickMode>(null);
  const [highlight, setHighlight] = useState(true);
  const [sweep, setSweep] = useState<SweepReport | null>(null);
  const [optimise, setOptimise] = useState<OptimiseResult | null>(null);
  const [running, setRunning] = useState<'sweep' | 'optimise' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sweepJob, beginSweep, cancelSweep] = useFollowJobGroup('routing.sweep');
  const [optJob, beginOpt, cancelOpt] = useFollowJob('routing.optimize');
  // Another network: the last one's sweep and optimisation no longer apply.
  useEffect(() => {
    setSweep(null);
    setOptimise(null);
  }, [topology]);
  const [draft, setDraft] = useState(changesText);
  useEffect(() => setDraft(changesText), [changesText]);

  const names = useMemo(() => new Map(data?.nodes.map((n) => [n.id, n.name]) ?? []), [data]);
  // Built once per network: a 10,000-device list must not be rebuilt on every keystroke.
  const deviceList = useMemo(
    () => (
      <datalist id="whatif-devices">
        {data?.nodes.map((n) => (
          <option key={n.id} value={n.id}>
            {n.name}
          </option>
        ))}
      </datalist>
    ),
    [data],
  );
  const nameOf = useCallback((id: string) => names.get(id) ?? id, [names]);
  const setChanges = useCallback((list: string[]) => set({ changes: list.join('\n') || null }), [set]);
  const fromId = data ? resolveDevice(data, from) : null;
  const toId = data ? resolveDevice(data, to) : null;

  // Paths follow the endpoints, k and the changes (routed on the changed network).
  const routeKey = topology && fromId && toId ? JSON.stringify([topology, fromId, toId, k, changes]) : null;
  const routed = useLatest<RouteAnswer>(routeKey, () => routingApi.route({ topology: topology!, from: fromId!, to: toId!, k, ...(changes.length ? { changes } : {}) }));
  const route = routed.value;
  // The chosen path is in the URL too (a shared link highlights the same one); out of range → the first.
  const chosen = Math.max(0, Math.floor(Number(params.get('path') ?? 0)) || 0);
  const pathIndex = route && chosen < route.paths.length ? chosen : 0;
  // The what-if runs whenever the changes change; it takes milliseconds on the engine.
  const whatifKey = topology && changes.length ? JSON.stringify([topology, changes]) : null;
  const evaluated = useLatest<WhatIfResult>(whatifKey, () => routingApi.whatif({ topology: topology!, changes, detail: 200 }));
  const whatif = evaluated.value;

  const requested = params.get('map') as MapMode | null;
  const mapMode: MapMode = requested === 'worst' && sweep ? 'worst' : requested === 'before' || !whatif ? 'before' : requested === 'changed' ? 'changed' : 'after';
  const loads = useMemo(() => {
    if (!data) return null;
    if (mapMode === 'worst' && sweep) return worstCaseLoads(data, sweep.links);
    if ((mapMode === 'after' || mapMode === 'changed') && whatif) return loadsFromDeltas(data, whatif.links, 'after');
    return source.loads;
  }, [mapMode, whatif, sweep, data, source.loads]);
  // The diff on the map: only the link directions the changes moved keep their colour.
  const changedEdges = useMemo(() => (mapMode === 'changed' && whatif && data ? changedEdgeKeys(data, whatif.links) : null), [mapMode, whatif, data]);
  const pathEdges = useMemo(() => {
    if (changedEdges) return changedEdges;
    const p = route?.paths[pathIndex];
    return highlight && p && data ? new Set(pathEdgeKeys(data, p)) : null;
  }, [route, pathIndex, data, highlight, changedEdges]);

  /** Sweep and optimiser: one at a time, followed for progress; a cancel is not an error. */
  const runWhole = useCallback(
    async (which: 'sweep' | 'optimise') => {
      if (!topology || running) return;
      setError(null);
      setRunning(which);
      try {
        if (which === 'sweep') {
          beginSweep();
          setSweep(await routingApi.sweep({ topology, top: 20 }));
        } else {
          beginOpt();
          setOptimise(await routingApi.optimize({ topology, seconds: 10 }));
        }
      } catch (e) {
        setError(/cancel/i.test((e as Error).message) ? null : (e as Error).message);
      } finally {
        setRunning(null);
      }
    },
    [topology, running, beginSweep, beginOpt],
  );
  const runSweep = useCallback(() => runWhole('sweep'), [runWhole]);
  const runOptimise = useCallback(() => runWhole('optimise'), [runWhole]);

  const pick = {
    onPickNode: (id: string) => {
      if (mode === 'from') {
        set({ from: id });
        setMode('to');
      } else if (mode === 'to') {
        set({ to: id });
        setMode(null);
      } else if (mode === 'fail') setChanges(addChange(changes, `fail:node:${id}`));
      else set({ node: id, link: null });
    },
    onPickLink: (linkId: string) => {
      if (mode === 'fail') setChanges(addChange(changes, `fail:link:${linkId}`));
      else set({ link: linkId, node: null });
    },
  };

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { key: 'p', description: 'What-if: pick source and destination on the map', run: () => setMode((m) => (m === 'from' || m === 'to' ? null : 'from')) },
      { key: 'x', description: 'What-if: fail links or devices by clicking them (again to stop)', run: () => setMode((m) => (m === 'fail' ? null : 'fail')) },
      { key: 'u', description: 'What-if: undo the last change', run: () => setChanges(changes.slice(0, -1)) },
      { key: 'b', description: 'What-if: show the map before / after the changes', run: () => set({ map: mapMode === 'after' ? 'before' : 'after' }) },
      { key: 'v', description: 'What-if: show only the links the changes moved', run: () => set({ map: mapMode === 'changed' ? 'after' : 'changed' }) },
      { key: 'h', description: 'What-if: highlight the chosen path on the map, or not', run: () => setHighlight((h) => !h) },
      { key: 'w', description: 'What-if: run the worst-case failure sweep', run: () => void runSweep() },
      { key: 'o', description: 'What-if: optimise IGP metrics', run: () => void runOptimise() },
    ],
    [changes, setChanges, set, mapMode, runSweep, runOptimise],
  );
  useViewShortcuts(shortcuts);

  const biggest = useMemo(() => (whatif ? [...whatif.links].sort((a, b) => Math.abs(b.utilisationAfter - b.utilisationBefore) - Math.abs(a.utilisationAfter - a.utilisationBefore)).slice(0, 15) : []), [whatif]);
  const link = data && selectedLink ? data.links.find((l) => l.id === selectedLink) : undefined;
  const shownError = error ?? source.error ?? evaluated.error ?? routed.error;

  return (
    <section className="whatif-view" aria-label="What-if">
      <div className="view-toolbar">
        <h1>What-if</h1>
        {source.picker}
      </div>
      {shownError && (
        <div className="error-box" role="alert" data-testid="whatif-error">
          {shownError}
        </div>
      )}
      {source.busy && <div role="status">{source.busy}</div>}
      {!data && !source.busy && <p className="empty-hint">{source.emptyHint}</p>}
      {data && !topology && <p className="muted">What-ifs run on stored topologies: import this network on the host to route it.</p>}
      {data && (
        <div className="whatif-layout">
          <div className="whatif-controls">
            <fieldset>
              <legend>Paths</legend>
              {deviceList}
              <label>
                From <input aria-label="From device" list="whatif-devices" value={from} onChange={(e) => set({ from: e.target.value })} />
              </label>
              {from && !fromId && <span className="error-text small">no device “{from}” in {data.name}</span>}
              <label>
                To <input aria-label="To device" list="whatif-devices" value={to} onChange={(e) => set({ to: e.target.value })} />
              </label>
              {to && !toId && <span className="error-text small">no device “{to}” in {data.name}</span>}
              <label>
                k <input aria-label="Number of paths" type="number" min={1} max={20} value={k} onChange={(e) => set({ k: e.target.value })} style={{ width: 50 }} />
              </label>
              <div>
                <button onClick={() => setMode(mode === 'from' || mode === 'to' ? null : 'from')} aria-pressed={mode === 'from' || mode === 'to'} title="Pick on the map (p)">
                  {mode === 'from' ? 'Click the source…' : mode === 'to' ? 'Click the destination…' : 'Pick on map'}
                </button>{' '}
                <label title="Highlight the chosen path on the map (h)">
                  <input type="checkbox" checked={highlight} onChange={(e) => setHighlight(e.target.checked)} /> highlight
                </label>
                {routed.busy && <span className="muted"> routing…</span>}
              </div>
              {route && (
                <ol className="path-list" data-testid="paths" data-from={route.from} data-to={route.to}>
                  {route.paths.map((p, i) => (
                    <li key={i} data-links={p.links.join(' ')}>
                      <button className="link-button" aria-pressed={i === pathIndex} onClick={() => set({ path: i ? String(i) : null })}>
                        cost {p.cost} · {p.links.length} hops
                      </button>
                      <div className="muted small">{p.nodes.map(nameOf).join(' → ')}</div>
                    </li>
                  ))}
                  {route.paths.length === 0 && <li>No path{route.reason ? `: ${route.reason}` : ''}.</li>}
                </ol>
              )}
              {route && changes.length > 0 && <p className="muted small">Paths on the network after the changes below.</p>}
            </fieldset>
            <fieldset>
              <legend>Changes</legend>
              <button onClick={() => setMode(mode === 'fail' ? null : 'fail')} aria-pressed={mode === 'fail'} title="Fail on click (x)">
                {mode === 'fail' ? 'Click links or devices to fail them (click here to stop)' : 'Fail on click'}
              </button>
              {link && mode !== 'fail' && (
                <LinkEditor
                  key={link.id}
                  link={link}
                  nameOf={nameOf}
                  onChange={(kind, value, direction) => setChanges(setLinkChange(changes, kind, link.id, value, direction))}
                  onFail={() => setChanges(addChange(changes, `fail:link:${link.id}`))}
                />
              )}
              {selectedNode && names.has(selectedNode) && mode !== 'fail' && (
                <div className="link-editor" data-testid="node-editor">
                  <strong>{nameOf(selectedNode)}</strong>
                  <button onClick={() => setChanges(addChange(changes, `fail:node:${selectedNode}`))}>Fail this device</button>
                  <button onClick={() => set({ from: selectedNode })}>From here</button>
                  <button onClick={() => set({ to: selectedNode })}>To here</button>
                </div>
              )}
              {changes.length > 0 && (
                <ul className="change-list" data-testid="change-list">
                  {changes.map((c, i) => (
                    <li key={`${c}:${i}`}>
                      <code>{c}</code>
                      <button className="link-button" aria-label={`Remove ${c}`} onClick={() => setChanges(changes.filter((_, j) => j !== i))}>
                        ×
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <textarea
                aria-label="Changes"
                rows={4}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onBlur={() => draft !== changesText && set({ changes: draft || null })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) set({ changes: draft || null });
                }}
                placeholder={'fail:link:LINK  fail:node:DEVICE  fail:srlg:X\nmetric:A:B=20  capacity:A:B=10G  scale:1.5'}
              />
              <div>
                <button onClick={() => set({ changes: draft || null })} disabled={!topology || (draft === changesText && changes.length === 0)} title="Typed changes apply when the field loses focus or on Ctrl+Enter">
                  Run what-if
                </button>{' '}
                <button onClick={() => setChanges([])} disabled={changes.length === 0}>
                  Reset
                </button>
                {evaluated.busy && <span className="muted"> evaluating…</span>}
              </div>
            </fieldset>
            <fieldset>
              <legend>Whole network</legend>
              <button onClick={() => void runSweep()} disabled={!topology || !!running} title="w">
                Worst-case failure sweep
              </button>{' '}
              <button onClick={() => void runOptimise()} disabled={!topology || !!running} title="o">
                Optimise metrics (10 s)
              </button>
              <JobProgress info={sweepJob} running={running === 'sweep'} onCancel={() => void cancelSweep()} label="Sweep" />
              <JobProgress info={optJob.info} running={running === 'optimise'} onCancel={() => void cancelOpt()} label="Optimisation" />
            </fieldset>
          </div>
          <div className="whatif-map">
            <div className="view-toolbar segmented" role="group" aria-label="Map shows">
              <span className="muted">Map:</span>
              <button aria-pressed={mapMode === 'before'} onClick={() => set({ map: 'before' })} title="b">
                Before
              </button>
              <button aria-pressed={mapMode === 'after'} disabled={!whatif} onClick={() => set({ map: 'after' })} title="b">
                After the changes
              </button>
              <button aria-pressed={mapMode === 'changed'} disabled={!whatif} onClick={() => set({ map: 'changed' })} title="Only the links whose utilisation moved by more than 1 point keep their colour">
                Changed links only
              </button>
              <button aria-pressed={mapMode === 'worst'} disabled={!sweep} onClick={() => set({ map: 'worst' })}>
                Worst case over single failures
              </button>
              <span className="muted" data-testid="map-mode" data-mode={mapMode}>
                {(mapMode === 'after' || mapMode === 'changed') && whatif ? `${mapMode === 'changed' ? `${changedEdges?.size ?? 0} link directions changed · ` : ''}max utilisation ${formatUtilisation(whatif.before.mlu)} → ${formatUtilisation(whatif.after.mlu)}` : mapMode === 'worst' && sweep ? `worst max utilisation ${formatUtilisation(sweep.worstMlu)}` : ''}
              </span>
            </div>
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
          <table className="data-table compact" data-testid="changed-links">
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
          <h3>
            Affected demands: {whatif.changedPathCount} rerouted{whatif.changedPaths.length < whatif.changedPathCount ? ` (largest ${whatif.changedPaths.length} shown)` : ''}, {whatif.lostDemands.length} lost
          </h3>
          <table className="data-table compact" data-testid="affected-demands">
            <thead>
              <tr>
                <th>demand</th>
                <th className="num">rate</th>
                <th>before</th>
                <th>after</th>
              </tr>
            </thead>
            <tbody>
              {whatif.lostDemands.slice(0, 50).map((d) => (
                <tr key={`lost:${d.demand}`} data-kind="lost">
                  <td>
                    {nameOf(d.src)} → {nameOf(d.dst)}
                  </td>
                  <td className="num">{formatBitRate(d.rate)}</td>
                  <td colSpan={2} className="error-text">
                    lost: no path after the changes
                  </td>
                </tr>
              ))}
              {whatif.changedPaths.map((d) => (
                <tr key={`changed:${d.demand}`} data-kind="rerouted">
                  <td>
                    {nameOf(d.src)} → {nameOf(d.dst)}
                  </td>
                  <td className="num">{formatBitRate(d.rate)}</td>
                  <td className="small">{describeEcmp(d.before, nameOf)}</td>
                  <td className="small">{describeEcmp(d.after, nameOf)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sweep && (
        <div className="panel" data-testid="sweep-result">
          <h2>
            Worst case over {sweep.failuresEvaluated} single failures: {formatUtilisation(sweep.normalMlu)} → {formatUtilisation(sweep.worstMlu)} ({sweep.worstFailure ?? '—'}){sweep.cancelled ? ' — cancelled, partial' : ''}
          </h2>
          <p className="muted">Before: the network as it is; after: the worst single failure. Click a failure to see it on the map as a what-if.</p>
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
                  <td>
                    <button className="link-button" onClick={() => set({ changes: sweepFailureChange(f.failure), map: 'after' })}>
                      {f.failure}
                    </button>
                  </td>
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
          {optimise.changes.length > 0 && (
            <>
              <button onClick={() => set({ changes: optimiserChangeTexts(optimise.changes).join('\n'), map: 'after' })}>Show these metrics on the map</button>
              <table className="data-table compact">
                <thead>
                  <tr>
                    <th>link</th>
                    <th>direction</th>
                    <th className="num">metric before</th>
                    <th className="num">after</th>
                    <th className="num">max utilisation then</th>
                  </tr>
                </thead>
                <tbody>
                  {optimise.changes.map((c, i) => (
                    <tr key={i}>
                      <td>{c.link}</td>
                      <td>{c.direction === 'both' ? `${nameOf(c.from)} ↔ ${nameOf(c.to)}` : `${nameOf(c.from)} → ${nameOf(c.to)}`}</td>
                      <td className="num">{c.before}</td>
                      <td className="num">{c.after}</td>
                      <td className="num">{formatUtilisation(c.mluAfter)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The selected link's metric and capacity per direction, with fields to change them. */
function LinkEditor({
  link,
  nameOf,
  onChange,
  onFail,
}: {
  link: { id: string; a: string; b: string; ab: { metric: number; capacity: number }; ba: { metric: number; capacity: number } | null };
  nameOf(id: string): string;
  onChange(kind: 'metric' | 'capacity', value: string, direction: 'both' | 'ab' | 'ba'): void;
  onFail(): void;
}) {
  return (
    <div className="link-editor" data-testid="link-editor">
      <strong>
        {link.id}: {nameOf(link.a)} – {nameOf(link.b)}
      </strong>
      <span className="muted small">
        metric {link.ab.metric}
        {link.ba && link.ba.metric !== link.ab.metric ? ` / ${link.ba.metric}` : ''}, {formatBitRate(link.ab.capacity)}
      </span>
      <ValueForm label="New metric" button="Set metric" initial={String(link.ab.metric)} onSubmit={(v) => onChange('metric', v, 'both')} />
      <ValueForm label="New capacity" button="Set capacity" initial={exactSpeed(link.ab.capacity)} onSubmit={(v) => onChange('capacity', v, 'both')} />
      <button onClick={onFail}>Fail this link</button>
    </div>
  );
}

/** One field and its button: the value is applied when the form is submitted. */
function ValueForm({ label, button, initial, onSubmit }: { label: string; button: string; initial: string; onSubmit(value: string): void }) {
  const [value, setValue] = useState(initial);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(value.trim());
      }}
    >
      <input aria-label={label} value={value} onChange={(e) => setValue(e.target.value)} size={6} /> <button type="submit">{button}</button>
    </form>
  );
}
