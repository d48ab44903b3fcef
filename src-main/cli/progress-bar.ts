// A progress bar on stderr for long CLI work: redrawn in place on a terminal, a line every few
// seconds otherwise (CI logs), never on stdout so --json output stays clean.
export interface ProgressBarConfig {
  label: string;
  stream: NodeJS.WriteStream;
  /** Minimum time between redraws (ms); plain lines are written at most every 5 s. */
  intervalMs: number;
}

export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(private readonly config: ProgressBarConfig) {}

  update(fraction: number | undefined, detail: string): void {
    const now = Date.now();
    const tty = this.config.stream.isTTY === true;
    if (now - this.last < (tty ? this.config.intervalMs : 5000)) return;
    this.last = now;
    const pct = fraction === undefined ? '' : `${(fraction * 100).toFixed(1).padStart(5)}% `;
    if (tty) {
      const width = 24;
      const filled = fraction === undefined ? 0 : Math.round(Math.min(1, Math.max(0, fraction)) * width);
      const bar = fraction === undefined ? '' : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
      this.config.stream.write(`\r\x1b[2K${this.config.label} ${bar}${pct}${detail}`);
      this.drawn = true;
    } else {
      this.config.stream.write(`${this.config.label} ${pct}${detail}\n`);
    }
  }

  done(summary?: string): void {
    if (this.drawn) this.config.stream.write('\r\x1b[2K');
    if (summary) this.config.stream.write(`${this.config.label} ${summary}\n`);
  }
}
