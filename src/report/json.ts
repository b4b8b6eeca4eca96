// Newline-delimited JSON: one object per host result, then one summary (for scripts and CI).
import type { HostOutcome, RunSummary } from '../run/outcome.js';

export function hostJson(outcome: HostOutcome): string {
  return JSON.stringify({ event: 'host', ...outcome });
}

export function summaryJson(summary: RunSummary, exitCode: number): string {
  return JSON.stringify({ event: 'summary', ...summary, exitCode });
}
