// The simulate area: generate a network (mesh, ring, leaf-spine, fat-tree, Waxman, BA …) with
// the generator's own parameters, run the time-stepped simulation with run / pause / step,
// inject failures by clicking links or devices on the map, and watch link utilisation animate
// step by step (sim.step events); scrub back through the steps already run. The service's
// simulator is stateless between calls: pausing is simply not asking for the next steps, and
// stepping asks for one. Generator, parameters, length and injected failures live in the URL
// hash, so a shared link generates the same network again.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SimRunResult, SimStepEvent } from '../../src-main/api/contract/sim.js';
import { SIM_TOPOLOGIES } from '../../src-main/api/contract/sim.js';
import { api } from '../api/client.js';
import { TimeChart } from '../charts/TimeChart.js';
import type { Shortcut } from '../state/use-shortcuts.js';
import { patchParams } from '../state/use-route.js';
import { useViewShortcuts } from '../state/view-shortcuts.js';
import { checkTopologyData, type TopologyData, type TopologyLoads } from '../topology/topology-data.js';
import { formatBitRate, formatUtilisation } from '../topology/utilisation-bands.js';
import type { ViewProps } from './index.js';
import { formatInject, GENERATOR_PARAMS, simSettings, type Injected, type SimSettings } from './sim-params.js';
import { TopologyMap } from './TopologyView.js';

const CHUNK_STEPS = 4;
/** How long an injected failure lasts: 12 five-minute steps, an hour. */
const FAILURE_STEPS = 12;

type SimStep = SimStepEvent;

/** sim.step carries the busier direction's utilisation per link (in the generated link order). */
export function loadsFromStep(data: TopologyData, step: Pick<SimStep, 'linkUtilisation' | 'linkDown'>): TopologyLoads {
  const loads: TopologyLoads = { links: {}, failedLinks: [] };
  data.links.forEach((l, i) => {
    const u = step.linkUtilisation[i];
    if (u === undefined) return;
    const capacity = l.ab.capacity;
    loads.links[l.id] = { ab: { rate: u * capacity, utilisation: u }, ...(l.ba ? { ba: { rate: u * l.ba.capacity, utilisation: u } } : {}) };
    if (step.linkDown[i]) loads.failedLinks!.push(l.id);
  });
  return loads;
}

function networkKey(s: SimSettings): string {
  return JSON.stringify([s.generator, s.nodes, s.seed, s.params]);
}

