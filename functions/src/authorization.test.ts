import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../test/setup/harness.js";
import { newResident } from "./auth/service.js";
import { issueToken } from "./auth/tokens.js";
import { membershipItem } from "./community/repo.js";
import { putAll } from "./db/items.js";
import { keys } from "./db/keys.js";
import { DEMO_COMMUNITY, OTHER_COMMUNITY } from "./demo/data.js";

/**
 * The authorization matrix: every route of the OpenAPI document × every kind of caller, from one
 * table. A route without a row, or a row without a route, fails.
 *
 * Classes:
 *   "no"  refused: 401, 403 or 404.
 *   "ok"  let through: any other status below 500 except 400 (2xx, 409 for a state clash, 422…).
 *   "bad" 400: the request (an empty `{}` body, see BODY_NOTE) is rejected by validation before the
 *         role check runs, so this cell does not exercise authorization.
 * No cell may answer 5xx.
 *
 * Path ids and the communityId/centerId of list queries belong to community A (黄河西路); B is
 * 长江东路. BODY_NOTE: bodies are `{}`, so routes with a body show "bad" for every signed-in caller;
 * giving them minimal valid bodies is the next step. DELETE rows are "no" for all because the
 * seed holds nothing to delete (404).
 */
type Cls = "no" | "ok" | "bad";
const CALLERS = [
  "anon",
  "unverified",
  "lawyer",
  "residentB",
  "staffB",
  "resident",
  "staff",
  "admin",
] as const;
type Caller = (typeof CALLERS)[number];
/** One row: the class per caller, in CALLERS order. */
type Row = [Cls, Cls, Cls, Cls, Cls, Cls, Cls, Cls];

const A = DEMO_COMMUNITY.id;
const IDS: Record<string, string> = {
  communityId: A,
  householdId: "hh-b1-1-101",
  userId: "u-demo-resident-36",
  slotId: "seed-roster-1-202611300930",
  bookingId: "seed-booking-9001",
  lawyerId: "u-demo-lawyer-1",
  date: "2026-12-25",
  matterId: "minimum-living-allowance",
  centerId: "huanghe-west-center",
  appointmentId: "20261121-seed-w42",
  proxyId: "20261121-seed-p1",
  topicId: "demo-lift-b1",
  commentId: "20261115112000000-demo1",
  gridId: "demo-grid-1",
  noticeId: "demo-notice-insurance",
};
const QUERY: Record<string, string> = {
  "GET /api/v1/households": `?communityId=${A}`,
  "GET /api/v1/audit": `?communityId=${A}`,
  "GET /api/v1/window/days": `?matterId=${IDS.matterId}`,
  "GET /api/v1/window/slots": `?matterId=${IDS.matterId}&date=2026-11-24`,
  "GET /api/v1/verification-requests": `?communityId=${A}`,
  "GET /api/v1/legal/rosters": `?communityId=${A}`,
  "GET /api/v1/legal/schedule": `?communityId=${A}`,
  "GET /api/v1/window/queue": `?centerId=${IDS.centerId}`,
  "GET /api/v1/window/proxy": `?communityId=${A}`,
  "GET /api/v1/grids": `?communityId=${A}`,
  "GET /api/v1/notices/audience": `?communityId=${A}`,
  "GET /api/v1/notices/manage": `?communityId=${A}`,
  "GET /api/v1/legal/lawyers": `?communityId=${A}`,
  "GET /api/v1/legal/slots": `?communityId=${A}`,
  "GET /api/v1/legal/settings": `?communityId=${A}`,
  "GET /api/v1/matters": `?communityId=${A}`,
  "GET /api/v1/window/centers": `?communityId=${A}`,
  "GET /api/v1/deliberations": `?communityId=${A}`,
  "GET /api/v1/deliberations/settings": `?communityId=${A}`,
  "GET /api/v1/notices": `?communityId=${A}`,
  "GET /api/v1/notices/unread-count": `?communityId=${A}`,
  "GET /api/v1/legal/stats": `?communityId=${A}&from=2026-11-01&to=2026-11-30`,
  "GET /api/v1/window/stats": `?centerId=huanghe-west-center&from=2026-11-01&to=2026-11-30`,
};

