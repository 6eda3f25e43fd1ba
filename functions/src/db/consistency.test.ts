import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../../test/setup/harness.js";
import { addBuildingWithResidents, type TestHousehold } from "../../../test/setup/residents.js";
import { nextWeekdayWorkingDay } from "../../../test/setup/working-day.js";
import { runEscalationJob } from "../cases/actions.js";
import { addressItem } from "../community/repo.js";
import { DEMO_COMMUNITY } from "../demo/data.js";
import { bookingRequest, makeRoster } from "../legal/test-helpers.js";
import { isoWeekday } from "../time/shanghai.js";
import { appointmentRequest, at, setUpWindow } from "../window/test-helpers.js";
import { checkConsistency, checkItems, formatViolations, scanTable, type Violation } from "./consistency.js";
import { putAll } from "./items.js";
import { keys } from "./keys.js";

let stack: TestStack;
let staff: string;
let crowd: TestHousehold[];
/** What the bursts made, for the corruption test to spoil. */
const burst = { slotId: "", centerId: "", topicId: "" };

const check = () => checkConsistency(stack.deps.db, { now: stack.clock.now() });
const names = (violations: Violation[]) => [...new Set(violations.map((v) => v.invariant))].sort();

beforeAll(async () => {
  stack = await createTestStack();
  staff = await loginAs(stack.app, "demo-staff-1");
  // 30 households of two verified owners each (memberships and address guards written as the app does).
  crowd = await addBuildingWithResidents(stack, { buildingId: "chk", count: 30, perHousehold: 2 });
  await putAll(stack.deps.db, [
    ...crowd.map((h, i) =>
      addressItem({
        id: h.id,
        communityId: DEMO_COMMUNITY.id,
        buildingId: "chk",
        unit: "1",
        room: String(101 + i),
      }),
    ),
    ...crowd.flatMap((h) =>
      h.residents.map((r) => ({
        ...keys.openid(`${r.id}-openid`),
        userId: r.id,
        createdAt: "2026-01-01T00:00:00.000Z",
      })),
    ),
  ]);
}, 60_000);
afterAll(() => stack.cleanup());

const residents = () => crowd.flatMap((h) => h.residents);

