import type { createApp } from "../../functions/src/app.js";
import { DEMO_COMMUNITY } from "../../functions/src/demo/data.js";

/**
 * Ids and list queries that point every documented route at a seeded object of community A
 * (黄河西路), shared by the authorization matrix and the object-level privacy scan.
 */
const A = DEMO_COMMUNITY.id;
export const IDS: Record<string, string> = {
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
  // Cases: a report dispatched to 城管 (reporter demo-resident-1, handled by demo-handler-1), a
  // dispute of demo-resident-1 waiting for a mediator, and a department.
  reportId: "demo-case-3",
  disputeId: "demo-dispute-1",
  departmentId: "dept-urban",
  n: "1",
};

/** Path parameters named alike on different routes: `{id}` is a report's under /reports, a dispute's under /disputes. */
const PARAM_ALIASES: [prefix: string, param: string, idsKey: string][] = [
  ["/api/v1/reports/", "id", "reportId"],
  ["/api/v1/disputes/", "id", "disputeId"],
];
export const QUERY: Record<string, string> = {
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
  "GET /api/v1/reports": `?communityId=${A}&scope=all`,
  "GET /api/v1/disputes": `?communityId=${A}&scope=all`,
  "GET /api/v1/departments": `?communityId=${A}`,
  "GET /api/v1/cases/settings": `?communityId=${A}`,
  "GET /api/v1/command-center": `?communityId=${A}`,
};

/** Every operation of the app's OpenAPI document as "METHOD /path/{param}", and whether it takes a body. */
export function documentedRoutes(app: ReturnType<typeof createApp>): { key: string; hasBody: boolean }[] {
  const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "routes", version: "1" } });
  return Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, { requestBody?: unknown }>).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      hasBody: Boolean(op.requestBody),
    })),
  );
}

/** The URL of a documented route with its path parameters filled from `ids`, plus its list query. */
export function routeUrl(key: string, ids: Record<string, string | undefined>): string {
  const path = key.slice(key.indexOf(" ") + 1);
  const idsKey = (name: string) =>
    PARAM_ALIASES.find(([prefix, param]) => param === name && path.startsWith(prefix))?.[2] ?? name;
  return (
    path.replace(/\{(\w+)\}/g, (_, name: string) => ids[idsKey(name)] ?? `missing-${name}`) +
    (QUERY[key] ?? "")
  );
}
