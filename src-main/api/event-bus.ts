// Typed publish/subscribe for the contract's events inside the host process.
import type { EventName, EventPayload } from './contract.js';

export class EventBus {
  private listeners = new Map<string, Set<(payload: unknown) => void>>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // A broken subscriber (a closed socket) must not stop the others.
        console.error(`events: a listener of ${event} failed: ${(error as Error).message}`);
      }
    }
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}
