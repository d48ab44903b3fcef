// The banner under the header while the service cannot be reached: says so in words, that
// NetWeaver keeps trying, and what happens to work in flight — the status light turns red too.
import type { HealthState } from '../state/use-health.js';

export function ConnectionBanner({ state, everConnected }: { state: HealthState; everConnected: boolean }) {
  if (state.connection === 'connected') {
    if (!state.error) return null;
    return (
      <div className="connection-banner warn" role="alert" data-testid="connection-banner">
        The NetWeaver service answered with a problem: {state.error}
      </div>
    );
  }
  if (!everConnected && state.connection === 'connecting') return null;
  return (
    <div className="connection-banner down" role="alert" data-testid="connection-banner">
      Lost the connection to the NetWeaver service at {location.host || 'this host'} — reconnecting. Requests made now fail with “Not connected”;
      jobs already running on the service carry on and their results show once it is back.
    </div>
  );
}