const MATRIX: Record<string, Row> = {
  // callers: anon, unverified, lawyer, residentB, staffB, resident, staff, admin
  "GET /api/v1/health": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/auth/dev-accounts": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/auth/web-login/{ticketId}": ["no", "no", "ok", "no", "ok", "no", "ok", "ok"],
  "GET /api/v1/me": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/communities": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/communities/{communityId}/buildings": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/households": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/households/{householdId}/members": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/verification-requests": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/audit": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/legal/lawyers": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/legal/slots": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/legal/slots/{slotId}": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/legal/bookings/mine": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/legal/bookings/{bookingId}": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/legal/lawyer/bookings": ["no", "no", "ok", "no", "no", "no", "no", "no"],
  "GET /api/v1/legal/rosters": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/legal/schedule": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/legal/stats": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/legal/settings": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/me/messages": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/matters": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/matters/{matterId}": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/centers": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/days": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/slots": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/appointments/mine": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "GET /api/v1/window/appointments/{appointmentId}": ["no", "no", "no", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/window/centers/{centerId}/closures": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/window/queue": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/window/stats": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/window/proxy": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/deliberations": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/deliberations/settings": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/deliberations/{topicId}": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/deliberations/{topicId}/comments": ["no", "no", "ok", "no", "no", "ok", "ok", "ok"],
  "GET /api/v1/deliberations/{topicId}/results": ["no", "no", "no", "no", "no", "no", "no", "no"],
  "GET /api/v1/deliberations/{topicId}/turnout": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/grids": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/notices/audience": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/notices": ["no", "ok", "ok", "no", "ok", "ok", "ok", "ok"],
  "GET /api/v1/notices/unread-count": ["no", "ok", "ok", "no", "ok", "ok", "ok", "ok"],
  "GET /api/v1/notices/manage": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/notices/{noticeId}": ["no", "ok", "ok", "no", "ok", "ok", "ok", "ok"],
  "GET /api/v1/notices/{noticeId}/reach": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "GET /api/v1/notices/{noticeId}/reach.csv": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/auth/wechat": ["bad", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/auth/dev-login": ["bad", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/auth/web-login": ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "POST /api/v1/auth/web-login/{ticketId}/approve": ["no", "no", "ok", "no", "ok", "no", "ok", "ok"],
  "POST /api/v1/auth/web-login/{ticketId}/deny": ["no", "no", "ok", "no", "ok", "no", "ok", "ok"],
  "POST /api/v1/auth/web-login/{ticketId}/token": ["bad", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/households": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/households/{householdId}/members": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "PATCH /api/v1/households/{householdId}": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/me/verification-request": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/residents/{userId}/verify": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/residents/{userId}/reject": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/residents/{userId}/revoke": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/legal/bookings": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/legal/bookings/{bookingId}/cancel": ["no", "no", "no", "no", "no", "ok", "no", "no"],
  "POST /api/v1/legal/slots/{slotId}/waitlist": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/legal/bookings/{bookingId}/outcome": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/legal/rosters": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/legal/slots/{slotId}/cancel": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/legal/days/{date}/cancel": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "PUT /api/v1/legal/settings": ["no", "no", "no", "no", "ok", "no", "ok", "bad"],
  "PUT /api/v1/legal/lawyers/{lawyerId}": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/me/messages/read": ["no", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  "POST /api/v1/matters": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "PUT /api/v1/matters/{matterId}": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/window/centers": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/window/appointments": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/window/appointments/{appointmentId}/cancel": ["no", "no", "no", "no", "no", "ok", "no", "no"],
  "PUT /api/v1/window/centers/{centerId}": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/window/centers/{centerId}/closures": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/window/check-in": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/window/appointments/{appointmentId}/result": [
    "no",
    "bad",
    "bad",
    "bad",
    "bad",
    "bad",
    "bad",
    "bad",
  ],
  "POST /api/v1/window/proxy": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/window/proxy/{proxyId}/status": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/deliberations": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/deliberations/proposals": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "PUT /api/v1/deliberations/settings": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/deliberations/{topicId}/second": ["no", "no", "no", "no", "no", "ok", "no", "no"],
  "POST /api/v1/deliberations/{topicId}/accept": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/deliberations/{topicId}/decline": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/deliberations/{topicId}/withdraw": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/deliberations/{topicId}/comments": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/deliberations/{topicId}/comments/{commentId}/hide": [
    "no",
    "bad",
    "bad",
    "bad",
    "bad",
    "bad",
    "bad",
    "bad",
  ],
  "POST /api/v1/deliberations/{topicId}/vote": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/deliberations/{topicId}/ballots": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/deliberations/{topicId}/paper-ballots": [
    "no",
    "bad",
    "bad",
    "bad",
    "bad",
    "bad",
    "bad",
    "bad",
  ],
  "POST /api/v1/deliberations/{topicId}/close": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/grids": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "PUT /api/v1/grids/{gridId}": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/uploads": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/notices": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "PUT /api/v1/notices/{noticeId}": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/notices/{noticeId}/publish": ["no", "no", "no", "no", "no", "no", "ok", "ok"],
  "POST /api/v1/notices/{noticeId}/withdraw": ["no", "bad", "bad", "bad", "bad", "bad", "bad", "bad"],
  "POST /api/v1/notices/{noticeId}/ack": ["no", "no", "no", "no", "no", "ok", "no", "no"],
  "DELETE /api/v1/me/verification-request": ["no", "no", "no", "no", "no", "no", "no", "no"],
  "DELETE /api/v1/legal/slots/{slotId}/waitlist": ["no", "no", "no", "no", "no", "no", "no", "no"],
  "DELETE /api/v1/window/centers/{centerId}/closures/{date}": [
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
    "no",
  ],
};

let stack: TestStack;
const tokens: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  stack = await createTestStack();
  tokens.unverified = await loginAs(stack.app, "demo-resident-40");
  tokens.lawyer = await loginAs(stack.app, "demo-lawyer-1");
  tokens.staffB = await loginAs(stack.app, "demo-staff-other");
  tokens.resident = await loginAs(stack.app, "demo-resident-1");
  tokens.staff = await loginAs(stack.app, "demo-staff-1");
  tokens.admin = await loginAs(stack.app, "demo-admin");
  const now = stack.clock.now();
  await putAll(stack.deps.db, [
    {
      ...keys.user("u-outsider"),
      entity: "User",
      ...newResident("u-outsider", "outsider-openid", "长江居民", now.toISOString()),
      communityId: OTHER_COMMUNITY.id,
      householdCount: 1,
    },
    membershipItem({
      userId: "u-outsider",
      householdId: "hh-cj-b1-1-101",
      communityId: OTHER_COMMUNITY.id,
      relation: "owner",
      verifiedAt: now.toISOString(),
      verifiedBy: "test",
    }),
  ]);
  tokens.residentB = (
    await issueToken(stack.deps.config.JWT_SECRET, "u-outsider", 3600, now, "wechat")
  ).token;
  const ticket = await call(stack.app, "POST", "/api/v1/auth/web-login");
  IDS.ticketId = ticket.json.ticketId;
});
afterAll(() => stack?.cleanup());

