// A mistake in a filter expression, with the column (1-based) where it is, so the UI can put a
// caret under it and the CLI can print one.
export class FilterError extends Error {
  constructor(readonly reason: string, readonly column: number, readonly input: string) {
    super(`filter: column ${column}: ${reason}`);
    this.name = 'FilterError';
  }

  /** The expression with a caret under the mistake, for terminals. */
  pointer(): string {
    return `${this.input}\n${' '.repeat(Math.max(0, this.column - 1))}^`;
  }
}
