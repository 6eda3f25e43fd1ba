/**
 * PIPL: phone and ID numbers never reach a log line. Applied to every string we log,
 * whatever field it sits in, because PII leaks through unexpected fields (error messages, paths).
 */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;

export function redact(text: string): string {
  return text.replace(ID_NUMBER, "[id-number]").replace(MOBILE, "[phone]");
}

/** Shows the last 4 digits only, as staff views must. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return `${"*".repeat(Math.max(digits.length - 4, 0))}${digits.slice(-4)}`;
}
