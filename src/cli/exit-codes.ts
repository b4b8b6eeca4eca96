// Every exit code zfleet uses, in one place (README, "Exit codes"). Run results combine by OR:
// 6 = some hosts failed and some were unreachable.
import type { RunSummary } from '../run/outcome.js';

export const EXIT = {
  ok: 0,
  /** Bad command line, inventory, desired state or plan; or an internal error. Nothing was run. */
  error: 1,
  /** At least one host failed (a command failed, or a change could not be made). `plan`: changes pending. */
  failed: 2,
  /** At least one host could not be reached (refused, timeout, authentication, host key). */
  unreachable: 4,
} as const;

export function runExitCode(summary: RunSummary): number {
  return (summary.failed > 0 ? EXIT.failed : 0) | (summary.unreachable > 0 ? EXIT.unreachable : 0);
}
