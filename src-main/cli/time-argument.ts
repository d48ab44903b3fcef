// Times on the command line: "now", relative ("1h" or "-1h" ago — write --from=-1h, since a bare
// leading dash reads as an option — "30m", "7d", "90s"), ISO 8601
// ("2026-11-20T10:00:00Z", "2026-11-20 10:00"), or Unix seconds/milliseconds.
import { UsageError } from './command.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseTimeArgument(text: string, option: string, nowMs = Date.now()): number {
  const t = text.trim();
  if (t === 'now') return nowMs;
  const rel = /^-?(\d+(?:\.\d+)?)([smhdw])$/.exec(t);
  if (rel) return nowMs - Number(rel[1]) * UNIT_MS[rel[2]!]!;
  if (/^\d{9,10}$/.test(t)) return Number(t) * 1000;
  if (/^\d{12,13}$/.test(t)) return Number(t);
  const iso = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t.replace(' ', 'T')}Z`);
  if (Number.isFinite(iso)) return iso;
  throw new UsageError(`--${option} "${text}" is not a time: use now, 15m, 1h, 7d (ago), an ISO time (2026-11-20T10:00Z, UTC unless a zone is given) or Unix seconds`);
}
