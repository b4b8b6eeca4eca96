// Small shared values and formatting helpers.

/** zarafa-admin counts quota in MiB. */
export const MIB = 1024 * 1024;

/** A zod issue path as people read it: users[3].name. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}
