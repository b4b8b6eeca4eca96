// The input validator every string argument passes (§1.4): all characters must be printable (iswprint)
// in the current locale. Outside a UTF-8 locale, non-ASCII text cannot be converted and fails too.

/** Control characters (TAB, newline, DEL, C1), lone surrogates and line/paragraph separators are not printable. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\uFFFD]/u;
const NON_ASCII = /[^\p{ASCII}]/u;

export function isValidInput(value: string, utf8Locale: boolean): boolean {
  if (NOT_PRINTABLE.test(value)) return false;
  if (!utf8Locale && NON_ASCII.test(value)) return false;
  return true;
}

/** The effective LC_CTYPE, as setlocale(LC_ALL, "") would pick it. */
export function localeIsUtf8(env: Readonly<Record<string, string | undefined>>): boolean {
  const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || 'C';
  return /utf-?8/i.test(locale);
}
