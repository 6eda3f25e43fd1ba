import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requireUser } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { bearer, errorResponses, jsonBody, jsonContent } from "../http/openapi.js";
import { validationHook } from "../http/validation.js";
import type { InboxMessage } from "./notify.js";
import {
  countUnread,
  findInboxMessages,
  getLastReadAllAt,
  listInbox,
  markAllRead,
  markMessageRead,
} from "./repo.js";

const messageSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ example: "legal.booking_confirmed" }),
    params: z.record(z.string(), z.string()).openapi({
      description: "Rendered by the mini-program in the reader's language, per kind",
    }),
    link: z.string().nullable().openapi({ example: "/pages/legal/booking/index?id=b1" }),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi("Message");

const unreadFields = {
  unread: z.number().int().min(0).max(99).openapi({ description: "Unread messages, at most 99" }),
  unreadCapped: z.boolean().openapi({ description: "More than 99 unread: show 99+" }),
};

const listQuery = z.object({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const messageId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "Not a message id");
const readBody = z
  .object({
    ids: z.array(messageId).min(1).max(100).optional().openapi({ description: "Absent: mark all read" }),
  })
  .strict();

const listRoute = createRoute({
  method: "get",
  path: "/me/messages",
  tags: ["messages"],
  summary: "My messages, newest first, with the unread count",
  security: bearer,
  middleware: [requireUser] as const,
  request: { query: listQuery },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(messageSchema), nextCursor: z.string().nullable(), ...unreadFields }),
      "A page of messages",
    ),
    ...errorResponses(400, 401),
  },
});

const readRoute = createRoute({
  method: "post",
  path: "/me/messages/read",
  tags: ["messages"],
  summary: "Mark some of my messages read, or all of them",
  security: bearer,
  middleware: [requireUser] as const,
  request: { body: jsonBody(readBody) },
  responses: {
    200: jsonContent(
      z.object({
        marked: z.number().int().openapi({ description: "Messages that became read (all: at most 99)" }),
        ...unreadFields,
      }),
      "Marked",
    ),
    ...errorResponses(400, 401),
  },
});

/** Before the "read all" mark a message counts as read, whether or not it was opened. */
const view = (message: InboxMessage, lastReadAllAt: string | null) => ({
  id: message.id,
  kind: message.kind,
  params: message.params,
  link: message.link,
  createdAt: message.createdAt,
  readAt: message.readAt ?? (lastReadAllAt && message.createdAt <= lastReadAllAt ? lastReadAllAt : null),
});

export const messageRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { db } = c.get("deps");
    const userId = c.get("user").id;
    const [page, lastReadAllAt] = await Promise.all([
      listInbox(db, userId, c.req.valid("query")),
      getLastReadAllAt(db, userId),
    ]);
    const { unread, capped } = await countUnread(db, userId, lastReadAllAt);
    return c.json(
      {
        items: page.items.map((message) => view(message, lastReadAllAt)),
        nextCursor: page.nextCursor,
        unread,
        unreadCapped: capped,
      },
      200,
    );
  })
  .openapi(readRoute, async (c) => {
    const deps = c.get("deps");
    const userId = c.get("user").id;
    const { ids } = c.req.valid("json");
    const now = deps.clock.now().toISOString();
    let marked = 0;
    if (ids) {
      const messages = await findInboxMessages(deps.db, userId, ids);
      const results = await Promise.all(
        messages.filter((m) => m.readAt === null).map((m) => markMessageRead(deps.db, m, now)),
      );
      marked = results.filter(Boolean).length;
    } else {
      // Reported for the client's toast only, so the capped count will do.
      marked = (await countUnread(deps.db, userId, await getLastReadAllAt(deps.db, userId))).unread;
      await markAllRead(deps.db, userId, now);
    }
    const { unread, capped } = await countUnread(deps.db, userId, await getLastReadAllAt(deps.db, userId));
    return c.json({ marked, unread, unreadCapped: capped }, 200);
  });
