/** What a web login QR code carries: this prefix and the ticket id, nothing else. */
export const WEB_LOGIN_PREFIX = "onedoor-web-login:";
/** A ticket id: 128 random bits in base64url, as the API makes and checks them. */
const TICKET_ID = /^[A-Za-z0-9_-]{22}$/;

export const isTicketId = (id: unknown): id is string => typeof id === "string" && TICKET_ID.test(id);

/** The ticket id in a scanned code, or null when the code is not a OneDoor web login. */
export function webLoginTicketFromScan(scanned: string): string | null {
  const text = scanned.trim();
  if (!text.startsWith(WEB_LOGIN_PREFIX)) return null;
  const id = text.slice(WEB_LOGIN_PREFIX.length);
  return isTicketId(id) ? id : null;
}

/**
 * The ticket just scanned, on its way from the me page's scanner to the confirm page: kept in
 * memory, never in the page's URL, so the confirm page shows only what this mini-program's own
 * camera read — another mini-program or a link opening the page with an id gets nothing.
 */
let scannedTicket: string | null = null;

/** The scanner hands the id over just before it opens the confirm page. */
export function handOverScannedTicket(ticketId: string): void {
  scannedTicket = isTicketId(ticketId) ? ticketId : null;
}

/** The confirm page takes it, once: read and cleared, null when nothing (valid) was handed over. */
export function takeScannedTicket(): string | null {
  const ticketId = scannedTicket;
  scannedTicket = null;
  return isTicketId(ticketId) ? ticketId : null;
}

/** The poll loop's step, decided from what the API answered: keep polling, or stop and show why. */
export type PollOutcome = "expired" | "denied" | "used" | "retry";

export function pollOutcome(error: { status: number; code: string }): PollOutcome {
  if (error.status === 404 || error.code === "WEB_LOGIN_EXPIRED") return "expired";
  if (error.code === "WEB_LOGIN_DENIED") return "denied";
  if (error.status === 409) return "used";
  // A network failure, a 429 or a 5xx: try again at the next tick.
  return "retry";
}

/**
 * After a passing failure to get a QR code (too many requests, no network, a server error), the
 * web login card waits this many seconds before each new try; after the last, it stops and offers
 * 刷新.
 */
export const START_RETRY_SECONDS = [5, 10, 30] as const;

/** Whether a failed ticket request is worth trying again by itself (see START_RETRY_SECONDS). */
export const startRetryable = (error: { status: number }) =>
  error.status === 0 || error.status === 429 || error.status >= 500;
