// Fault injection for one fake host, set at run time through DIR/faults.json (see README, "Fake host").
import { z } from 'zod';

export const faultsSchema = z
  .object({
    /** Added before every call. */
    latencyMs: z.number().int().min(0).optional(),
    /** The next `count` calls fail with this exit code and output, without touching the state. */
    failNext: z
      .object({
        count: z.number().int().min(0),
        exitCode: z.number().int().min(0).max(255),
        stderr: z.string().default(''),
        stdout: z.string().default(''),
      })
      .optional(),
    /** Calls whose argv holds all these words fail (for as long as this is set), without touching state. */
    failWhen: z
      .object({
        argvIncludes: z.array(z.string()).min(1),
        exitCode: z.number().int().min(0).max(255),
        stderr: z.string().default(''),
      })
      .optional(),
    /** Every call hangs until it is killed (or the in-process fleet stops). */
    hang: z.boolean().optional(),
    /** The call runs, then its stdout is replaced by garbage or cut in half. */
    garbage: z.enum(['replace', 'truncate']).optional(),
    /** The server is down: "Unable to open Admin session." and the cause line, after the pre-connection checks. */
    serverDown: z.enum(['network', 'access', 'unknown']).optional(),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;
export type FaultsInput = z.input<typeof faultsSchema>;

export const GARBAGE_OUTPUT = '\u0001#%&garbage\u001b[0m\u00ff\ufffd not zarafa-admin output\n';

export function mangleStdout(stdout: string, mode: 'replace' | 'truncate'): string {
  return mode === 'replace' ? GARBAGE_OUTPUT : stdout.slice(0, Math.floor(stdout.length / 2));
}
