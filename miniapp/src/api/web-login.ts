// Scan to log in on a computer (扫码登录电脑版): the web build asks for a ticket and polls it; the
// mini-program reads, approves or refuses it. Shapes come from the API's own routes.
import { client } from "./client";
import { unwrap } from "./errors";
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

export function getWebLogin(ticketId: string): Promise<WebLoginView> {
  return unwrap(ticket.$get({ param: { ticketId } }));
}

export function approveWebLogin(ticketId: string): Promise<WebLoginView> {
  return unwrap(ticket.approve.$post({ param: { ticketId } }));
}

export function denyWebLogin(ticketId: string): Promise<WebLoginView> {
  return unwrap(ticket.deny.$post({ param: { ticketId } }));
}
