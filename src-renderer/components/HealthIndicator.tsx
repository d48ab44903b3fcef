// The status light in the header: connection, store and engine workers at a glance; amber for a
// minute after an engine job failed, with what failed.
import type { HealthState } from '../state/use-health.js';

export function HealthIndicator({ state, transport }: { state: HealthState; transport: string }) {
  const { connection, health, error, jobProblem } = state;
  const ok = connection === 'connected' && health?.store.ok !== false && !error && !jobProblem;
  const label =
    connection !== 'connected'
      ? connection === 'connecting'
        ? 'Connecting…'
        : 'Disconnected — reconnecting'
      : error
        ? `Problem: ${error}`
        : health
          ? `Connected (${transport}) · ${health.store.kind} · ${jobProblem ? `a job failed — ${jobProblem}` : `${health.workers.busy}/${health.workers.size} workers busy`}`
          : 'Connected';
  return (
    <div className={`health ${ok ? 'ok' : connection === 'connected' ? 'warn' : 'down'}`} role="status" aria-live="polite" data-testid="health" data-state={connection} title={health ? `${health.store.kind} ${health.store.location}` : undefined}>
      <span className="dot" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
