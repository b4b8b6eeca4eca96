// The fake Zarafa host as a Docker container, through testcontainers: for our integration tests and for
// users' own. Build the image first (see README, "The fake Zarafa host"); nothing is pulled.
import { GenericContainer, Wait } from 'testcontainers';
import type { StartedTestContainer } from 'testcontainers';
import type { FaultsInput } from '../fake/host/faults.js';
import type { ServerSettings } from '../fake/host/state-dir.js';

export const DEFAULT_FAKE_HOST_IMAGE = 'zfleet/fake-zarafa-host:latest';
/** Where the container keeps the fake server's state. */
export const CONTAINER_STATE_DIR = '/var/lib/zarafa-fake';

export interface FakeZarafaHostOptions {
  /** Public key line(s) allowed to log in as root. */
  readonly authorizedKeys: string;
  /** Image name (default: $ZFLEET_FAKE_HOST_IMAGE or zfleet/fake-zarafa-host:latest). */
  readonly image?: string;
  /** sshd MaxSessions (default 10). */
  readonly maxSessions?: number;
  readonly userPlugin?: 'db' | 'ldap' | 'unix';
  readonly startupTimeoutMs?: number;
}

export interface FakeZarafaHost {
  readonly container: StartedTestContainer;
  readonly host: string;
  readonly port: number;
  readonly user: 'root';
  /** "ssh-ed25519 AAAA..." */
  readonly hostPublicKey: string;
  /** A known_hosts line for this host: "[host]:port ssh-ed25519 AAAA...". */
  readonly knownHostsLine: string;
  setFaults(faults: FaultsInput): Promise<void>;
  setServer(settings: ServerSettings): Promise<void>;
  /** Back to an empty server: no users, groups, faults or settings. */
  reset(): Promise<void>;
  /** Runs a command inside the container (not over SSH), e.g. to read the invocation log. */
  shell(command: string): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  stop(): Promise<void>;
}

export async function startFakeZarafaHost(options: FakeZarafaHostOptions): Promise<FakeZarafaHost> {
  const image = options.image ?? process.env['ZFLEET_FAKE_HOST_IMAGE'] ?? DEFAULT_FAKE_HOST_IMAGE;
  const container = await new GenericContainer(image)
    .withExposedPorts(22)
    .withEnvironment({
      AUTHORIZED_KEYS: options.authorizedKeys,
      MAX_SESSIONS: String(options.maxSessions ?? 10),
      ...(options.userPlugin ? { ZARAFA_USER_PLUGIN: options.userPlugin } : {}),
    })
    .withWaitStrategy(Wait.forLogMessage(/Server listening on/))
    .withStartupTimeout(options.startupTimeoutMs ?? 60_000)
    .start();
  try {
    const shell = async (command: string) => {
      const r = await container.exec(['sh', '-c', command]);
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    };
    const key = await shell('cat /etc/ssh/ssh_host_ed25519_key.pub');
    if (key.exitCode !== 0) throw new Error(`cannot read the container's host key: ${key.stderr}`);
    const hostPublicKey = key.stdout.trim().split(/\s+/).slice(0, 2).join(' ');
    const host = container.getHost();
    const port = container.getMappedPort(22);
    const writeJson = (name: string, value: unknown) =>
      container.copyContentToContainer([
        { content: JSON.stringify(value) + '\n', target: `${CONTAINER_STATE_DIR}/${name}` },
      ]);
    return {
      container,
      host,
      port,
      user: 'root',
      hostPublicKey,
      knownHostsLine: `[${host}]:${port} ${hostPublicKey}`,
      setFaults: (faults) => writeJson('faults.json', faults),
      setServer: (settings) => writeJson('server.json', settings),
      reset: async () => {
        const r = await shell(
          `rm -f ${CONTAINER_STATE_DIR}/state.json ${CONTAINER_STATE_DIR}/faults.json ${CONTAINER_STATE_DIR}/server.json ${CONTAINER_STATE_DIR}/invocations.log`,
        );
        if (r.exitCode !== 0) throw new Error(`reset failed: ${r.stderr}`);
      },
      shell,
      stop: async () => {
        await container.stop({ remove: true, removeVolumes: true });
      },
    };
  } catch (e) {
    await container.stop({ remove: true }).catch(() => undefined);
    throw e;
  }
}
