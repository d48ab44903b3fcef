// The connection and health the status light shows: transport state plus system.health,
// refreshed every few seconds.
import { useEffect, useState } from 'react';
import type { Health } from '../../src-main/api/contract.js';
import { api, type ConnectionState } from '../api/client.js';

export interface HealthState {
  connection: ConnectionState;
  health: Health | null;
  error: string | null;
}

export function useHealth(intervalMs = 5000): HealthState {
  const [connection, setConnection] = useState<ConnectionState>(api.state());
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);

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

  return { connection, health, error };
}
