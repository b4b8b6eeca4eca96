// A parse failure names the parser, the line and what was there; a partial result is never returned.
export class ParseError extends Error {
  constructor(
    readonly parser: string,
    readonly line: number,
    readonly excerpt: string,
    problem: string,
  ) {
    super(`${parser}: line ${line}: ${problem}: ${JSON.stringify(excerpt.slice(0, 120))}`);
    this.name = 'ParseError';
  }
}

/** Lines of output; the final newline does not make an extra line. */
export function outputLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
