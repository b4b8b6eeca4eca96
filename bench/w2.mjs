// W2 many commands per host: create U users on each of H sshd fake hosts (each host empty before each
// run). zfleet apply (gather, plan, journal, batches) vs the floor — one ssh per host feeding the same
// U calls as a shell script — and vs an ansible playbook looping over the users with raw.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZFLEET, have, interleave, measure, ratiosOf, withFleet } from './lib/measure.mjs';
import { ansibleEnv, writeSshConfig } from './lib/peers.mjs';

const PASSWORD = 'W2-bench-pw';
const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The calls zfleet's plan makes for a new active user, in the same form (password via printf). */
function floorScript(users) {
  return users
    .map(
      (u) =>
        `printf '%s\\n%s\\n' ${q(PASSWORD)} ${q(PASSWORD)} | zarafa-admin --utf8 -c ${u} -f ${q(`User ${u}`)} -e ${u}@example.org -P >/dev/null || exit 1`,
    )
    .join('\n');
}

function playbook(users) {
  return [
    '- hosts: all',
    '  gather_facts: false',
    '  vars:',
    `    users: [${users.join(', ')}]`,
    '  tasks:',
    '    - name: create users',
    `      raw: "printf '%s\\\\n%s\\\\n' {{ pw | quote }} {{ pw | quote }} | zarafa-admin --utf8 -c {{ item }} -f 'User {{ item }}' -e {{ item }}@example.org -P"`,
    '      loop: "{{ users }}"',
    '      no_log: true',
    '',
  ].join('\n');
}

export async function w2(hosts, userCount, runs, { startSshdFleet, emptyState }) {
  console.log(`W2 ${userCount} user creations on each of ${hosts} sshd hosts`);
  const start = (dir) => startSshdFleet({ hosts, dir, maxSessions: 10 });
  return withFleet(`zfleet-bench-w2-${hosts}-`, start, async (fleet, dir) => {
    const users = Array.from({ length: userCount }, (_, i) => `w2user${String(i).padStart(4, '0')}`);
    const sshConfig = writeSshConfig(dir, fleet);
    writeFileSync(join(dir, 'floor.sh'), floorScript(users) + '\n');
    // The floor driver: every host at once, one ssh each, the script on stdin.
    writeFileSync(
      join(dir, 'floor-all.sh'),
      [
        'rc=0',
        'pids=',
        `for h in ${fleet.hosts.map((h) => h.name).join(' ')}; do`,
        `  ssh -F ${sshConfig} "$h" sh -s < ${join(dir, 'floor.sh')} & pids="$pids $!"`,
        'done',
        'for p in $pids; do wait "$p" || rc=1; done',
        'exit $rc',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'playbook.yaml'), playbook(users));
    writeFileSync(join(dir, 'pw.yaml'), `pw: ${PASSWORD}\n`);
    writeFileSync(
      join(dir, 'desired.yaml'),
      [
        'version: 1',
        'policy: {emailDomain: example.org}',
        'users:',
        ...users.map((u) => `  - {name: ${u}, fullname: User ${u}, password: {env: W2_PW}}`),
        '',
      ].join('\n'),
    );
    const reset = () => {
      for (const h of fleet.hosts) h.stateDir.writeState(emptyState());
    };
    // A run counts only if every host ends with every user.
    const verified = async (run) => {
      const r = await run;
      const short = fleet.hosts.find(
        (h) => h.stateDir.readState().objects.filter((o) => o.kind === 'user').length !== userCount,
      );
      return short ? { ...r, ok: false, why: `${short.name} lacks users` } : r;
    };
    const row = (label, fn) => ({ label, hosts, before: reset, fn: () => verified(fn()) });
    const specs = [
      row('floor', () => measure('sh', [join(dir, 'floor-all.sh')], { HOME: dir })),
      row('zfleet', () =>
        measure(
          process.execPath,
          [
            ZFLEET,
            'apply',
            '-i',
            fleet.inventoryPath,
            '-d',
            join(dir, 'desired.yaml'),
            '--journal',
            join(dir, `journal-${Date.now()}.sqlite`),
            '--yes',
            '-f',
            String(hosts),
            '--ssh-config',
            'none',
          ],
          { HOME: dir, NO_COLOR: '1', W2_PW: PASSWORD },
        ),
      ),
    ];
    if (have('ansible-playbook'))
      specs.push(
        row('ansible', () =>
          measure(
            'ansible-playbook',
            [
              '-i',
              fleet.inventoryPath,
              '-f',
              String(hosts),
              '-e',
              `@${join(dir, 'pw.yaml')}`,
              join(dir, 'playbook.yaml'),
            ],
            // Ansible's own default: one persistent master connection per host (ControlPersist),
            // in a fresh directory each run so no run reuses another's connections.
            {
              ...ansibleEnv(
                dir,
                '-C -o ControlMaster=auto -o ControlPersist=15s -o KexAlgorithms=curve25519-sha256',
              ),
              ANSIBLE_SSH_CONTROL_PATH_DIR: mkdtempSync(join(dir, 'cp-')),
            },
          ),
        ),
      );
    const rows = await interleave(specs, { runs });
    return { results: rows, ratios: ratiosOf(rows, ['floor', 'ansible']) };
  });
}