export function SimulateView(props: ViewProps) {
  const { params, navigate } = props;
  const settings = useMemo(() => simSettings(params), [params]);
  const { generator, nodes, seed, steps, inject } = settings;
  const set = useCallback((patch: Record<string, string | null>) => navigate('simulate', patchParams(params, patch)), [params, navigate]);

  const [data, setData] = useState<TopologyData | null>(null);
  const [generated, setGenerated] = useState<SimSettings | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nextStep, setNextStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [history, setHistory] = useState<SimStep[]>([]);
  const [viewStep, setViewStep] = useState<number | null>(null);
  const [result, setResult] = useState<SimRunResult | null>(null);
  const [failMode, setFailMode] = useState(false);

  const name = generated ? `ui-${generated.generator}-${generated.nodes}-seed${generated.seed}` : '';
  const base = useMemo(
    () => (generated ? { topology: generated.generator, nodes: generated.nodes, seed: generated.seed, params: generated.params, steps, stepSeconds: 300, flowsPerStep: 500, name, inject } : null),
    [generated, steps, name, inject],
  );

  const generate = useCallback(async () => {
    setError(null);
    setPlaying(false);
    setHistory([]);
    setNextStep(0);
    setViewStep(null);
    setResult(null);
    setBusy('Generating…');
    try {
      const r = await api.call('sim.generate', { topology: generator, nodes, seed, params: settings.params });
      setData(checkTopologyData(r.topology, `${generator} network`));
      setGenerated(settings);
      const n = r.network;
      setSummary(`${n.kind}: ${n.nodes} devices, ${n.links} links, mean degree ${n.meanDegree.toFixed(1)}, ${n.connected ? 'connected' : 'NOT connected'}, ${formatBitRate(n.totalCapacityBps)} total capacity`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  }, [generator, nodes, seed, settings]);

  // A shared link (or a reload) with a generator in it draws that network again.
  const generateOnOpen = useRef(params.has('gen'));
  useEffect(() => {
    if (!generateOnOpen.current) return;
    generateOnOpen.current = false;
    void generate();
  }, [generate]);

  useEffect(() => {
    if (!name) return;
    return api.on('sim.step', (s) => {
      if (s.name !== name) return;
      runningJob.current = s.jobId;
      setHistory((h) => [...h.filter((x) => x.step !== s.step), s]);
    });
  }, [name]);

  // The run in flight (from its sim.step events): pausing cancels it, and the service answers
  // with the steps done so far, so a pause takes effect at once rather than after the chunk.
  const runningJob = useRef<string | null>(null);
  const pause = useCallback(() => {
    setPlaying(false);
    const jobId = runningJob.current;
    if (jobId) void api.call('jobs.cancel', { jobId }).catch(() => undefined);
  }, []);

  const runSteps = useCallback(
    async (count: number) => {
      if (!base || busy || nextStep >= steps) return false;
      setBusy('running…');
      setError(null);
      setViewStep(null);
      runningJob.current = null;
      try {
        const r = await api.call('sim.run', { ...base, fromStep: nextStep, untilStep: Math.min(steps, nextStep + count) });
        setResult(r);
        setNextStep(r.nextStep);
        return r.nextStep < steps;
      } catch (e) {
        setError((e as Error).message);
        return false;
      } finally {
        runningJob.current = null;
        setBusy(null);
      }
    },
    [base, busy, nextStep, steps],
  );

  // Playing: ask for the next few steps whenever the last answer came back.
  useEffect(() => {
    if (!playing || busy) return;
    if (nextStep >= steps) return setPlaying(false);
    void runSteps(CHUNK_STEPS).then((more) => {
      if (!more) setPlaying(false);
    });
  }, [playing, busy, nextStep, steps, runSteps]);

  const reset = useCallback(() => {
    setPlaying(false);
    setHistory([]);
    setNextStep(0);
    setViewStep(null);
    setResult(null);
  }, []);

  const ordered = useMemo(() => [...history].sort((a, b) => a.step - b.step), [history]);
  const last = ordered.length ? ordered[ordered.length - 1]! : null;
  const shown = viewStep === null ? last : (ordered.find((s) => s.step === viewStep) ?? last);
  const loads = useMemo(() => (data && shown ? loadsFromStep(data, shown) : null), [data, shown]);

  const addInject = useCallback(
    (item: Injected) => set({ inject: formatInject([...inject, item]) }),
    [inject, set],
  );
  const pick = {
    onPickLink: (linkId: string) => {
      if (!failMode || !data) return;
      const index = data.links.findIndex((l) => l.id === linkId);
      if (index >= 0) addInject({ kind: 'link-failure', link: index, startStep: nextStep, endStep: Math.min(steps, nextStep + FAILURE_STEPS) });
    },
    onPickNode: (id: string) => {
      if (!failMode || !data) return;
      const index = data.nodes.findIndex((n) => n.id === id);
      if (index >= 0) addInject({ kind: 'node-failure', node: index, startStep: nextStep, endStep: Math.min(steps, nextStep + FAILURE_STEPS) });
    },
  };

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { key: ' ', description: 'Simulate: run / pause', run: () => (playing ? pause() : setPlaying(!!data && nextStep < steps)) },
      { key: 's', description: 'Simulate: advance one step', run: () => void (!playing && runSteps(1)) },
      { key: 'g', description: 'Simulate: generate the network', run: () => void generate() },
      { key: 'i', description: 'Simulate: inject failures by clicking (again to stop)', run: () => setFailMode((f) => !f) },
      { key: 'r', description: 'Simulate: back to step 0', run: reset },
      { key: '[', description: 'Simulate: show the previous step on the map', run: () => setViewStep((v) => Math.max(0, (v ?? last?.step ?? 0) - 1)) },
      { key: ']', description: 'Simulate: show the next step on the map', run: () => setViewStep((v) => (v === null || !last || v + 1 >= last.step ? null : v + 1)) },
    ],
    [data, nextStep, steps, playing, pause, runSteps, generate, reset, last],
  );
  useViewShortcuts(shortcuts);

  const stale = generated && networkKey(generated) !== networkKey(settings);

  return (
    <section className="simulate-view" aria-label="Simulate">
      <div className="view-toolbar sim-params">
        <h1>Simulate</h1>
        <label>
          Generator{' '}
          <select aria-label="Generator" value={generator} onChange={(e) => set({ gen: e.target.value })}>
            {SIM_TOPOLOGIES.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
        <label>
          Devices <input aria-label="Devices" type="number" min={2} max={100000} value={params.get('nodes') ?? nodes} onChange={(e) => set({ nodes: e.target.value })} style={{ width: 80 }} />
        </label>
        {GENERATOR_PARAMS[generator].map((p) => (
          <label key={p.name}>
            {p.label}{' '}
            {p.choices ? (
              <select aria-label={p.label} value={params.get(p.name) ?? ''} onChange={(e) => set({ [p.name]: e.target.value })}>
                <option value="">default</option>
                {p.choices.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            ) : (
              <input aria-label={p.label} type="number" min={p.min} max={p.max} step={p.step ?? 1} placeholder="default" value={params.get(p.name) ?? ''} onChange={(e) => set({ [p.name]: e.target.value })} style={{ width: 80 }} />
            )}
          </label>
        ))}
        <label>
          Seed <input aria-label="Seed" type="number" min={0} value={params.get('seed') ?? seed} onChange={(e) => set({ seed: e.target.value })} style={{ width: 70 }} />
        </label>
        <label>
          Steps (5 min) <input aria-label="Steps" type="number" min={1} value={params.get('steps') ?? steps} onChange={(e) => set({ steps: e.target.value })} style={{ width: 70 }} />
        </label>
        <button onClick={() => void generate()} title="g" disabled={busy === 'Generating…'}>
          Generate
        </button>
        {stale && <span className="muted">parameters changed: Generate to apply</span>}
      </div>
      {summary && (
        <p className="muted" data-testid="sim-summary">
          {summary}
        </p>
      )}
      {busy === 'Generating…' && <div role="status">Generating the network…</div>}
      {error && (
        <div className="error-box" role="alert" data-testid="sim-error">
          {/no method/i.test(error) ? `The simulator is not available from this NetWeaver service yet (${error}).` : error}
        </div>
      )}
      {data && (
        <>
          <div className="view-toolbar">
            <button onClick={() => setPlaying(true)} disabled={playing || nextStep >= steps} aria-label="Run" title="Space">
              ▶ Run
            </button>
            <button onClick={pause} disabled={!playing} aria-label="Pause" title="Space">
              ❚❚ Pause
            </button>
            <button onClick={() => void runSteps(1)} disabled={playing || !!busy || nextStep >= steps} aria-label="Step" title="s">
              Step
            </button>
            <button onClick={reset} disabled={playing || nextStep === 0} aria-label="Reset" title="r">
              ⟲ Reset
            </button>
            <button onClick={() => setFailMode(!failMode)} aria-pressed={failMode} title="i">
              {failMode ? 'Click links/devices to fail them for 1 h' : 'Inject failures'}
            </button>
            <progress value={nextStep} max={steps} aria-label="Simulation progress" />
            <span role="status" data-testid="sim-step" data-step={nextStep} data-playing={playing ? 'yes' : 'no'}>
              step {nextStep} / {steps}
              {last ? ` · ${last.time.replace('T', ' ').slice(0, 16)} · max utilisation ${formatUtilisation(last.mlu)} · offered ${formatBitRate(last.offeredBps)}, dropped ${formatBitRate(last.droppedBps)}` : ''}
              {busy && busy !== 'Generating…' ? ` · ${busy}` : ''}
              {playing ? ' · playing' : nextStep > 0 && nextStep < steps ? ' · paused' : ''}
            </span>
          </div>
          {inject.length > 0 && (
            <p className="muted" data-testid="sim-injected">
              Injected: {inject.map((i) => (i.kind === 'link-failure' ? `link ${data.links[i.link]?.id ?? `#${i.link}`}` : `device ${data.nodes[i.node]?.name ?? `#${i.node}`}`) + ` steps ${i.startStep}–${i.endStep}`).join('; ')}{' '}
              <button className="link-button" onClick={() => set({ inject: null })}>
                clear
              </button>
            </p>
          )}
          {ordered.length > 1 && (
            <label className="sim-scrub">
              Map shows step{' '}
              <input
                type="range"
                aria-label="Step shown on the map"
                min={ordered[0]!.step}
                max={last!.step}
                value={shown?.step ?? last!.step}
                onChange={(e) => setViewStep(Number(e.target.value) >= last!.step ? null : Number(e.target.value))}
              />{' '}
              <span data-testid="sim-shown-step">{shown ? `${shown.step + 1} of ${last!.step + 1}${viewStep === null ? ' (latest)' : ''}` : ''}</span>
              {shown && shown.activeEvents.length > 0 && <span className="muted"> · {shown.activeEvents.map((id) => result?.events.find((e) => e.id === id)?.description ?? id).join('; ')}</span>}
            </label>
          )}
          <div className="sim-map">
            <TopologyMap {...props} data={data} loads={loads} viewId="simulate" {...pick} key={`${data.name}:${data.nodes.length}:${generated?.seed}`} />
          </div>
          {ordered.length > 1 && (
            <div className="panel">
              <h2>Network over time</h2>
              <TimeChart
                testId="sim-chart"
                times={ordered.map((s) => Date.parse(s.time))}
                series={[
                  { name: 'delivered', values: ordered.map((s) => s.deliveredBps) },
                  { name: 'dropped', values: ordered.map((s) => s.droppedBps) },
                  { name: 'unroutable', values: ordered.map((s) => s.unroutableBps) },
                ]}
                stacked
                formatValue={formatBitRate}
              />
            </div>
          )}
          {result && (
            <div className="panel" data-testid="sim-result">
              <h2>Run “{result.name}”</h2>
              <p>
                {(result.totals.offeredBits / 8e9).toFixed(2)} GB offered, {(result.totals.droppedBits / 8e9).toFixed(2)} GB dropped · {result.totals.flows.toLocaleString()} flows, worst max utilisation {formatUtilisation(result.totals.maxMlu)}
                {result.stored ? ` · stored (${result.stored.flows.toLocaleString()} flows): ` : ''}
                {result.stored && (
                  <button className="link-button" onClick={() => navigate('flows', { filter: result.stored!.flowsFilter, from: result.start, to: result.end })}>
                    see its flows →
                  </button>
                )}
              </p>
              {result.events.length > 0 && (
                <ul>
                  {result.events.map((e) => (
                    <li key={e.id}>
                      steps {e.startStep}–{e.endStep}: {e.description}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
