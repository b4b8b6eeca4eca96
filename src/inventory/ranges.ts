// Ansible host ranges: "mail[01:50].example.org", "db-[a:f]", "[1:9:2]"; leading zeros set the width.
import type { Problem } from '../core/errors.js';

const RANGE = /\[([^\]:]+):([^\]:]+)(?::([^\]]+))?\]/;
/** A guard against a typo like [1:9999999] exploding into millions of hosts. */
export const MAX_RANGE_HOSTS = 100_000;

export function expandHostRange(pattern: string): string[] {
  const match = RANGE.exec(pattern);
  if (!match) return [pattern];
  const [whole, start, end, stepText] = match as unknown as [string, string, string, string | undefined];
  const head = pattern.slice(0, match.index);
  const tail = pattern.slice(match.index + whole.length);
  const step = stepText === undefined ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) throw new Error(`bad step "${stepText}" in host range ${whole}`);
  let items: string[];
  if (/^\d+$/.test(start) && /^\d+$/.test(end)) {
    const from = Number(start);
    const to = Number(end);
    if (from > to) throw new Error(`host range ${whole} runs backwards`);
    if ((to - from) / step + 1 > MAX_RANGE_HOSTS)
      throw new Error(`host range ${whole} is larger than ${MAX_RANGE_HOSTS} hosts`);
    const width = start.length > 1 && start.startsWith('0') ? start.length : 0;
    items = [];
    for (let n = from; n <= to; n += step) items.push(String(n).padStart(width, '0'));
  } else if (/^[a-z]$/i.test(start) && /^[a-z]$/i.test(end)) {
    const from = start.charCodeAt(0);
    const to = end.charCodeAt(0);
    if (from > to) throw new Error(`host range ${whole} runs backwards`);
    items = [];
    for (let c = from; c <= to; c += step) items.push(String.fromCharCode(c));
  } else {
    throw new Error(`cannot read host range ${whole}`);
  }
  return items.flatMap((item) => expandHostRange(head + item + tail));
}

/** Expands a host name, turning a bad range into a problem rather than an exception. */
export function expandHostName(name: string, file: string, path: string, problems: Problem[]): string[] {
  try {
    return expandHostRange(name);
  } catch (e) {
    problems.push({ file, path, message: (e as Error).message });
    return [];
  }
}