describe("consistency checker", () => {
  it("finds nothing wrong in the seeded demo table", async () => {
    const violations = await check();
    expect(formatViolations(violations)).toBe("");
  });

  it("finds nothing wrong after a legal rush with waitlist joins, a window rush and a ballot burst", async () => {
    // Legal: 60 residents at one 2-seat slot, then 30 of them try its waitlist (its limit applies).
    // Real time: the seed is built around today, so its bookings stay where the ledgers expect them.
    const day = nextWeekdayWorkingDay(stack.clock.now());
    // Lawyer 2's seeded rosters are Tuesday and Thursday afternoons: a morning is free on any weekday.
    const [slotId] = await makeRoster(stack, {
      lawyerId: "u-demo-lawyer-2",
      from: day,
      to: day,
      weekdays: [isoWeekday(day)],
      startTime: "09:00",
      endTime: "09:30",
      seats: 2,
    });
    const legal = await Promise.all(
      residents().map((r) =>
        call(stack.app, "POST", "/api/v1/legal/bookings", {
          token: r.token,
          body: bookingRequest(slotId as string),
        }),
      ),
    );
    expect(
      legal.filter((r) => r.status === 201),
      legal[0]?.text,
    ).toHaveLength(2);
    expect(legal.filter((r) => r.status >= 500)).toEqual([]);
    const joins = await Promise.all(
      residents()
        .slice(0, 30)
        .map((r) =>
          call(stack.app, "POST", `/api/v1/legal/slots/${slotId}/waitlist`, {
            token: r.token,
            body: { category: "other", description: "想咨询物业服务合同的问题。" },
          }),
        ),
    );
    expect(joins.filter((r) => r.status === 201).length).toBeGreaterThan(0);
    burst.slotId = slotId as string;
    expect(joins.filter((r) => r.status >= 500)).toEqual([]);

    // Window: 60 residents at one slot of a 3-window center.
    const { matterId, centerId } = await setUpWindow(stack, staff, { center: { windows: 3 } });
    const window = await Promise.all(
      residents().map((r) =>
        call(stack.app, "POST", "/api/v1/window/appointments", {
          token: r.token,
          body: appointmentRequest(matterId, at(day, "10:00")),
        }),
      ),
    );
    expect(window.filter((r) => r.status === 201)).toHaveLength(3);

    // Ballots: both owners of each household at once, every third one twice.
    const topic = await call(stack.app, "POST", "/api/v1/deliberations", {
      token: staff,
      body: {
        title: "检查楼加装电梯",
        body: "一致性检查：同一户的两位业主同时投票，并有重复提交。",
        scope: { kind: "buildings", buildingIds: ["chk"] },
      },
    });
    const topicId = topic.json.topic.id as string;
    Object.assign(burst, { centerId, topicId });
    const vote = await call(stack.app, "POST", `/api/v1/deliberations/${topicId}/vote`, {
      token: staff,
      body: {
        rule: "owners_major",
        electorate: "owners",
        closesAt: new Date(stack.clock.now().getTime() + 86_400_000).toISOString(),
      },
    });
    expect(vote.status, vote.text).toBe(201);
    const ballots = await Promise.all(
      crowd.flatMap((h, i) => {
        const [a, b] = h.residents;
        const send = (token: string, choice: string) =>
          call(stack.app, "POST", `/api/v1/deliberations/${topicId}/ballots`, { token, body: { choice } });
        const sends = [
          send(a?.token as string, i % 4 ? "approve" : "reject"),
          send(b?.token as string, "abstain"),
        ];
        if (i % 3 === 0) sends.push(send(a?.token as string, "approve"));
        return sends;
      }),
    );
    expect(ballots.filter((r) => r.status === 200)).toHaveLength(crowd.length);

    // Cases: 20 reports at once (20 numbers of one day's counter), each dispatched by two staff
    // members at once (one wins), 5 disputes, then the escalation job (the seed's lit-up case is
    // past its second level).
    const reports = await Promise.all(
      residents()
        .slice(0, 20)
        .map((r, i) =>
          call(stack.app, "POST", "/api/v1/reports", {
            token: r.token,
            body: {
              category: "public_facilities",
              description: `一致性检查：路灯第${i + 1}号不亮。`,
              location: { buildingId: "chk", unit: null, address: "", point: null },
            },
          }),
        ),
    );
    expect(reports.filter((r) => r.status !== 201).map((r) => r.text)).toEqual([]);
    expect(new Set(reports.map((r) => r.json.report.number)).size).toBe(20);
    const staff2 = await loginAs(stack.app, "demo-staff-2");
    const dispatches = await Promise.all(
      reports.flatMap((r) =>
        [staff, staff2].map((token) =>
          call(stack.app, "POST", `/api/v1/reports/${r.json.report.id}/dispatch`, {
            token,
            body: { departmentId: "dept-urban", dueWorkingDays: 1 },
          }),
        ),
      ),
    );
    expect(dispatches.filter((r) => r.status === 200)).toHaveLength(20);
    expect(dispatches.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
    const disputes = await Promise.all(
      residents()
        .slice(20, 25)
        .map((r) =>
          call(stack.app, "POST", "/api/v1/disputes", {
            token: r.token,
            body: {
              type: "neighbour",
              description: "一致性检查：楼上漏水。",
              parties: [{ side: "respondent", name: "楼上住户" }],
            },
          }),
        ),
    );
    expect(disputes.filter((r) => r.status !== 201).map((r) => r.text)).toEqual([]);
    const escalation = await runEscalationJob(stack.deps);
    expect(escalation.escalated).toBeGreaterThanOrEqual(1);

    const violations = await check();
    expect(formatViolations(violations)).toBe("");
  }, 120_000);

  it("reports each planted corruption by name, and nothing once it is undone", async () => {
    const { db } = stack.deps;
    const items = await scanTable(db);
    const find = (predicate: (i: Record<string, unknown>) => boolean) => {
      const found = items.find(predicate);
      if (!found) throw new Error("the burst left nothing to corrupt");
      return found as Record<string, unknown> & { PK: string; SK: string };
    };
    const update = (key: { PK: string; SK: string }, expression: string, values: Record<string, unknown>) =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: { PK: key.PK, SK: key.SK },
          UpdateExpression: expression,
          ExpressionAttributeValues: values,
        }),
      );
    const put = (item: Record<string, unknown>) =>
      db.doc.send(new PutCommand({ TableName: db.tableName, Item: item }));
    const remove = (key: { PK: string; SK: string }) =>
      db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: { PK: key.PK, SK: key.SK } }));

    /** Plants, checks that exactly the expected invariants are reported, undoes. */
    async function planted(plant: () => Promise<unknown>, undo: () => Promise<unknown>, expected: string[]) {
      await plant();
      const violations = await check();
      expect(names(violations), formatViolations(violations)).toEqual([...expected].sort());
      await undo();
      return violations;
    }

    const slot = find((i) => i.entity === "LegalSlot" && i.id === burst.slotId);
    const booking = find(
      (i) => i.entity === "LegalBooking" && i.slotId === slot.id && i.status === "confirmed",
    );
    const counter = find((i) => i.entity === "WindowSlot" && i.centerId === burst.centerId);
    const appointment = find((i) => i.entity === "Appointment" && i.centerId === burst.centerId);
    const vote = find((i) => i.SK === "VOTE" && i.topicId === burst.topicId);
    const choice = find((i) => i.entity === "BallotChoice" && i.PK === `${vote.PK}#CHOICES`);
    const shard = find((i) => i.PK === vote.PK && i.SK === keys.tallyShard("", 0).SK);
    const outbox = find((i) => i.entity === "Outbox" && i.status === "pending");
    const user = find((i) => i.SK === "PROFILE" && Number(i.householdCount) === 1);

    // A seat counter one too high (and over the seats of a full slot).
    const bumped = await planted(
      () => update(slot, "SET booked = booked + :one", { ":one": 1 }),
      () => update(slot, "SET booked = booked - :one", { ":one": 1 }),
      ["legalSlot.booked", "legalSlot.capacity"],
    );
    expect(bumped.find((v) => v.invariant === "legalSlot.booked")).toMatchObject({
      keys: [{ PK: slot.PK, SK: "META" }],
      expected: 2,
      found: 3,
    });
    // A booking gone while its seat, ledger entry and reminders stay: half written.
    await planted(
      () => remove(booking),
      () => put(booking),
      ["legalSlot.bookings", "legalLedger.active", "outbox.target"],
    );
    // A waitlist entry of a slot that does not exist, and one more entry than the slot counts.
    const entry = find((i) => i.entity === "LegalWaitlist" && i.slotId === slot.id);
    await planted(
      () => put({ ...entry, PK: "SLOT#nowhere" }),
      () => remove({ PK: "SLOT#nowhere", SK: entry.SK }),
      ["legalWaitlist.slot"],
    );
    await planted(
      () => put({ ...entry, SK: "WAIT#u-extra", userId: "u-extra" }),
      () => remove({ PK: entry.PK, SK: "WAIT#u-extra" }),
      ["legalSlot.waitlistCount", "legalWaitlist.gsi"],
    );
    // Window: a counter bumped past the windows; a ticket lost.
    await planted(
      () => update(counter, "SET booked = booked + :one", { ":one": 1 }),
      () => update(counter, "SET booked = booked - :one", { ":one": 1 }),
      ["windowSlot.booked", "windowSlot.capacity"],
    );
    const ticketKey = keys.ticket(appointment.ticketCode as string);
    const ticket = find((i) => i.PK === ticketKey.PK);
    await planted(
      () => remove(ticketKey),
      () => put(ticket),
      ["windowAppointment.ticket"],
    );
    // Deliberation: a second ballot for one unit (a duplicate under another key), a tally bumped.
    await planted(
      () => put({ ...choice, SK: `${choice.SK}-copy` }),
      () => remove({ PK: choice.PK, SK: `${choice.SK}-copy` }),
      ["delibBallot.orphan", "delibVote.tally"],
    );
    await planted(
      () => update(shard, "ADD approveCount :one", { ":one": 1 }),
      () => update(shard, "ADD approveCount :minus", { ":minus": -1 }),
      ["delibVote.tally"],
    );
    // Outbox: an entry that retried past the limit; a user whose household count is off.
    await planted(
      () => update(outbox, "SET attempts = :n", { ":n": 9 }),
      () => update(outbox, "SET attempts = :n", { ":n": outbox.attempts }),
      ["outbox.wellFormed"],
    );
    await planted(
      () => update(user, "SET householdCount = :n", { ":n": 2 }),
      () => update(user, "SET householdCount = :n", { ":n": 1 }),
      ["user.householdCount"],
    );
    // Cases: a report's escalation watch lost (the job would never light it up); its number's
    // guard pointing at another case.
    const caseWatch = find((i) => i.entity === "CaseWatch" && i.caseId === "demo-case-4");
    await planted(
      () => remove(caseWatch),
      () => put(caseWatch),
      ["case.watch"],
    );
    const guard = find((i) => i.entity === "CaseNumber" && i.caseId === "demo-case-4");
    await planted(
      () => update(guard, "SET caseId = :other", { ":other": "demo-case-1" }),
      () => update(guard, "SET caseId = :id", { ":id": "demo-case-4" }),
      ["case.number", "caseNumber.case"],
    );
    // An idempotency record marked done with no response to replay.
    await planted(
      () => put({ ...keys.idempotency("u-x", "key-12345"), entity: "Idempotency", state: "done" }),
      () => remove(keys.idempotency("u-x", "key-12345")),
      ["idempotency.done"],
    );
    // Everything undone: clean again.
    expect(formatViolations(await check())).toBe("");
  }, 60_000);

  it("reports the other invariants by name too (the same scan, altered in memory)", async () => {
    const now = stack.clock.now();
    const items = await scanTable(stack.deps.db);
    expect(formatViolations(checkItems(items, { now }))).toBe("");
    type Row = Record<string, unknown> & { PK: string; SK: string };
    const rows = items as Row[];
    const one = (predicate: (i: Row) => boolean) => {
      const found = rows.find(predicate);
      if (!found) throw new Error("nothing to alter");
      return found;
    };
    /** The invariants reported when `alter` is applied to a copy of the scan. */
    const reported = (alter: (copy: Row[]) => Row[]) =>
      names(checkItems(alter(rows.map((i) => structuredClone(i))), { now }));
    const without = (target: Row) => (copy: Row[]) =>
      copy.filter((i) => !(i.PK === target.PK && i.SK === target.SK));
    const changed = (target: Row, fields: Record<string, unknown>) => (copy: Row[]) =>
      copy.map((i) => (i.PK === target.PK && i.SK === target.SK ? { ...i, ...fields } : i));

    const appointment = one((i) => i.entity === "Appointment" && i.centerId === burst.centerId);
    const watch = one((i) => i.PK === appointment.PK && i.SK === "NOSHOW");
    expect(reported(without(watch))).toEqual(["windowNoShow.watch"]);
    const windowLedger = one((i) => i.PK === `USER#${appointment.userId}` && i.SK === "WINDOW#LEDGER");
    expect(reported(changed(windowLedger, { active: {} }))).toEqual(["windowLedger.missing"]);
    const booking = one(
      (i) => i.entity === "LegalBooking" && i.slotId === burst.slotId && i.status === "confirmed",
    );
    const legalLedger = one((i) => i.PK === `USER#${booking.userId}` && i.SK === "LEGAL#LEDGER");
    expect(reported(changed(legalLedger, { active: {} }))).toEqual(["legalLedger.missing"]);
    // A pending reminder outliving its booking (cancelled, the seat map updated, the reminder not withdrawn).
    const slot = one((i) => i.entity === "LegalSlot" && i.id === burst.slotId);
    const seats = { ...(slot.bookings as Record<string, string>) };
    delete seats[booking.id as string];
    expect(
      reported((copy) =>
        changed(slot, { booked: Number(slot.booked) - 1, bookings: seats })(
          changed(booking, { status: "cancelled" })(changed(legalLedger, { active: {} })(copy)),
        ),
      ),
    ).toEqual(["legalWaitlist.slotOpenAndFull", "outbox.target"]);
    const notice = one((i) => i.SK === "SHARD#0" && Number(i.reads) > 0);
    expect(reported(changed(notice, { reads: Number(notice.reads) + 1 }))).toEqual(["notice.counters"]);
    const household = one((i) => i.entity === "Household" && i.buildingId === "chk");
    const guard = one((i) => i.entity === "Address" && i.householdId === household.id);
    expect(reported(without(guard))).toEqual(["household.address"]);
    expect(reported(changed(household, { GSI1SK: "BUILDING#elsewhere" }))).toEqual(["household.gsi"]);
    const claim = one((i) => i.SK === "OPENID" && i.PK === `OPENID#${crowd[0]?.residents[0]?.id}-openid`);
    expect(reported(changed(claim, { userId: "u-nobody" }))).toEqual(["openid.user", "user.openidClaim"]);
    const vote = one((i) => i.SK === "VOTE" && i.topicId === burst.topicId);
    expect(reported(changed(vote, { eligible: { count: 31, area: 1 } }))).toEqual(["delibVote.eligible"]);
    const pointer = one(
      (i) => i.PK === `DELIB#${burst.topicId}#ROLL#${vote.rollId}` && i.SK.startsWith("HH#"),
    );
    expect(reported(changed(pointer, { unitSK: "UNIT#nowhere#1" }))).toEqual(["delibRoll.pointer"]);
    const voted = one((i) => i.PK === pointer.PK && i.SK.startsWith("UNIT#") && i.voted === true);
    expect(reported(changed(voted, { voted: false }))).toEqual(["delibBallot.unit"]);
    const message = one((i) => i.entity === "Message" && i.userId === booking.userId);
    expect(reported(without(message))).toEqual(["outbox.inbox"]);
    const proxy = one((i) => i.entity === "ProxyCase" && typeof i.appointmentId === "string");
    expect(reported(without(proxy))).toEqual(["windowProxy.link"]);
    const topic = one((i) => i.PK === `DELIB#${burst.topicId}` && i.SK === "META");
    expect(reported(changed(topic, { status: "decided" }))).toEqual(["delibTopic.gsi", "delibTopic.vote"]);

    // Cases. demo-case-4: in progress at 物业, watched for level 1; demo-case-1: waiting for
    // triage; demo-case-5: closed; demo-dispute-1: filed by resident 1.
    const working = one((i) => i.PK === "CASE#demo-case-4" && i.SK === "META");
    const waiting = one((i) => i.PK === "CASE#demo-case-1" && i.SK === "META");
    const closed = one((i) => i.PK === "CASE#demo-case-5" && i.SK === "META");
    const filed = one((i) => i.PK === "CASE#demo-dispute-1" && i.SK === "META");
    const numberGuard = one((i) => i.entity === "CaseNumber" && i.caseId === "demo-case-4");
    expect(reported(without(numberGuard))).toEqual(["case.number"]);
    // A guard for a number nobody has: it points at no case, and is past its day's counter.
    expect(
      reported((copy) => [
        ...copy,
        { ...numberGuard, PK: `${numberGuard.PK}99`, number: `${working.number}99`, caseId: "nowhere" },
      ]),
    ).toEqual(["caseCounter.seq", "caseNumber.case"]);
    // The community index says open for a closed case, done for an open one.
    expect(reported(changed(closed, { GSI1PK: "COMMUNITY#huanghe-west#CASES#OPEN" }))).toEqual([
      "case.state",
    ]);
    expect(reported(changed(waiting, { status: "declined" }))).toEqual(["case.state"]);
    expect(reported(changed(waiting, { GSI1SK: "2020-01-01T00:00:00.000Z#demo-case-1" }))).toEqual([
      "case.gsi",
    ]);
    // Party pointers: the reporter's lost; one for somebody the case does not name; a dispute
    // that dropped its party but kept the pointer.
    const reporterPointer = one((i) => i.PK === working.PK && i.SK === `PARTY#${working.filedBy}`);
    expect(reported(without(reporterPointer))).toEqual(["case.party"]);
    expect(
      reported((copy) => [
        ...copy,
        { ...reporterPointer, SK: "PARTY#u-demo-resident-2", userId: "u-demo-resident-2" },
      ]),
    ).toEqual(["caseParty.case"]);
    expect(reported(changed(filed, { partyUserIds: [] }))).toEqual(["caseParty.case"]);
    expect(reported(changed(reporterPointer, { GSI1PK: "USER#someone-else#CASES" }))).toEqual([
      "caseParty.gsi",
    ]);
    // The assignment pointer: lost, naming another department, or there for a case nobody has.
    const assignment = one((i) => i.PK === working.PK && i.SK === "ASSIGNED");
    expect(reported(without(assignment))).toEqual(["case.assignment"]);
    expect(reported(changed(assignment, { assignee: "DEPT#dept-police" }))).toEqual(["case.assignment"]);
    expect(reported((copy) => [...copy, { ...assignment, PK: waiting.PK, caseId: "demo-case-1" }])).toEqual([
      "case.assignment",
    ]);
    // The escalation watch: lost, at the wrong level, or left on a closed case.
    const watch4 = one((i) => i.PK === working.PK && i.SK === "WATCH");
    expect(reported(without(watch4))).toEqual(["case.watch"]);
    expect(reported(changed(watch4, { level: 2 }))).toEqual(["case.watch"]);
    expect(reported(changed(watch4, { dueAt: "2030-01-01T00:00:00.000Z" }))).toEqual(["case.watch"]);
    expect(reported((copy) => [...copy, { ...watch4, PK: closed.PK, caseId: "demo-case-5" }])).toEqual([
      "case.watch",
    ]);
    // A case raised a level without its watch moving on.
    expect(reported(changed(working, { escalationLevel: 1 }))).toEqual(["case.watch"]);
    // The day's counter behind the numbers issued, or gone.
    const day = String(waiting.number).split("-")[1];
    const counter = one((i) => i.PK === `CASENO#HX#${day}` && i.SK === "COUNTER");
    expect(reported(changed(counter, { seq: 0 }))).toEqual(["caseCounter.seq"]);
    expect(reported(without(counter))).toEqual(["caseCounter.seq"]);
    // A referred dispute without its consultation's guard, and a guard for a dispute not referred.
    const referred = { ...filed, referralBookingId: "seed-booking-9001" };
    expect(reported(changed(filed, { referralBookingId: "seed-booking-9001" }))).toEqual(["case.referral"]);
    const referralGuard = {
      PK: "BOOKING#seed-booking-9001",
      SK: "REFERRAL",
      entity: "CaseReferral",
      caseId: filed.id,
    };
    expect(reported((copy) => [...changed(filed, referred)(copy), referralGuard])).toEqual([]);
    expect(reported((copy) => [...copy, referralGuard])).toEqual(["case.referral"]);
    // Handlers: a department that dropped its handler but left the pointer; a pointer lost; an
    // inactive department whose handlers kept theirs.
    const urban = one((i) => i.entity === "Department" && i.id === "dept-urban");
    const handler = one((i) => i.entity === "Handler" && i.departmentId === "dept-urban");
    expect(reported(changed(urban, { handlerIds: [] }))).toEqual(["handler.department"]);
    expect(reported(without(handler))).toEqual(["department.handler"]);
    expect(reported(changed(urban, { active: false }))).toEqual(["handler.department"]);
  });
});
