// The QR code as plain data, so the same Views draw it in WeChat and on the web (no canvas, no image).
import qrcode from "qrcode-generator";

/** A stretch of equal modules in one row: `dark` for `length` modules. */
export interface Run {
  dark: boolean;
  length: number;
}

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One entry per row of the symbol; the runs of a row add up to `size`. */
  rows: Run[][];
}

/** Upper-case letters, digits and ` $%*+-./:`: QR's compact alphanumeric mode. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/** The module matrix of `text`, smallest version that fits, error correction M (15 % of it may be lost). */
export function qrMatrix(text: string): QrMatrix {
  const qr = qrcode(0, "M");
  qr.addData(text, ALPHANUMERIC.test(text) ? "Alphanumeric" : "Byte");
  qr.make();
  const size = qr.getModuleCount();
  const rows: Run[][] = [];
  for (let r = 0; r < size; r++) rows.push(toRuns(Array.from({ length: size }, (_, c) => qr.isDark(r, c))));
  return { size, rows };
}

/** Neighbouring equal modules merged into runs. */
export function toRuns(modules: readonly boolean[]): Run[] {
  const runs: Run[] = [];
  for (const dark of modules) {
    const last = runs[runs.length - 1];
    if (last && last.dark === dark) last.length++;
    else runs.push({ dark, length: 1 });
  }
  return runs;
}

/** The modules back from runs (for tests and for anyone checking a drawing). */
export function fromRuns(runs: readonly Run[]): boolean[] {
  return runs.flatMap((run) => Array.from({ length: run.length }, () => run.dark));
}
