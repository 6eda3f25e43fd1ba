/** What a web login QR code carries: this prefix and the ticket id, nothing else. */
export const WEB_LOGIN_PREFIX = "onedoor-web-login:";

/** The ticket id in a scanned code, or null when the code is not a OneDoor web login. */
export function webLoginTicketFromScan(scanned: string): string | null {
  const text = scanned.trim();
  if (!text.startsWith(WEB_LOGIN_PREFIX)) return null;
  const id = text.slice(WEB_LOGIN_PREFIX.length);
  return /^[A-Za-z0-9_-]{22}$/.test(id) ? id : null;
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
