// The emulator against every transcript, in both flavours: full stdout, stderr and exit code.
import { afterAll } from 'vitest';
import { directTarget } from '../../support/direct-target.js';
import { describeTranscripts } from '../../support/run-transcripts.js';

const target = directTarget();
afterAll(() => target.cleanup());
const update = process.env['ZFLEET_UPDATE_FIXTURES'] === '1';
describeTranscripts('zarafa', () => target, { update });
describeTranscripts('kopano', () => target, { update });
