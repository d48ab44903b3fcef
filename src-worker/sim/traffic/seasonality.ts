// Daily and weekly seasonality of Internet traffic at a site, in the site's local solar time
// (longitude / 15 hours from UTC): a trough around 05:00, a climb through the working day and
// the evening peak around 21:00; weekends a little lower. Factors average about 1 over a week.

export interface SeasonalityOptions {
  /** Peak-to-mean swing of the daily cycle (0.45: the peak is ~1.45× the mean). */
  dailyAmplitude: number;
  /** Saturday and Sunday volume relative to weekdays. */
  saturday: number;
  sunday: number;
}

export const DEFAULT_SEASONALITY: SeasonalityOptions = { dailyAmplitude: 0.45, saturday: 0.9, sunday: 0.85 };

const HOUR_MS = 3_600_000;

/** Local solar hour 0..24 at longitude `lon` for a UTC instant. */
export function localHour(utcMs: number, lon: number): number {
  const h = (utcMs / HOUR_MS + lon / 15) % 24;
  return h < 0 ? h + 24 : h;
}

/** Daily cycle: fundamental peaking at 21:00 plus a second harmonic that sharpens the evening. */
export function dailyFactor(hour: number, amplitude: number): number {
  const phase = (2 * Math.PI * (hour - 21)) / 24;
  return Math.max(0.05, 1 + amplitude * (0.85 * Math.cos(phase) + 0.15 * Math.cos(2 * phase)));
}

/** Day of week at the site (0 = Sunday … 6 = Saturday). */
export function localWeekday(utcMs: number, lon: number): number {
  const localMs = utcMs + (lon / 15) * HOUR_MS;
  return new Date(localMs).getUTCDay();
}

export function weeklyFactor(utcMs: number, lon: number, options: SeasonalityOptions): number {
  const day = localWeekday(utcMs, lon);
  return day === 6 ? options.saturday : day === 0 ? options.sunday : 1;
}

export function seasonalFactor(utcMs: number, lon: number, options: SeasonalityOptions = DEFAULT_SEASONALITY): number {
  return dailyFactor(localHour(utcMs, lon), options.dailyAmplitude) * weeklyFactor(utcMs, lon, options);
}
