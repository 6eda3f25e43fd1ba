// Scan to log in on a computer (扫码登录电脑版): the web build asks for a ticket and polls it; the
// mini-program reads, approves or refuses it. Shapes come from the API's own routes.
import { isTicketId } from "../utils/web-login";
import { client } from "./client";
import { ApiError, unwrap } from "./errors";
import type { Session } from "./types";

const webLogin = client.api.v1.auth["web-login"];
const ticket = webLogin[":ticketId"];

export interface WebLoginTicket {
  ticketId: string;
  /** Kept by this browser only: it is what lets it collect the session. */
  pollSecret: string;
  /** What the QR code shows: `onedoor-web-login:<ticketId>`. */
  qr: string;
  expiresAt: string;
}

export interface WebLoginView {
  ticketId: string;
  browser: string | null;
  createdAt: string;
  expiresAt: string;
  status: "pending" | "approved" | "denied" | "consumed";
}

export function startWebLogin(): Promise<WebLoginTicket> {
  return unwrap(webLogin.$post());
}

/** `pending` until the phone confirms, then the session (once). Refusal and expiry are ApiErrors. */
export async function pollWebLogin(created: WebLoginTicket): Promise<"pending" | Session> {
  const body = await unwrap(
    ticket.token.$post({ param: { ticketId: created.ticketId }, json: { pollSecret: created.pollSecret } }),
  );
  return "token" in body ? body : "pending";
}

/**
 * The id goes into the request's path: anything but a ticket id (`../../…` would reach another
 * route) is refused here, before any request, as the API would refuse it (400).
 */
function checked(ticketId: string): { ticketId: string } {
  if (!isTicketId(ticketId)) {
    throw new ApiError(400, "VALIDATION_FAILED", "Not a web login ticket id.", undefined, [
      { path: "param.ticketId", message: "22 characters: letters, digits, '_' or '-'" },
    ]);
  }
  return { ticketId };
}

export async function getWebLogin(ticketId: string): Promise<WebLoginView> {
  const param = checked(ticketId);
  return unwrap(ticket.$get({ param }));
}

export async function approveWebLogin(ticketId: string): Promise<WebLoginView> {
  const param = checked(ticketId);
  return unwrap(ticket.approve.$post({ param }));
}

export async function denyWebLogin(ticketId: string): Promise<WebLoginView> {
  const param = checked(ticketId);
  return unwrap(ticket.deny.$post({ param }));
}
