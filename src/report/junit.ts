// JUnit XML for CI systems: one test suite per host, one test case per step (or one for the host when
// it could not be reached or was refused before any step).
import type { HostOutcome } from '../run/outcome.js';

export interface JunitStep {
  readonly host: string;
  readonly name: string;
  readonly state: 'ok' | 'failed' | 'skipped' | 'pending';
  readonly message?: string;
}

/** XML 1.0 cannot carry most control characters at all; they become U+FFFD. */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

export function renderJunit(
  suiteName: string,
  outcomes: readonly HostOutcome[],
  steps: readonly JunitStep[],
): string {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const total = { tests: 0, failures: 0, skipped: 0 };
  let body = '';
  for (const o of outcomes) {
    const own = steps.filter((s) => s.host === o.host);
    const cases = own.map((s) => ({
      name: s.name,
      state: s.state === 'pending' ? 'failed' : s.state,
      message: s.message ?? (s.state === 'pending' ? 'outcome unknown (interrupted)' : ''),
    }));
    if (o.error && (cases.length === 0 || o.status === 'unreachable'))
      cases.unshift({ name: `${o.status}: ${o.error.code}`, state: 'failed', message: o.error.message });
    if (cases.length === 0)
      cases.push({
        name: o.status === 'skipped' ? 'not started' : 'no changes',
        state: o.status === 'skipped' ? 'skipped' : 'ok',
        message: '',
      });
    const failures = cases.filter((c) => c.state === 'failed').length;
    const skipped = cases.filter((c) => c.state === 'skipped').length;
    total.tests += cases.length;
    total.failures += failures;
    total.skipped += skipped;
    body += `  <testsuite name="${xml(o.host)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${(o.durationMs / 1000).toFixed(3)}">\n`;
    for (const c of cases) {
      body += `    <testcase classname="${xml(o.host)}" name="${xml(c.name)}">`;
      if (c.state === 'failed') body += `<failure message="${xml(c.message)}"/>`;
      if (c.state === 'skipped') body += `<skipped${c.message ? ` message="${xml(c.message)}"` : ''}/>`;
      body += '</testcase>\n';
    }
    body += '  </testsuite>\n';
  }
  out += `<testsuites name="${xml(suiteName)}" tests="${total.tests}" failures="${total.failures}" skipped="${total.skipped}">\n${body}</testsuites>\n`;
  return out;
}