function documentedRoutes(): { key: string; hasBody: boolean }[] {
  const doc = stack.app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "matrix", version: "1" } });
  return Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, { requestBody?: unknown }>).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      hasBody: Boolean(op.requestBody),
    })),
  );
}

const classOf = (status: number): Cls | "5xx" =>
  status >= 500 ? "5xx" : [401, 403, 404].includes(status) ? "no" : status === 400 ? "bad" : "ok";

/** Reads first, then writes; within a route the callers expected to be refused go first. */
const order = (key: string) => (key.startsWith("GET ") ? 0 : key.startsWith("DELETE ") ? 2 : 1);

describe("authorization matrix", () => {
  it("has exactly one row per documented route", () => {
    const documented = documentedRoutes().map((r) => r.key);
    expect(
      documented.filter((key) => !MATRIX[key]),
      "routes without a row",
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((key) => !documented.includes(key)),
      "rows without a route",
    ).toEqual([]);
  });

  it("answers every cell as the table says, never 5xx", { timeout: 120_000 }, async () => {
    const routes = documentedRoutes().sort((a, b) => order(a.key) - order(b.key));
    const actual: Record<string, Row> = {};
    const mismatches: string[] = [];
    for (const { key, hasBody } of routes) {
      const [method, path] = key.split(" ") as [string, string];
      const url =
        path.replace(/\{(\w+)\}/g, (_, name: string) => IDS[name] ?? `missing-${name}`) + (QUERY[key] ?? "");
      const row: Cls[] = [];
      for (const [i, caller] of CALLERS.entries()) {
        const res = await call(stack.app, method, url, {
          token: tokens[caller],
          body: hasBody ? {} : undefined,
        });
        const cls = classOf(res.status);
        if (cls === "5xx") mismatches.push(`${key} as ${caller}: ${res.status} ${res.text}`);
        else row.push(cls);
        const expected = MATRIX[key]?.[i];
        if (expected && cls !== expected)
          mismatches.push(`${key} as ${caller}: expected ${expected}, got ${res.status}`);
      }
      actual[key] = row as Row;
    }
    if (process.env.MATRIX_PRINT)
      console.log(
        Object.entries(actual)
          .map(([key, row]) => `  "${key}": [${row.map((c) => `"${c}"`).join(", ")}],`)
          .join("\n"),
      );
    expect(mismatches).toEqual([]);
  });
});
