// The runner's event stream: renderers (human, JSON, progress) consume it; the runner prints nothing.
import type { CommandOutcome, HostOutcome, RunSummary } from './outcome.js';

export type RunEvent =
  | { readonly kind: 'run-started'; readonly hosts: number; readonly forks: number }
  | { readonly kind: 'host-started'; readonly host: string }
  | { readonly kind: 'command-started'; readonly host: string; readonly command: string }
  | { readonly kind: 'command-finished'; readonly host: string; readonly outcome: CommandOutcome }
  | { readonly kind: 'host-done'; readonly outcome: HostOutcome }
  | { readonly kind: 'run-done'; readonly summary: RunSummary };

export type EventSink = (event: RunEvent) => void;
