// Colour for terminals: on only for a TTY and never with NO_COLOR (https://no-color.org).
export interface Style {
  ok(text: string): string;
  changed(text: string): string;
  failed(text: string): string;
  unreachable(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const plainStyle: Style = {
  ok: (t) => t,
  changed: (t) => t,
  failed: (t) => t,
  unreachable: (t) => t,
  dim: (t) => t,
  bold: (t) => t,
};

export const colourStyle: Style = {
  ok: wrap(32, 39),
  changed: wrap(33, 39),
  failed: wrap(31, 39),
  unreachable: wrap(35, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};

export function chooseStyle(isTty: boolean, env: Readonly<Record<string, string | undefined>>): Style {
  return isTty && !env['NO_COLOR'] ? colourStyle : plainStyle;
}
