// The collector's listener ports and addresses as the host keeps them (settings.json, through
// settings.get / settings.update), in the text form the inputs edit ("2055, 9995"), and their
// validation field by field with the contract's own schema (ranges, duplicates across protocols).
import type { ApiClient } from '../../src-main/api/contract.js';
import { LISTENER_LABELS, LISTENER_PROTOCOLS, listenerSettingsSchema, STANDARD_PORTS, type ListenerSettings } from '../../src-main/api/contract/settings.js';

export interface ListenerDefaults {
  netflow: string;
  ipfix: string;
  sflow: string;
  bind: string;
}

export type ListenerField = keyof ListenerDefaults;

export const STANDARD_LISTENERS: ListenerDefaults = { netflow: String(STANDARD_PORTS.netflow[0]), ipfix: String(STANDARD_PORTS.ipfix[0]), sflow: String(STANDARD_PORTS.sflow[0]), bind: '::' };

/** A port list as typed ("2055, 9995"): each 1–65535, or an error naming the bad one. */
export function parsePorts(text: string, what: string): number[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`collector: ${what} port "${p}" is not a port number (1–65535)`);
    return n;
  });
}

export function listenerText(l: ListenerSettings): ListenerDefaults {
  return { netflow: l.netflow.join(', '), ipfix: l.ipfix.join(', '), sflow: l.sflow.join(', '), bind: l.bind.join(', ') };
}

/** The typed text as settings, or an error per field (shown beside it). */
export function parseListenerText(t: ListenerDefaults): { value: ListenerSettings | null; errors: Partial<Record<ListenerField, string>> } {
  const errors: Partial<Record<ListenerField, string>> = {};
  const ports: Partial<Record<ListenerField, number[]>> = {};
  for (const p of LISTENER_PROTOCOLS) {
    try {
      ports[p] = parsePorts(t[p], LISTENER_LABELS[p]);
    } catch (e) {
      errors[p] = (e as Error).message.replace(/^collector: /, '');
    }
  }
  if (Object.keys(errors).length) return { value: null, errors };
  const parsed = listenerSettingsSchema.safeParse({ ...ports, bind: t.bind.split(/[\s,]+/).filter(Boolean) });
  if (parsed.success) return { value: parsed.data, errors };
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as ListenerField;
    errors[field] ??= `${field === 'bind' ? '' : `${LISTENER_LABELS[field as keyof typeof LISTENER_LABELS]} `}${issue.message}`;
  }
  return { value: null, errors };
}

/** The host's listener settings as text (the standard ports when the host cannot say). */
export async function loadListenerDefaults(api: Pick<ApiClient, 'call'>): Promise<ListenerDefaults> {
  try {
    return listenerText((await api.call('settings.get', {})).settings.listeners);
  } catch {
    return STANDARD_LISTENERS;
  }
}
