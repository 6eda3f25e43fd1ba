// CSV for the command center's 「导出 CSV」 buttons: RFC 4180 fields and CRLF line ends, a UTF-8
// byte order mark so Excel on Windows reads the Chinese as UTF-8 (without it, it guesses GBK and
// shows mojibake), and a guard against formula injection (a resident's text starting with "="
// would otherwise run as a formula when staff open the file).

export type CsvCell = string | number | boolean | null | undefined;

/** The byte order mark, written as its character; encoded to UTF-8 it is EF BB BF. */
export const BOM = "\uFEFF";

/**
 * Characters that make Excel, LibreOffice or Sheets read a cell as a formula (OWASP "CSV
 * injection"): = + - @, and tab and carriage return, which some of them skip before looking.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A field needs quotes when it holds a quote, a comma or a line break (RFC 4180, 2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One field. Numbers and booleans are written as they are (a negative count is a number, not a
 * formula); text that would start a formula gets a leading apostrophe, which the spreadsheet
 * shows as plain text. Null and undefined are empty fields.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: the BOM, then each row on its own CRLF-ended line (the header is the first row). */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return BOM + rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/**
 * `<name>-<from>-<to>.csv`, safe as a file name on Windows, macOS and in WeChat's user data
 * folder: characters a file system refuses become "_".
 */
export function csvFileName(name: string, from: string, to: string): string {
  const safe = (part: string) =>
    part
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
      .replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_")
      .replace(/\s+/g, "-")
      .replace(/^\.+/, "");
  return `${[name, from, to].map(safe).filter(Boolean).join("-")}.csv`;
}
