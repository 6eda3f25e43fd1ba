import { client } from "./client";
import { unwrap } from "./errors";

type ListResponse = Awaited<ReturnType<typeof client.api.v1.me.messages.$get>>;

export type MessagesPage = Extract<Awaited<ReturnType<ListResponse["json"]>>, { items: unknown }>;
export type Message = MessagesPage["items"][number];

export interface UnreadCount {
  unread: number;
  unreadCapped: boolean;
}

const messages = client.api.v1.me.messages;

export async function listMessages(cursor?: string): Promise<MessagesPage> {
  const query: { cursor?: string } = {};
  if (cursor) query.cursor = cursor;
  return unwrap(messages.$get({ query }));
}

/** Some messages, or every message when `ids` is absent. */
export async function markRead(ids?: string[]): Promise<UnreadCount> {
  return unwrap(messages.read.$post({ json: ids ? { ids } : {} }));
}

/** The home badge: the first page carries the count. */
export async function getUnreadCount(): Promise<UnreadCount> {
  const page = await unwrap(messages.$get({ query: { limit: "1" } }));
  return { unread: page.unread, unreadCapped: page.unreadCapped };
}
