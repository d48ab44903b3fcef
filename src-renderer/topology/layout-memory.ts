// Remembered positions: once a layout has settled (or the engineer dragged a device), the
// positions are kept per topology in localStorage so the map looks the same next time.

export type Positions = Record<string, [number, number]>;

const PREFIX = 'netweaver-layout:';
/** Beyond this many devices positions are not stored: localStorage holds ~5 MB per origin. */
const MAX_NODES = 20_000;

export function layoutKey(name: string, nodeCount: number, linkCount: number): string {
  return `${PREFIX}${name}:${nodeCount}:${linkCount}`;
}

export function loadPositions(key: string, storage: Storage | undefined = globalThis.localStorage): Positions | null {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Positions) : null;
  } catch {
    return null;
  }
}

export function savePositions(key: string, positions: Positions, storage: Storage | undefined = globalThis.localStorage): boolean {
  if (Object.keys(positions).length > MAX_NODES) return false;
  try {
    storage?.setItem(key, JSON.stringify(positions));
    return true;
  } catch {
    return false; // quota: the layout is simply recomputed next time
  }
}

export function forgetPositions(key: string, storage: Storage | undefined = globalThis.localStorage): void {
  storage?.removeItem(key);
}
