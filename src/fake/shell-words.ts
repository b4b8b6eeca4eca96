// Splits a command string the way /bin/sh would, for simple commands only: words, quotes, backslashes
// and leading NAME=value assignments. Anything that needs a real shell (pipes, expansions, globs,
// redirections, several commands) yields null, and the caller hands the string to /bin/sh instead.

export interface SimpleCommand {
  readonly env: Readonly<Record<string, string>>;
  readonly argv: readonly string[];
}

const SPECIAL = new Set([
  '|',
  '&',
  ';',
  '<',
  '>',
  '(',
  ')',
  '$',
  '`',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '\n',
  '\r',
]);
const WORD_START_SPECIAL = new Set(['#', '~']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

interface Word {
  readonly text: string;
  /** The NAME= part was written without quotes, so the word is an assignment if it leads. */
  readonly assignment: boolean;
}

export function parseSimpleCommand(command: string): SimpleCommand | null {
  const words = splitWords(command);
  if (!words || words.length === 0) return null;
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length && (words[i] as Word).assignment; i++) {
    const text = (words[i] as Word).text;
    const eq = text.indexOf('=');
    env[text.slice(0, eq)] = text.slice(eq + 1);
  }
  const argv = words.slice(i).map((w) => w.text);
  return argv.length === 0 ? null : { env, argv };
}

function splitWords(command: string): Word[] | null {
  const words: Word[] = [];
  let i = 0;
  while (i < command.length) {
    while (command[i] === ' ' || command[i] === '\t') i++;
    if (i >= command.length) break;
    if (WORD_START_SPECIAL.has(command[i] as string)) return null;
    let text = '';
    let raw = '';
    let quotedBeforeEq = false;
    let sawEq = false;
    while (i < command.length && command[i] !== ' ' && command[i] !== '\t') {
      const ch = command[i] as string;
      if (ch === "'") {
        const end = command.indexOf("'", i + 1);
        if (end < 0) return null;
        text += command.slice(i + 1, end);
        if (!sawEq) quotedBeforeEq = true;
        i = end + 1;
      } else if (ch === '"') {
        const part = readDoubleQuoted(command, i + 1);
        if (!part) return null;
        text += part.text;
        if (!sawEq) quotedBeforeEq = true;
        i = part.end + 1;
      } else if (ch === '\\') {
        if (i + 1 >= command.length) return null;
        if (command[i + 1] !== '\n') text += command[i + 1];
        if (!sawEq) quotedBeforeEq = true;
        i += 2;
      } else if (SPECIAL.has(ch)) {
        return null;
      } else {
        if (ch === '=' && !sawEq) sawEq = true;
        text += ch;
        raw += ch;
        i++;
      }
    }
    words.push({
      text,
      assignment: !quotedBeforeEq && sawEq && ASSIGNMENT.test(raw) && words.every((w) => w.assignment),
    });
  }
  return words;
}

/** Inside "...", a backslash escapes only $ ` " \ and newline; any expansion means we need a real shell. */
function readDoubleQuoted(command: string, start: number): { text: string; end: number } | null {
  let text = '';
  for (let i = start; i < command.length; i++) {
    const ch = command[i] as string;
    if (ch === '"') return { text, end: i };
    if (ch === '$' || ch === '`') return null;
    if (ch === '\\' && i + 1 < command.length && '$`"\\\n'.includes(command[i + 1] as string)) {
      if (command[i + 1] !== '\n') text += command[i + 1];
      i++;
      continue;
    }
    text += ch;
  }
  return null;
}

export type ShellToken = { readonly word: string } | { readonly op: '|' | '||' | ';' | '<' };

/** Words and the few operators of a zfleet batch line (`|`, `||`, `;`, `<`); anything else is null. */
export function tokenizeShellLine(line: string): ShellToken[] | null {
  const tokens: ShellToken[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '|') {
      const double = line[i + 1] === '|';
      tokens.push({ op: double ? '||' : '|' });
      i += double ? 2 : 1;
      continue;
    }
    if (ch === ';' || ch === '<') {
      tokens.push({ op: ch });
      i++;
      continue;
    }
    let end = i;
    let quote: string | null = null;
    while (end < line.length) {
      const c = line[end] as string;
      if (quote) {
        if (c === quote) quote = null;
        else if (c === '\\' && quote === '"') end++;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '\\') end++;
      else if (' \t|;<'.includes(c)) break;
      end++;
    }
    if (quote) return null;
    // Behind a leading word, NAME=value is an ordinary argument, never an assignment.
    const parsed = parseSimpleCommand(`: ${line.slice(i, end)}`);
    if (!parsed || parsed.argv.length !== 2) return null;
    tokens.push({ word: parsed.argv[1] as string });
    i = end;
  }
  return tokens;
}
