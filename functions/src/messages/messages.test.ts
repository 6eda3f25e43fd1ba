import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { encodeCursor, keys } from "../db/keys.js";
import { type Notification, notify, withdrawNotification } from "./notify.js";
import { countUnread, listInbox, UNREAD_WINDOW } from "./repo.js";

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack({ seed: false });
});
afterAll(() => stack.cleanup());

async function tell(notification: Notification, now: string) {
  await stack.deps.db.doc.send(
    new TransactWriteCommand({ TransactItems: notify(stack.deps.db, notification, now) }),
  );
}

/** A fresh user with a token and its id. */
async function newUser(openid: string) {
  const token = await loginAs(stack.app, openid);
  const me = await call(stack.app, "GET", "/api/v1/me", { token });
  return { token, id: me.json.id as string };
}

const at = (minute: number) => new Date(Date.UTC(2026, 2, 4, 6, minute)).toISOString();

const message = (userId: string, id: string) => ({
  id,
  userId,
  kind: "legal.booking_confirmed",
  params: { bookingId: "b1", lawyerName: "周律师", startsAt: "2026-03-05T06:00:00.000Z" },
  link: "/pages/legal/booking/index?id=b1",
});

describe("GET /me/messages", () => {
  it("lists my messages newest first, paged, with the unread count", async () => {
    const { token, id } = await newUser("msg-list");
    for (let i = 0; i < 5; i++) await tell(message(id, `m${i}`), at(i));
    const first = await call(stack.app, "GET", "/api/v1/me/messages?limit=2", { token });
    expect(first.status).toBe(200);
    expect(first.json.items.map((m: { id: string }) => m.id)).toEqual(["m4", "m3"]);
    expect(first.json.items[0]).toEqual({
      id: "m4",
      kind: "legal.booking_confirmed",
      params: { bookingId: "b1", lawyerName: "周律师", startsAt: "2026-03-05T06:00:00.000Z" },
      link: "/pages/legal/booking/index?id=b1",
      createdAt: at(4),
      readAt: null,
    });
    expect(first.json).toMatchObject({ unread: 5, unreadCapped: false });
    const second = await call(
      stack.app,
      "GET",
      `/api/v1/me/messages?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      { token },
    );
    expect(second.json.items.map((m: { id: string }) => m.id)).toEqual(["m2", "m1"]);
    const third = await call(
      stack.app,
      "GET",
      `/api/v1/me/messages?limit=2&cursor=${encodeURIComponent(second.json.nextCursor)}`,
      { token },
    );
    expect(third.json.items.map((m: { id: string }) => m.id)).toEqual(["m0"]);
    expect(third.json.nextCursor).toBeNull();
  });

  it("shows a reminder only once it is due (the job delivers it)", async () => {
    const { token, id } = await newUser("msg-later");
    await tell({ ...message(id, "later-1"), dueAt: "2099-01-01T00:00:00.000Z" }, at(0));
    const list = await call(stack.app, "GET", "/api/v1/me/messages", { token });
    expect(list.json.items).toEqual([]);
    expect(list.json.unread).toBe(0);
  });

  it("is 401 without a token", async () => {
    const response = await call(stack.app, "GET", "/api/v1/me/messages");
    expect(response.status).toBe(401);
    expect((await call(stack.app, "POST", "/api/v1/me/messages/read", { body: {} })).status).toBe(401);
  });

  it("never shows another user's messages, not even through a cursor into their inbox", async () => {
    const alice = await newUser("msg-alice");
    const bob = await newUser("msg-bob");
    await tell(message(alice.id, "alice-secret"), at(1));
    const bobs = await call(stack.app, "GET", "/api/v1/me/messages", { token: bob.token });
    expect(bobs.json.items).toEqual([]);
    const intoAlice = encodeCursor(keys.inboxMessage(alice.id, at(2), "x"));
    const sneaky = await call(stack.app, "GET", `/api/v1/me/messages?cursor=${intoAlice}`, {
      token: bob.token,
    });
    expect(sneaky.status).toBe(400);
    expect(sneaky.json.error.code).toBe("VALIDATION_FAILED");
    // Bob marking Alice's message by id changes nothing.
    const mark = await call(stack.app, "POST", "/api/v1/me/messages/read", {
      token: bob.token,
      body: { ids: ["alice-secret"] },
    });
    expect(mark.json.marked).toBe(0);
    const alices = await call(stack.app, "GET", "/api/v1/me/messages", { token: alice.token });
    expect(alices.json.items[0]).toMatchObject({ id: "alice-secret", readAt: null });
  });

  it("is 400 on a bad cursor or limit", async () => {
    const { token } = await newUser("msg-bad");
    for (const query of ["cursor=not-a-cursor", "cursor=e30", "limit=0", "limit=51", "limit=abc"]) {
      const response = await call(stack.app, "GET", `/api/v1/me/messages?${query}`, { token });
      expect(response.status, query).toBe(400);
      expect(response.json.error.code).toBe("VALIDATION_FAILED");
    }
  });
});

describe("POST /me/messages/read", () => {
  it("marks the given ids read, keeping the first reading time", async () => {
    const { token, id } = await newUser("msg-read");
    for (let i = 0; i < 3; i++) await tell(message(id, `r${i}`), at(i));
    stack.clock.set("2026-03-04T07:00:00.000Z");
    const marked = await call(stack.app, "POST", "/api/v1/me/messages/read", {
      token,
      body: { ids: ["r0", "r2", "unknown"] },
    });
    expect(marked.status).toBe(200);
    expect(marked.json).toEqual({ marked: 2, unread: 1, unreadCapped: false });
    stack.clock.set("2026-03-04T08:00:00.000Z");
    const again = await call(stack.app, "POST", "/api/v1/me/messages/read", { token, body: { ids: ["r0"] } });
    expect(again.json.marked).toBe(0);
    const list = await call(stack.app, "GET", "/api/v1/me/messages", { token });
    // The test clock keeps running from where it was set: the first reading was at 07:00, not 08:00.
    expect(list.json.items.map((m: { readAt: string | null }) => m.readAt?.slice(0, 16) ?? null)).toEqual([
      "2026-03-04T07:00",
      null,
      "2026-03-04T07:00",
    ]);
  });

  it("marks everything read without an ids list; newer messages are unread again", async () => {
    const { token, id } = await newUser("msg-all");
    for (let i = 0; i < 3; i++) await tell(message(id, `a${i}`), at(i));
    stack.clock.set(at(10));
    const all = await call(stack.app, "POST", "/api/v1/me/messages/read", { token, body: {} });
    expect(all.json).toEqual({ marked: 3, unread: 0, unreadCapped: false });
    const list = await call(stack.app, "GET", "/api/v1/me/messages", { token });
    const readAts = new Set(list.json.items.map((m: { readAt: string | null }) => m.readAt));
    expect(readAts.size).toBe(1);
    expect([...readAts][0]).toMatch(/^2026-03-04T06:10/);
    await tell(message(id, "a-new"), at(11));
    const after = await call(stack.app, "GET", "/api/v1/me/messages", { token });
    expect(after.json).toMatchObject({ unread: 1 });
    expect(after.json.items[0]).toMatchObject({ id: "a-new", readAt: null });
  });

  it("is 400 on bad ids", async () => {
    const { token } = await newUser("msg-badids");
    const bodies = [
      { ids: [] },
      { ids: ["has#hash"] },
      { ids: [""] },
      { ids: [42] },
      { ids: "m1" },
      { ids: Array.from({ length: 101 }, (_, i) => `m${i}`) },
      { ids: ["m1"], extra: true },
    ];
    for (const body of bodies) {
      const response = await call(stack.app, "POST", "/api/v1/me/messages/read", { token, body });
      expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(response.json.error.code).toBe("VALIDATION_FAILED");
    }
  });
});

describe("unread count", () => {
  it("stops at 99 and says so, reading a bounded window", async () => {
    const { token, id } = await newUser("msg-many");
    const db = stack.deps.db;
    const items = Array.from({ length: UNREAD_WINDOW + 20 }, (_, i) =>
      notify(
        db,
        message(id, `n${String(i).padStart(3, "0")}`),
        new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      ),
    ).flat();
    for (let i = 0; i < items.length; i += 50) {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items.slice(i, i + 50) }));
    }
    const list = await call(stack.app, "GET", "/api/v1/me/messages", { token });
    expect(list.json).toMatchObject({ unread: 99, unreadCapped: true });
    expect(await countUnread(db, id, "2026-01-01T00:01:49.000Z")).toEqual({ unread: 10, capped: false });
  });

  it("a withdrawn reminder never shows", async () => {
    const { token, id } = await newUser("msg-withdrawn");
    await tell({ ...message(id, "w1"), dueAt: "2099-01-01T00:00:00.000Z" }, at(0));
    await stack.deps.db.doc.send(
      new TransactWriteCommand({ TransactItems: [withdrawNotification(stack.deps.db, "w1")] }),
    );
    expect((await listInbox(stack.deps.db, id, { limit: 10 })).items).toEqual([]);
    expect((await call(stack.app, "GET", "/api/v1/me/messages", { token })).json.unread).toBe(0);
  });
});
