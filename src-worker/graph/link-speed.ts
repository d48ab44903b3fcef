// Reads link speeds as engineers and maps write them: "10G", "2.5 Gbps", "45 Mbps DS-3",
// "1Gb/s", "2x10Gb/s", "155M", "OC192/STM64", "1-20Gbps" (a range: the lower end, to plan
// conservatively), "E1", "T1". Returns bit/s, or null when the text names no speed.

const PREFIX: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12 };

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const UNIT = String.raw`([kmgt])(?:bits?\/s|bits?|bps|b\/s|b|\/s)?(?![a-z])`;
const BUNDLE = new RegExp(String.raw`(\d+)\s*[x×]\s*${NUMBER}\s*${UNIT}`, 'i');
const PLAIN = new RegExp(String.raw`${NUMBER}(?:\s*(?:-|to)\s*\d+(?:[.,]\d+)?)?\s*${UNIT}`, 'i');

/** Carrier circuit names → bit/s (line rates). */
const CARRIERS: [RegExp, (n: number) => number][] = [
  [/\boc-?(\d+)/i, (n) => n * 51.84e6],
  [/\bstm-?(\d+)/i, (n) => n * 155.52e6],
  [/\b(?:ds-?3|t3)\b/i, () => 44.736e6],
  [/\be3\b/i, () => 34.368e6],
  [/\b(?:ds-?1|t1)\b/i, () => 1.544e6],
  [/\be1\b/i, () => 2.048e6],
  [/\b(\d+)?\s*(?:ge|gbe|gige)\b/i, (n) => n * 1e9],
  [/\b(?:fe|fast ethernet)\b/i, () => 100e6],
];

export function parseLinkSpeed(text: string | number | undefined | null): number | null {
  if (text === undefined || text === null) return null;
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : null;
  const s = text.trim();
  if (s === '') return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const bundle = BUNDLE.exec(s);
  if (bundle) return Number(bundle[1]) * num(bundle[2]!) * PREFIX[bundle[3]!.toLowerCase()]!;
  const plain = PLAIN.exec(s);
  if (plain) return num(plain[1]!) * PREFIX[plain[2]!.toLowerCase()]!;
  for (const [re, rate] of CARRIERS) {
    const m = re.exec(s);
    if (m) return rate(m[1] === undefined ? 1 : Number(m[1]));
  }
  return null;
}

function num(s: string): number {
  return Number(s.replace(',', '.'));
}

/** 10e9 → "10G", 2.5e9 → "2.5G", 155e6 → "155M". */
export function formatLinkSpeed(bps: number): string {
  if (!(bps > 0)) return 'unknown';
  for (const [p, f] of [['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (bps >= f) return `${+(bps / f).toFixed(3)}${p}`;
  }
  return `${bps}`;
}
