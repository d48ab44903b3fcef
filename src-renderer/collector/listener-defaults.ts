// The listener ports and addresses the collector starts with, as the engineer set them in
// Settings (kept in this browser/app profile). Standard ports by default.

export interface ListenerDefaults {
  netflow: string;
  ipfix: string;
  sflow: string;
  bind: string;
}

const KEY = 'netweaver-listeners';
export const STANDARD_LISTENERS: ListenerDefaults = { netflow: '2055', ipfix: '4739', sflow: '6343', bind: '0.0.0.0' };

/** A port list as typed ("2055, 9995"): each 1–65535, or an error naming the bad one. */
export function parsePorts(text: string, what: string): number[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`collector: ${what} port "${p}" is not a port number (1–65535)`);
    return n;
  });
}

export function loadListenerDefaults(storage: Storage | undefined = globalThis.localStorage): ListenerDefaults {
  try {
    const v = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<ListenerDefaults> | null;
    return { ...STANDARD_LISTENERS, ...(v ?? {}) };
  } catch {
    return STANDARD_LISTENERS;
  }
}

export function saveListenerDefaults(v: ListenerDefaults, storage: Storage | undefined = globalThis.localStorage): void {
  storage?.setItem(KEY, JSON.stringify(v));
}
