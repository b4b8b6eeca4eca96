// The one place where words become a shell command line. Every word is single-quoted for POSIX sh,
// so nothing in it (spaces, quotes, $, `, ;, newlines, leading dashes) means anything to the shell.

/** Words made only of these need no quotes; everything else is wrapped in '...'. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('a shell word cannot contain a NUL byte');
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
