import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { getCase, saveCase } from "../cases/repo.js";
import type { Case } from "../cases/schemas.js";
import { checkConsistency, formatViolations } from "../db/consistency.js";
import { scanAll } from "../db/items.js";
import { getTopicBundle, tallyOf } from "../deliberation/repo.js";
import { getSlot } from "../legal/repo.js";
import { getAppointment, getSlotBooked } from "../window/repo.js";
import { DELETE_CONFIRMATION } from "./routes.js";

/**
 * Export and account deletion for 李建国 (demo-resident-2): owner of two homes, past legal
 * bookings, a waitlist place, an upcoming window appointment and a ballot in a closed secret
 * vote from the seed; the test adds an upcoming booking, a ballot in the open vote, a comment, a
 * proposal (with its second), a notice read and the messages they bring; a 随手拍 report and a
 * dispute of their own, and a dispute 王秀兰 (resident 1) files naming them, with their phone, as
 * the other party. The seed adds their reports and disputes of the demo case desk.
 */
const UID = "u-demo-resident-2";
const NAME = "李建国";
const PHONE = "13912345678";
const DESCRIPTION = "隐私测试：邻居装修噪音扰民，想咨询维权途径。";
const COMMENT = "隐私测试留言：支持加装电梯。";
/** The phone 王秀兰 (resident 1) gives for them as the other party of her dispute. */
const PARTY_PHONE = "13987654321";
const REPORT_TEXT = "隐私测试：2栋门口下水道堵塞，污水外溢。";
const CONFIRM = { "X-Confirm-Delete": DELETE_CONFIRMATION };

let stack: TestStack;
let token: string;
let upcomingBookingId: string;
let upcomingSlotId: string;
let reportId: string;
let disputeId: string;
let namedInId: string;

beforeAll(async () => {
  stack = await createTestStack();
  token = await loginAs(stack.app, "demo-resident-2");
  const slots = await call(stack.app, "GET", "/api/v1/legal/slots", { token });
  expect(slots.status, slots.text).toBe(200);
  // A phone consultation keeps the contact phone: the test then looks for it after the deletion.
  for (const slot of slots.json.slots as { id: string; available: number; status: string; mode: string }[]) {
    if (slot.status !== "open" || slot.available < 1 || slot.mode !== "phone") continue;
    const booked = await call(stack.app, "POST", "/api/v1/legal/bookings", {
      token,
      body: { slotId: slot.id, category: "neighbour_dispute", description: DESCRIPTION, contactPhone: PHONE },
    });
    if (booked.status === 201) {
      upcomingBookingId = booked.json.booking.id;
      upcomingSlotId = slot.id;
      break;
    }
  }
  expect(upcomingBookingId).toBeTruthy();
  const ballot = await call(stack.app, "POST", "/api/v1/deliberations/demo-lift-b1/ballots", {
    token,
    body: { choice: "reject" },
  });
  expect(ballot.status, ballot.text).toBeLessThan(300);
  const comment = await call(stack.app, "POST", "/api/v1/deliberations/demo-lift-b1/comments", {
    token,
    body: { body: COMMENT },
  });
  expect(comment.status, comment.text).toBe(201);
  const proposal = await call(stack.app, "POST", "/api/v1/deliberations/proposals", {
    token,
    body: { title: "隐私测试提议", body: "隐私测试提议的正文，至少十个字。" },
  });
  expect(proposal.status, proposal.text).toBe(201);
  const report = await call(stack.app, "POST", "/api/v1/reports", {
    token,
    body: {
      category: "environment_sanitation",
      description: REPORT_TEXT,
      location: { buildingId: "b2", unit: null, address: "", point: null },
    },
  });
  expect(report.status, report.text).toBe(201);
  reportId = report.json.report.id;
  const dispute = await call(stack.app, "POST", "/api/v1/disputes", {
    token,
    body: {
      type: "neighbour",
      description: "隐私测试：楼上空调外机滴水。",
      parties: [{ side: "respondent", name: "隐私测试对方" }],
    },
  });
  expect(dispute.status, dispute.text).toBe(201);
  disputeId = dispute.json.dispute.id;
  const namedIn = await call(stack.app, "POST", "/api/v1/disputes", {
    token: await loginAs(stack.app, "demo-resident-1"),
    body: {
      type: "neighbour",
      description: "隐私测试：对方车辆长期占用消防通道。",
      parties: [{ side: "respondent", name: NAME, userId: UID, phone: PARTY_PHONE }],
    },
  });
  expect(namedIn.status, namedIn.text).toBe(201);
  namedInId = namedIn.json.dispute.id;
  const feed = await call(stack.app, "GET", "/api/v1/notices", { token });
  expect(feed.status, feed.text).toBe(200);
  const opened = await call(stack.app, "GET", `/api/v1/notices/${feed.json.items[0].id}`, { token });
  expect(opened.status, opened.text).toBe(200);
});
afterAll(() => stack?.cleanup());

