// What zarafa-admin will accept as a name or text value, checked before anything runs (§1.4, §5).
import type { Problem } from '../core/errors.js';

/** Not printable for the server's validator: control characters, separators, surrogates. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\uFFFD]/u;
const RESERVED = ['SYSTEM', 'EVERYONE'];

export type ValueKind = 'user name' | 'group name' | 'full name' | 'email address' | 'feature';

/** Returns why the value cannot be sent, or null. */
export function valueProblem(kind: ValueKind, value: string): string | null {
  if (value.length === 0) return `${kind} is empty`;
  if (NOT_PRINTABLE.test(value))
    return `${kind} ${JSON.stringify(value)} holds a control or unprintable character`;
  if ((kind === 'user name' || kind === 'group name') && RESERVED.includes(value.toUpperCase())) {
    return `${kind} "${value}" is reserved by Zarafa (SYSTEM and Everyone)`;
  }
  return null;
}

export class InvalidValueError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'InvalidValueError';
  }
}

export function checkValue(kind: ValueKind, value: string): string {
  const problem = valueProblem(kind, value);
  if (problem) throw new InvalidValueError(problem);
  return value;
}

/** Collects value problems for a file-level validator. */
export function collectValueProblem(
  problems: Problem[],
  file: string,
  path: string,
  kind: ValueKind,
  value: string,
): void {
  const problem = valueProblem(kind, value);
  if (problem) problems.push({ file, path, message: problem });
}
