// Every exit code zfleet uses, in one place.
export const EXIT = {
  ok: 0,
  /** A run failed (a host failed or was unreachable). */
  failed: 1,
  /** Bad input: command line, inventory, desired state or plan. */
  usage: 2,
} as const;
