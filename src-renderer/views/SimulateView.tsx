// The simulate area: generate a network (mesh, ring, leaf-spine, fat-tree, Waxman, BA …),
// run the time-stepped simulation with run / pause / step, inject failures by clicking links
// or devices on the map, and watch link utilisation animate step by step (sim.step events).
// The service's simulator is stateless between calls: pausing is simply not asking for the
// next steps, and stepping asks for one.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SimRunResult, SimStepEvent } from '../../src-main/api/contract/sim.js';
import { api } from '../api/client.js';
import { TimeChart } from '../charts/TimeChart.js';
import { checkTopologyData, type TopologyData, type TopologyLoads } from '../topology/topology-data.js';
import { formatBitRate, formatUtilisation } from '../topology/utilisation-bands.js';
import type { ViewProps } from './index.js';
import { TopologyMap } from './TopologyView.js';

const GENERATORS = ['mesh', 'ring', 'tree', 'random', 'waxman', 'ba', 'leaf-spine', 'fat-tree'] as const;
const CHUNK_STEPS = 6;

type SimStep = SimStepEvent;

type Inject = { kind: 'link-failure'; link: number; startStep: number; endStep: number } | { kind: 'node-failure'; node: number; startStep: number; endStep: number };


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

export function SimulateView(props: ViewProps) {
  const { params, navigate } = props;
  const generator = (params.get('gen') as (typeof GENERATORS)[number]) ?? 'leaf-spine';
  const nodes = Math.max(2, Number(params.get('nodes') ?? 24) || 24);
  const seed = Number(params.get('seed') ?? 1) || 1;
  const steps = Math.max(1, Number(params.get('steps') ?? 48) || 48);
  const set = (patch: Record<string, string>) => navigate('simulate', Object.fromEntries([...new URLSearchParams(params), ...Object.entries(patch)]));

  const [data, setData] = useState<TopologyData | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nextStep, setNextStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<SimStep[]>([]);
  const [result, setResult] = useState<SimRunResult | null>(null);
  const [inject, setInject] = useState<Inject[]>([]);
  const [failMode, setFailMode] = useState(false);
  const playingRef = useRef(false);
  playingRef.current = playing;

  const base = useMemo(() => ({ topology: generator, nodes, seed, steps, stepSeconds: 300, flowsPerStep: 500, name: `ui-${generator}-${nodes}-seed${seed}`, inject }), [generator, nodes, seed, steps, inject]);

  const generate = useCallback(async () => {
    setError(null);
    setHistory([]);
    setNextStep(0);
    setResult(null);
    try {
      const r = await api.call('sim.generate', { topology: generator, nodes, seed });
      setData(checkTopologyData(r.topology, `${generator} network`));
      const n = r.network;
      setSummary(`${n.kind}: ${n.nodes} devices, ${n.links} links, mean degree ${n.meanDegree.toFixed(1)}, ${n.connected ? 'connected' : 'NOT connected'}, ${formatBitRate(n.totalCapacityBps)} total capacity`);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [generator, nodes, seed]);

  useEffect(() => {
    const off = api.on('sim.step', (s) => {
      if (s.name !== base.name) return;
      setHistory((h) => [...h.filter((x) => x.step !== s.step), s]);
    });
    return off;
  }, [base.name]);

  const runSteps = useCallback(
    async (count: number) => {
      if (busy || nextStep >= steps) return false;
      setBusy(true);
      setError(null);
      try {
        const r = await api.call('sim.run', { ...base, fromStep: nextStep, untilStep: Math.min(steps, nextStep + count) });
        setResult(r);
        setNextStep(r.nextStep);
        return r.nextStep < steps;
      } catch (e) {
        setError((e as Error).message);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [busy, nextStep, steps, base],
  );

  // Playing: ask for the next few steps whenever the last answer came back.
  useEffect(() => {
    if (!playing || busy) return;
    if (nextStep >= steps) return setPlaying(false);
    void runSteps(CHUNK_STEPS).then((more) => !more && setPlaying(false));
  }, [playing, busy, nextStep, steps, runSteps]);

  const last = history.length ? history.reduce((a, b) => (b.step > a.step ? b : a)) : null;
  const loads = useMemo(() => (data && last ? loadsFromStep(data, last) : null), [data, last]);
  const ordered = useMemo(() => [...history].sort((a, b) => a.step - b.step), [history]);

  const pick = {
    onPickLink: (linkId: string) => {
      if (!failMode || !data) return;
      const index = data.links.findIndex((l) => l.id === linkId);
      if (index >= 0) setInject([...inject, { kind: 'link-failure', link: index, startStep: nextStep, endStep: Math.min(steps, nextStep + 12) }]);
    },
    onPickNode: (id: string) => {
      if (!failMode || !data) return;
      const index = data.nodes.findIndex((n) => n.id === id);
      if (index >= 0) setInject([...inject, { kind: 'node-failure', node: index, startStep: nextStep, endStep: Math.min(steps, nextStep + 12) }]);
    },
  };

  return (
    <section className="simulate-view" aria-label="Simulate">
      <div className="view-toolbar">
        <h1>Simulate</h1>
        <label>
          Generator{' '}
          <select aria-label="Generator" value={generator} onChange={(e) => set({ gen: e.target.value })}>
            {GENERATORS.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
        <label>
          Devices <input aria-label="Devices" type="number" min={2} max={100000} value={nodes} onChange={(e) => set({ nodes: e.target.value })} style={{ width: 80 }} />
        </label>
        <label>
          Seed <input aria-label="Seed" type="number" min={0} value={seed} onChange={(e) => set({ seed: e.target.value })} style={{ width: 70 }} />
        </label>
        <label>
          Steps (5 min) <input aria-label="Steps" type="number" min={1} value={steps} onChange={(e) => set({ steps: e.target.value })} style={{ width: 70 }} />
        </label>
        <button onClick={() => void generate()}>Generate</button>
      </div>
      {summary && <p className="muted" data-testid="sim-summary">{summary}</p>}
      {error && (
        <div className="error-box" role="alert">
          {/no method/i.test(error) ? `The simulator is not available from this NetWeaver service yet (${error}).` : error}
        </div>
      )}
      {data && (
        <>
          <div className="view-toolbar">
            <button onClick={() => setPlaying(true)} disabled={playing || nextStep >= steps} aria-label="Run">
              ▶ Run
            </button>
            <button onClick={() => setPlaying(false)} disabled={!playing} aria-label="Pause">
              ❚❚ Pause
            </button>
            <button onClick={() => void runSteps(1)} disabled={playing || busy || nextStep >= steps} aria-label="Step">
              Step
            </button>
            <button onClick={() => setFailMode(!failMode)} aria-pressed={failMode}>
              {failMode ? 'Click links/devices to fail them for 1 h' : 'Inject failures'}
            </button>
            <span role="status" data-testid="sim-step">
              step {nextStep} / {steps}
              {last ? ` · ${last.time.replace('T', ' ').slice(0, 16)} · max utilisation ${formatUtilisation(last.mlu)} · offered ${formatBitRate(last.offeredBps)}, dropped ${formatBitRate(last.droppedBps)}` : ''}
              {busy ? ' · running…' : ''}
            </span>
          </div>
          {inject.length > 0 && (
            <p className="muted">
              Injected: {inject.map((i) => (i.kind === 'link-failure' ? `link ${data.links[i.link]?.id}` : `device ${data.nodes[i.node]?.name}`) + ` steps ${i.startStep}–${i.endStep}`).join('; ')}{' '}
              <button className="link-button" onClick={() => setInject([])}>
                clear
              </button>
            </p>
          )}
          <div className="sim-map">
            <TopologyMap {...props} data={data} loads={loads} viewId="simulate" {...pick} key={`${data.name}:${data.nodes.length}:${seed}`} />
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
