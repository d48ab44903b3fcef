// The connection and health the status light shows: transport state plus system.health,
// refreshed every few seconds, and the last engine job that failed (for a minute), so an error
// from the service shows in the light as well as in the view that asked.
import { useEffect, useState } from 'react';
import type { Health } from '../../src-main/api/contract.js';
import { api, type ConnectionState } from '../api/client.js';

export interface HealthState {
  connection: ConnectionState;
  health: Health | null;
  error: string | null;
  /** "TITLE: ERROR" of a job that failed in the last minute. */
  jobProblem: string | null;
}

const JOB_PROBLEM_MS = 60_000;

export function useHealth(intervalMs = 5000): HealthState {
  const [connection, setConnection] = useState<ConnectionState>(api.state());
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobProblem, setJobProblem] = useState<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.on('job.updated', (job) => {
      if (job.state !== 'failed') return;
      setJobProblem(`${job.title}: ${job.error ?? 'failed'}`);
      clearTimeout(timer);
      timer = setTimeout(() => setJobProblem(null), JOB_PROBLEM_MS);
    });
    return () => (off(), clearTimeout(timer));
  }, []);

  useEffect(() => {
    const off = api.onState(setConnection);
    // The socket may have opened between the first render and this subscription.
    setConnection(api.state());
    return off;
  }, []);
  useEffect(() => {
    let alive = true;
    const poll = () =>
      api.call('system.health', {}).then(
        (h) => alive && (setHealth(h), setError(null)),
        (e: Error) => alive && setError(e.message),
      );
    if (connection === 'connected') void poll();
    const offEvent = api.on('system.health', (h) => alive && setHealth(h)); // e.g. at once after store.switch
    const timer = setInterval(() => connection === 'connected' && void poll(), intervalMs);
    return () => {
      alive = false;
      offEvent();
      clearInterval(timer);
    };
  }, [connection, intervalMs]);

  return { connection, health, error, jobProblem };
}
