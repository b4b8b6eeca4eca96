// Reads stdin one line at a time, only when asked: a run that never prompts never touches stdin.
import type { Readable } from 'node:stream';

export function lineReader(stream: Readable): () => Promise<string | null> {
  let buffer = '';
  let ended = false;
  let started = false;
  const waiting: Array<() => void> = [];
  const wake = (): void => {
    for (const w of waiting.splice(0)) w();
  };
  const start = (): void => {
    if (started) return;
    started = true;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      wake();
    });
    stream.on('end', () => {
      ended = true;
      wake();
    });
    stream.on('error', () => {
      ended = true;
      wake();
    });
  };
  return async function readLine(): Promise<string | null> {
    start();
    for (;;) {
      const nl = buffer.indexOf('\n');
      if (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        return line;
      }
      if (ended) {
        if (buffer.length === 0) return null;
        const rest = buffer;
        buffer = '';
        return rest;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
}
