// A place to run transcripts: the emulator in this process, or a fake host reached over SSH.
import type { Outcome } from './transcript.js';

export interface ScenarioTarget {
  readonly name: string;
  /** A fresh host: no users, no groups, no faults, default settings. */
  reset(): Promise<void>;
  setFaults(faults: unknown): Promise<void>;
  setServer(settings: unknown): Promise<void>;
  run(command: string, stdin: string): Promise<Outcome>;
}