// biome-ignore lint/suspicious/noExplicitAny: the export is read as plain JSON
const exportOf = async (t: string): Promise<any> => {
  const result = await call(stack.app, "GET", "/api/v1/me/export", { token: t });
  expect(result.status, result.text).toBe(200);
  return result.json;
};

const scanTable = () => scanAll(stack.deps.db);

describe("GET /me/export", () => {
  it("holds every kind of the caller's data, their own secret-vote choice included", async () => {
    const data = await exportOf(token);
    expect(data.formatVersion).toBe(1);
    expect(Date.parse(data.exportedAt)).not.toBeNaN();
    expect(data.profile).toMatchObject({ id: UID, nickname: NAME });
    expect(data.memberships.map((m: { householdId: string }) => m.householdId).sort()).toEqual([
      "hh-b1-1-102",
      "hh-b2-1-501",
    ]);
    expect(data.memberships[0].household.address).toBeTruthy();
    const mine = data.legal.bookings.find((b: { id: string }) => b.id === upcomingBookingId);
    expect(mine).toMatchObject({ description: DESCRIPTION, contactPhone: PHONE, userId: UID });
    expect(data.legal.bookings.length).toBeGreaterThanOrEqual(5);
    expect(data.legal.waitlist).toHaveLength(1);
    expect(data.window.appointments.some((a: { status: string }) => a.status === "booked")).toBe(true);
    expect(data.window.ledger).not.toBeNull();
    const renewal = data.deliberation.ballots.find(
      (b: { topicId: string }) => b.topicId === "demo-property-renewal",
    );
    expect(renewal).toMatchObject({ secret: true, castByMe: true, choice: "approve" });
    const lift = data.deliberation.ballots.find((b: { topicId: string }) => b.topicId === "demo-lift-b1");
    expect(lift).toMatchObject({ castByMe: true, choice: "reject" });
    expect(data.deliberation.comments.map((c: { body: string }) => c.body)).toContain(COMMENT);
    expect(data.deliberation.proposals.map((p: { title: string }) => p.title)).toContain("隐私测试提议");
    expect(data.deliberation.seconds.length).toBeGreaterThanOrEqual(1);
    expect(data.messages.items.length).toBeGreaterThanOrEqual(1);
    expect(data.noticeReceipts.length).toBeGreaterThanOrEqual(1);
    expect(data.auditAboutMe.map((a: { action: string }) => a.action)).toContain("deliberation.propose");
    // Their reports (the seed's two, one of them anonymous, and the one made here) and disputes.
    const reports = data.cases.reports as { id: string; reporterName: string; description: string }[];
    expect(reports.map((r) => r.id).sort()).toEqual(["demo-case-2", "demo-case-5", reportId].sort());
    expect(reports.find((r) => r.id === reportId)).toMatchObject({
      reporterName: NAME,
      description: REPORT_TEXT,
    });
    const disputes = data.cases.disputes as {
      id: string;
      filedByMe: boolean;
      parties: { name: string; isMe: boolean; phone: string | null }[];
    }[];
    const disputeIds = disputes.map((d) => d.id);
    for (const id of [disputeId, namedInId, "demo-dispute-2", "demo-dispute-c1"])
      expect(disputeIds).toContain(id);
    const namedIn = disputes.find((d) => d.id === namedInId);
    expect(namedIn?.filedByMe).toBe(false);
    // Their own phone as the other party wrote it, whole: it is theirs.
    expect(namedIn?.parties.find((p) => p.isMe)).toMatchObject({ name: NAME, phone: PARTY_PHONE });
    expect(data.cases.handles).toEqual([]);
    // No table keys, no vote seal, nothing that names staff who handled them.
    const text = JSON.stringify(data);
    for (const hidden of ["GSI1PK", "sealSalt", "handledBy", "verifiedBy", "u-demo-staff"])
      expect(text).not.toContain(hidden);
    // Nor the other party's account: 王秀兰 filed the dispute that names them.
    expect(text).not.toMatch(/u-demo-resident-1(?!\d)/);
  });

  it("is only ever the caller's own: no id in the path, another resident sees none of it", async () => {
    const other = await exportOf(await loginAs(stack.app, "demo-resident-1"));
    expect(other.profile.id).toBe("u-demo-resident-1");
    const text = JSON.stringify(other);
    expect(text).not.toMatch(/u-demo-resident-2(?!\d)/);
    expect(text).not.toContain(DESCRIPTION);
    // Resident 1 filed the dispute naming resident 2: she sees that party as a party does, the
    // phone masked, no account id.
    expect(text).not.toContain(PARTY_PHONE);
    const namedIn = other.cases.disputes.find((d: { id: string }) => d.id === namedInId);
    expect(namedIn.parties.find((p: { name: string }) => p.name === NAME)).toMatchObject({
      isUser: true,
      isMe: false,
      phone: `*******${PARTY_PHONE.slice(-4)}`,
    });
    // Resident 32 lives in resident 1's home: their data is not in resident 1's export.
    expect(text).not.toMatch(/u-demo-resident-32/);
    expect((await call(stack.app, "GET", "/api/v1/me/export")).status).toBe(401);
  });
});

