// "From an imported topology": real networks (REPETITA, Topology Zoo) through the routing
// engine's importers into the simulator, with the file's own traffic matrix when it has one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importDemandsText, importTopologyText } from '../../../src-worker/graph/topology-import.js';
import { Simulation } from '../../../src-worker/sim/simulation.js';
import { topologyToNetwork } from '../../../src-worker/sim/topology-adapter.js';
import { NO_EVENTS } from '../../../src-worker/sim/traffic/events.js';
import { sharedMissingReason, sharedPath, sharedPresent } from '../../support/shared-data.js';

describe.skipIf(!sharedPresent)(`sim on imported topologies${sharedPresent ? '' : ` (${sharedMissingReason})`}`, () => {
  it('REPETITA Abilene with its own demands: offered traffic is the file\'s matrix, conserved', () => {
    const graphFile = sharedPath('data/repetita/Abilene.graph');
    const { topology } = importTopologyText(readFileSync(graphFile, 'utf8'), graphFile);
    const demandsFile = sharedPath('data/repetita/Abilene.0000.demands');
    const demands = importDemandsText(readFileSync(demandsFile, 'utf8'), demandsFile, topology);
    const network = topologyToNetwork(topology, 1);
    expect(network.nodes.length).toBe(topology.nodes.length);
    const flat = { seasonality: { dailyAmplitude: 0, saturday: 1, sunday: 1 }, noiseSigma: 0 };
    const sim = new Simulation({ network, seed: 1, steps: 3, stepSeconds: 300, demands, traffic: flat, events: NO_EVENTS });
    const total = demands.reduce((s, d) => s + (d.src === d.dst ? 0 : d.rate), 0);
    for (let i = 0; i < 3; i++) {
      const r = sim.step();
      expect(r.offeredBps / total).toBeCloseTo(1, 9);
      expect(Math.abs(r.offeredBps - r.deliveredBps - r.droppedCongestionBps - r.droppedBackgroundBps - r.unroutableBps) / r.offeredBps).toBeLessThan(1e-9);
      // Link capacities and latencies come from the file.
      expect(sim.graph.capacity.every((c) => c > 0)).toBe(true);
    }
  });

  it('Topology Zoo GraphML (some speeds, drawing positions only): gravity traffic, defaults where the file is silent', () => {
    const file = sharedPath('data/topologyzoo/Geant2012.graphml');
    const { topology } = importTopologyText(readFileSync(file, 'utf8'), file);
    const network = topologyToNetwork(topology, 2);
    const sim = new Simulation({ network, seed: 2, steps: 2, stepSeconds: 300 });
    const r = sim.step();
    expect(r.deliveredBps).toBeGreaterThan(0);
    expect(r.mlu).toBeGreaterThan(0.2);
    expect(r.mlu).toBeLessThan(1);
    // Links with a speed keep it, the rest get the 10G tier, parallel links fold into one
    // bundle; without geography the per-hop delay is the whole latency.
    const fileCapacity = topology.links.reduce((s, l) => s + (l.ab.capacity > 0 ? l.ab.capacity : 10e9), 0);
    expect(network.links.reduce((s, l) => s + l.capacityBps, 0)).toBe(fileCapacity);
    expect(network.links.length).toBeLessThan(topology.links.length);
    expect(network.links.every((l) => l.latencyUs === 20)).toBe(true);
    expect(r.flows!.length).toBeGreaterThan(0);
  });
});
