// A one-line progress bar on stderr for long runs on a terminal; silent otherwise.
import type { EventSink, RunEvent } from '../run/events.js';

export function progressBar(
  stream: NodeJS.WriteStream,
  enabled: boolean,
  delayMs = 1000,
): { sink: EventSink; stop(): void } {
  if (!enabled) return { sink: () => undefined, stop: () => undefined };
  let total = 0;
  let done = 0;
  let shown = false;
  const started = Date.now();
  const draw = (): void => {
    if (Date.now() - started < delayMs) return;
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : 0;
    stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} hosts`);
    shown = true;
  };
  const timer = setInterval(draw, 200);
  timer.unref();
  return {
    sink: (e: RunEvent) => {
      if (e.kind === 'run-started') total = e.hosts;
      if (e.kind === 'host-done') done++;
    },
    stop: () => {
      clearInterval(timer);
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