describe("DELETE /me", () => {
  it("refuses without the confirmation, without a token, and for staff, lawyers and admins", async () => {
    const bare = await call(stack.app, "DELETE", "/api/v1/me", { token });
    expect(bare.status).toBe(428);
    expect(bare.json.error.code).toBe("CONFIRMATION_REQUIRED");
    const wrong = await call(stack.app, "DELETE", "/api/v1/me", {
      token,
      headers: { "X-Confirm-Delete": "yes" },
    });
    expect(wrong.status).toBe(428);
    expect((await call(stack.app, "DELETE", "/api/v1/me", { headers: CONFIRM })).status).toBe(401);
    for (const openid of ["demo-staff-1", "demo-lawyer-1", "demo-admin"]) {
      const refused = await call(stack.app, "DELETE", "/api/v1/me", {
        token: await loginAs(stack.app, openid),
        headers: CONFIRM,
      });
      expect(refused.status, openid).toBe(409);
      expect(refused.json.error.code).toBe("ROLE_HELD");
    }
    expect((await call(stack.app, "GET", "/api/v1/me", { token })).status).toBe(200);
  });

  it("deletes only the caller, whatever else the request names", async () => {
    const unverified = await loginAs(stack.app, "demo-resident-40");
    const deleted = await call(stack.app, "DELETE", `/api/v1/me?userId=${UID}`, {
      token: unverified,
      headers: CONFIRM,
      body: { userId: UID },
    });
    expect(deleted.status, deleted.text).toBe(200);
    expect((await call(stack.app, "GET", "/api/v1/me", { token: unverified })).status).toBe(401);
    expect((await call(stack.app, "GET", "/api/v1/me", { token })).json.id).toBe(UID);
  });

  it("cancels what is upcoming, keeps counts, anonymises what stays and removes the person", async () => {
    const { db } = stack.deps;
    const before = await exportOf(token);
    const waitSlotId = before.legal.waitlist[0].slotId as string;
    const appointment = before.window.appointments.find((a: { status: string }) => a.status === "booked");
    const topics = ["demo-property-renewal", "demo-lift-b1"];
    const tallies = async () =>
      Promise.all(topics.map(async (id) => tallyOf((await getTopicBundle(db, id, true)) as never)));
    const slotBefore = await getSlot(db, upcomingSlotId, true);
    const waitBefore = await getSlot(db, waitSlotId, true);
    const seatsBefore = await getSlotBooked(db, appointment.centerId, appointment.startsAt);
    const talliesBefore = await tallies();

    const deleted = await call(stack.app, "DELETE", "/api/v1/me", { token, headers: CONFIRM });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json.summary).toMatchObject({
      bookingsCancelled: 1,
      appointmentsCancelled: 1,
      waitlistLeft: 1,
    });

    // Counters: the booking's seat and the appointment's seat are free again, the queue is shorter.
    expect((await getSlot(db, upcomingSlotId, true))?.booked).toBe((slotBefore?.booked ?? 0) - 1);
    expect((await getSlot(db, waitSlotId, true))?.waitlistCount).toBe((waitBefore?.waitlistCount ?? 0) - 1);
    expect(await getSlotBooked(db, appointment.centerId, appointment.startsAt)).toBe(seatsBefore - 1);
    expect((await getAppointment(db, appointment.id, true))?.status).toBe("cancelled");
    // Ballots stay counted.
    expect(await tallies()).toEqual(talliesBefore);

    // The old token is refused; the same WeChat account logs in to a new, empty account.
    const old = await call(stack.app, "GET", "/api/v1/me", { token });
    expect(old.status).toBe(401);
    const fresh = await loginAs(stack.app, "demo-resident-2");
    const me = await call(stack.app, "GET", "/api/v1/me", { token: fresh });
    expect(me.json.id).not.toBe(UID);
    expect(me.json.households).toEqual([]);
    expect(me.json.verification.status).toBe("unverified");
    const empty = await exportOf(fresh);
    expect(empty.legal.bookings).toEqual([]);
    expect(empty.deliberation.ballots).toEqual([]);

    // The whole table: no trace of the person but tombstones.
    const items = await scanTable();
    const traces = items
      .map((item) => JSON.stringify(item))
      .filter(
        (text) =>
          /u-demo-resident-2(?!\d)/.test(text) ||
          text.includes(NAME) ||
          text.includes(PHONE) ||
          text.includes(DESCRIPTION) ||
          text.includes(COMMENT) ||
          text.includes(PARTY_PHONE),
      );
    expect(traces).toEqual([]);
    // Their report stays, open, for the department to fix, without them.
    const byId = (id: string) => items.find((item) => item.PK === `CASE#${id}` && item.SK === "META");
    expect(byId(reportId)).toMatchObject({
      filedBy: "deleted",
      reporterName: "已注销用户",
      status: "submitted",
      description: REPORT_TEXT,
      GSI1PK: "COMMUNITY#huanghe-west#CASES#OPEN",
    });
    expect(byId("demo-case-5")).toMatchObject({ filedBy: "deleted", status: "closed" });
    expect(byId("demo-case-5")?.rating).toMatchObject({ satisfied: true, comment: null });
    // Their dispute stays for the other party, without them; the one naming them goes on.
    expect(byId(disputeId)).toMatchObject({ partyUserIds: [], filedBy: "deleted" });
    expect((byId(disputeId)?.parties as unknown[] | undefined)?.[0]).toEqual({
      side: "applicant",
      name: "已注销用户",
      userId: null,
      phone: null,
    });
    const other = byId(namedInId);
    expect(other).toMatchObject({ partyUserIds: ["u-demo-resident-1"], filedBy: "u-demo-resident-1" });
    expect(other?.parties).toEqual([
      { side: "applicant", name: "王秀兰", userId: "u-demo-resident-1", phone: null },
      { side: "respondent", name: "已注销用户", userId: null, phone: null },
    ]);
    const kept = items.filter((item) => item.entity === "LegalBooking" && item.userId === "deleted");
    expect(kept.length).toBeGreaterThanOrEqual(5);
    for (const booking of kept) {
      expect(booking).toMatchObject({
        residentName: "已注销用户",
        description: "",
        contactPhone: null,
        notes: null,
      });
      expect(booking.GSI1PK).toBe("USER#deleted#LEGAL");
    }
    const audit = items.filter((item) => item.action === "account.delete");
    expect(audit).toHaveLength(2);
    // Every invariant of the table still holds (ledgers, seat counters, rolls, messages…).
    const violations = await checkConsistency(db);
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it("finishes a deletion that failed half-way when called again, without counting anything twice", async () => {
    const { db } = stack.deps;
    const wang = await loginAs(stack.app, "demo-resident-1");
    const slots = await call(stack.app, "GET", "/api/v1/legal/slots", { token: wang });
    // Beyond the 120-minute cut-off: inside it a deletion keeps the seat (tested below).
    const cutoff = new Date(stack.clock.now().getTime() + 120 * 60_000).toISOString();
    for (const slot of slots.json.slots as {
      id: string;
      available: number;
      status: string;
      startsAt: string;
    }[]) {
      if (slot.status !== "open" || slot.available < 1 || slot.startsAt <= cutoff) continue;
      const booked = await call(stack.app, "POST", "/api/v1/legal/bookings", {
        token: wang,
        body: { slotId: slot.id, category: "other", description: "重试测试的咨询内容" },
      });
      if (booked.status === 201) break;
    }
    const before = await exportOf(wang);
    const upcoming = before.legal.bookings.filter(
      (b: { status: string; startsAt: string }) => b.status === "confirmed" && b.startsAt > cutoff,
    );
    expect(upcoming.length).toBeGreaterThan(0);
    const slotIds = [...new Set(upcoming.map((b: { slotId: string }) => b.slotId))] as string[];
    const bookedBefore = await Promise.all(slotIds.map(async (id) => (await getSlot(db, id, true))?.booked));

    // The first bulk delete (messages, memberships, ledgers…) fails: cancellations and
    // anonymisation are done, the profile and its token still exist.
    const send = db.doc.send.bind(db.doc);
    let injected = false;
    db.doc.send = ((command: unknown, ...rest: unknown[]) => {
      if (!injected && command instanceof BatchWriteCommand) {
        injected = true;
        return Promise.reject(new Error("injected failure"));
      }
      return (send as (...args: unknown[]) => Promise<unknown>)(command, ...rest);
    }) as typeof db.doc.send;
    try {
      const failed = await call(stack.app, "DELETE", "/api/v1/me", { token: wang, headers: CONFIRM });
      expect(failed.status).toBe(500);
    } finally {
      db.doc.send = send;
    }
    expect(injected).toBe(true);
    expect((await call(stack.app, "GET", "/api/v1/me", { token: wang })).json.id).toBe("u-demo-resident-1");

    const again = await call(stack.app, "DELETE", "/api/v1/me", { token: wang, headers: CONFIRM });
    expect(again.status, again.text).toBe(200);
    expect(again.json.summary.bookingsCancelled).toBe(0);
    expect((await call(stack.app, "GET", "/api/v1/me", { token: wang })).status).toBe(401);
    const bookedAfter = await Promise.all(slotIds.map(async (id) => (await getSlot(db, id, true))?.booked));
    expect(bookedAfter).toEqual(
      bookedBefore.map(
        (n, i) => (n ?? 0) - upcoming.filter((b: { slotId: string }) => b.slotId === slotIds[i]).length,
      ),
    );
    const traces = (await scanTable())
      .map((item) => JSON.stringify(item))
      .filter((text) => /u-demo-resident-1(?!\d)/.test(text) || text.includes("王秀兰"));
    expect(traces).toEqual([]);
    const violations = await checkConsistency(db);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

describe("DELETE /me of a department handler", () => {
  it("exports the departments they handle, then drops them from those departments with their pointers", async () => {
    const { db } = stack.deps;
    const handlerId = "u-demo-handler-1";
    const handler = await loginAs(stack.app, "demo-handler-1");
    const data = await exportOf(handler);
    expect(data.cases.handles.map((h: { departmentId: string }) => h.departmentId).sort()).toEqual([
      "dept-property",
      "dept-urban",
    ]);
    const deleted = await call(stack.app, "DELETE", "/api/v1/me", { token: handler, headers: CONFIRM });
    expect(deleted.status, deleted.text).toBe(200);
    const items = await scanTable();
    expect(items.map((item) => JSON.stringify(item)).filter((text) => text.includes(handlerId))).toEqual([]);
    const departments = items.filter((item) => item.entity === "Department");
    expect(departments.find((d) => d.id === "dept-urban")?.handlerIds).toEqual([]);
    // The department's cases stay with it: staff still see them, and the command center counts them.
    expect(items.find((item) => item.PK === "CASE#demo-case-3" && item.SK === "ASSIGNED")).toBeTruthy();
    const violations = await checkConsistency(db);
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

describe("DELETE /me inside the cancellation cut-off", () => {
  it("keeps the seat under the tombstone instead of promoting the waitlist into a consultation minutes away; its no-show counts against nobody", async () => {
    const { addVerifiedResidents } = await import("../../../test/setup/residents.js");
    const { makeRoster } = await import("../legal/test-helpers.js");
    stack.clock.set("2030-01-05T02:00:00.000Z");
    const [slotId] = await makeRoster(stack, { startTime: "09:00", endTime: "09:30" });
    const [leaving, waiting] = await addVerifiedResidents(stack, 2, "cutoff");
    const booked = await call(stack.app, "POST", "/api/v1/legal/bookings", {
      token: leaving?.token,
      body: { slotId, category: "labour", description: "截止时间内注销的咨询。" },
    });
    expect(booked.status, booked.text).toBe(201);
    const joined = await call(stack.app, "POST", `/api/v1/legal/slots/${slotId}/waitlist`, {
      token: waiting?.token,
      body: { category: "labour", description: "候补中的咨询。" },
    });
    expect(joined.status, joined.text).toBe(201);

    // 08:30 in Shanghai, half an hour before the start: inside the 120-minute cut-off.
    stack.clock.set("2030-01-07T00:30:00.000Z");
    const deleted = await call(stack.app, "DELETE", "/api/v1/me", {
      token: leaving?.token,
      headers: CONFIRM,
    });
    expect(deleted.status, deleted.text).toBe(200);
    const slot = await getSlot(stack.deps.db, slotId as string, true);
    expect(slot?.booked).toBe(1);
    expect(slot?.waitlistCount).toBe(1);
    const mine = await call(stack.app, "GET", "/api/v1/legal/bookings/mine", { token: waiting?.token });
    expect((mine.json.items as { slotId: string }[]).some((b) => b.slotId === slotId)).toBe(false);
    expect(JSON.stringify(mine.json.waitlist)).toContain(slotId as string);

    stack.clock.set("2030-01-07T01:10:00.000Z");
    const lawyer = await loginAs(stack.app, "demo-lawyer-1");
    const outcome = await call(
      stack.app,
      "POST",
      `/api/v1/legal/bookings/${booked.json.booking.id}/outcome`,
      {
        token: lawyer,
        body: { attendance: "no_show" },
      },
    );
    expect(outcome.status, outcome.text).toBe(200);
    const tombstoneItems = (await scanAll(stack.deps.db)).filter((item) =>
      String(item.PK).startsWith("USER#deleted"),
    );
    expect(
      tombstoneItems.filter((item) => !String(item.SK).startsWith("LEGAL") && item.entity !== "LegalBooking"),
    ).toEqual([]);
    expect(
      tombstoneItems.filter((item) => item.entity === "LegalLedger" || item.entity === "Message"),
    ).toEqual([]);
  });
});

describe("DELETE /me while staff work on the person's report", () => {
  it("moves the case's version on, so a step read before the deletion cannot write the person back", async () => {
    const resident = await loginAs(stack.app, "demo-resident-29");
    const staff = await loginAs(stack.app, "demo-staff-1");
    const filed = await call(stack.app, "POST", "/api/v1/reports", {
      token: resident,
      body: { category: "noise", description: "楼下装修每天早上七点开工", location: { address: "2栋" } },
    });
    expect(filed.status, filed.text).toBe(201);
    const id = filed.json.report.id as string;
    expect(
      (
        await call(stack.app, "POST", `/api/v1/reports/${id}/dispatch`, {
          token: staff,
          body: { departmentId: "dept-street", dueWorkingDays: 3 },
        })
      ).status,
    ).toBe(200);
    // A staff step that read the case before the deletion, and writes after it.
    const stale = await getCase(stack.deps.db, id);
    const deleted = await call(stack.app, "DELETE", "/api/v1/me", { token: resident, headers: CONFIRM });
    expect(deleted.status, deleted.text).toBe(200);
    const late = { ...(stale as Case), updatedAt: new Date(Date.now() + 60_000).toISOString() };
    await expect(saveCase(stack.deps.db, stale as Case, late, null, [])).rejects.toMatchObject({
      code: "CASE_CHANGED",
    });
    const kept = await getCase(stack.deps.db, id);
    expect(kept).toMatchObject({ filedBy: "deleted", reporterName: "已注销用户" });
  });
});
