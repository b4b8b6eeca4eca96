// Collects what a zarafa-admin run writes, stream by stream.

export class Output {
  stdout = '';
  stderr = '';

  out(text: string): void {
    this.stdout += text;
  }

  line(text: string): void {
    this.stdout += text + '\n';
  }

  err(text: string): void {
    this.stderr += text + '\n';
  }

  errs(lines: readonly string[]): void {
    for (const l of lines) this.err(l);
  }

  /** Writes to stderr without a newline, as getpass() does with its prompt when there is no terminal. */
  prompt(text: string): void {
    this.stderr += text;
  }
}
