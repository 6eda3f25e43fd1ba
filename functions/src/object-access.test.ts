import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestStack, loginAs, type TestStack } from "../../test/setup/harness.js";
import { addOtherCommunityResident, addVerifiedResidents } from "../../test/setup/residents.js";
import { documentedRoutes, IDS, routeUrl } from "../../test/setup/route-fixtures.js";
import { DEMO_COMMUNITY } from "./demo/data.js";

/**
 * Object-level privacy: nobody reads another resident's bookings, appointments, ballots,
 * descriptions or notes. One resident (the owner, a tenant) leaves unique canaries in the app: a
 * legal consultation with a description and a full contact phone, the lawyer's private notes on
 * it, a window appointment, and a ballot in a secret vote. Then every GET route of the OpenAPI
 * document is called by every kind of caller, pointed at the owner's objects, and no answer may
 * contain a canary the caller is not entitled to. The owner (and the lawyer, and the window
 * staff, for what is theirs to see) are the positive controls: the scan must find the canaries
 * there, or it proves nothing.
 *
 * Cases add four canaries. A dispute the owner files naming the neighbour (a user) as the other
 * party with a full phone number: its description is for the parties who are users, the mediator
 * (demo-handler-1, through a mediation studio made here) and the supervisor (demo-staff-1); the
 * phone whole for the mediator and the supervisor, and for the neighbour, whose own number it is
 * (the owner sees it masked). Staff who are not supervisors (demo-staff-2) and the admin see
 * disputes as counts only. An anonymous report by a resident with a unique name: the description
 * is for the reporter, staff of the community and the handler of the department it went to; the
 * name for the reporter alone; the note staff leave the department on dispatch for staff and the
 * handler, not the reporter.
 */

const A = DEMO_COMMUNITY.id;
const tag = randomBytes(4).toString("hex");
const CANARY = {
  description: `隐私探针描述-${tag}`,
  phone: `139${String(Number.parseInt(tag, 16) % 100_000_000).padStart(8, "0")}`,
  notes: `律师私人笔记探针-${tag}`,
  disputeDescription: `调解探针描述-${tag}`,
  partyPhone: `138${String(Number.parseInt(tag, 16) % 99_999_989).padStart(8, "0")}`,
  reportDescription: `随手拍探针描述-${tag}`,
  /** The note staff leave the department on dispatch: for those handling the case, not the reporter. */
  dispatchNote: `派遣内部备注-${tag}`,
  /** The anonymous reporter's nickname (addVerifiedResidents names them `<prefix><i>`). */
  reporterName: `anon${tag}0`,
};

const SCANNERS = [
  "anon",
  "unverified",
  "neighbour",
  "otherLawyer",
  "residentB",
  "staffB",
  "staff",
  "admin",
  "lawyer",
  "owner",
  "staff2",
  "handler",
  "reporter",
] as const;
type Scanner = (typeof SCANNERS)[number];

/** Who may see each canary; everyone else must never get it in any answer. */
const ENTITLED = {
  description: ["owner", "lawyer"],
  phone: ["owner", "lawyer"],
  notes: ["owner", "lawyer"],
  appointment: ["owner", "staff", "staff2", "admin"],
  choice: ["owner"],
  disputeDescription: ["owner", "neighbour", "staff", "handler"],
  partyPhone: ["neighbour", "staff", "handler"],
  reportDescription: ["reporter", "staff", "staff2", "admin", "handler"],
  dispatchNote: ["staff", "staff2", "admin", "handler"],
  reporterName: ["reporter"],
} satisfies Record<string, Scanner[]>;
type Canary = keyof typeof ENTITLED;

let stack: TestStack;
const tokens: Partial<Record<Scanner, string>> = {};
const objects: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
type Json = any;

beforeAll(async () => {
  stack = await createTestStack();
  tokens.owner = await loginAs(stack.app, "demo-resident-29");
  tokens.neighbour = await loginAs(stack.app, "demo-resident-1");
  tokens.unverified = await loginAs(stack.app, "demo-resident-40");
  tokens.lawyer = await loginAs(stack.app, "demo-lawyer-2");
  tokens.otherLawyer = await loginAs(stack.app, "demo-lawyer-1");
  tokens.staff = await loginAs(stack.app, "demo-staff-1");
  tokens.staffB = await loginAs(stack.app, "demo-staff-other");
  tokens.admin = await loginAs(stack.app, "demo-admin");
  tokens.residentB = await addOtherCommunityResident(stack, 3600);
  tokens.staff2 = await loginAs(stack.app, "demo-staff-2");
  tokens.handler = await loginAs(stack.app, "demo-handler-1");
  const [reporter] = await addVerifiedResidents(stack, 1, `anon${tag}`);
  tokens.reporter = reporter?.token;
  const as = (who: Scanner) => ({ token: tokens[who] });
  const ok = <T extends { status: number; text: string }>(res: T, what: string): T => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res;
  };

  const me = ok(await call(stack.app, "GET", "/api/v1/me", as("owner")), "me").json;
  objects.userId = me.id;
  objects.householdId = me.households[0].householdId;

  // A phone consultation with lawyer 2: the description and the full number are for them two.
  const slots: Json[] = ok(
    await call(stack.app, "GET", `/api/v1/legal/slots?communityId=${A}`, as("owner")),
    "slots",
  ).json.slots;
  const slot = slots.find(
    (s) => s.lawyer.id === "u-demo-lawyer-2" && s.mode === "phone" && s.status === "open" && s.available > 0,
  );
  objects.slotId = slot.id;
  objects.bookingId = ok(
    await call(stack.app, "POST", "/api/v1/legal/bookings", {
      ...as("owner"),
      body: {
        slotId: slot.id,
        category: "labour",
        description: CANARY.description,
        contactPhone: CANARY.phone,
      },
    }),
    "booking",
  ).json.booking.id;
  // The lawyer's private notes, once the consultation has started.
  const now = stack.clock.now().toISOString();
  stack.clock.set(new Date(new Date(slot.startsAt).getTime() + 10 * 60_000).toISOString());
  ok(
    await call(stack.app, "POST", `/api/v1/legal/bookings/${objects.bookingId}/outcome`, {
      ...as("lawyer"),
      body: { attendance: "attended", outcome: "answered", notes: CANARY.notes },
    }),
    "outcome",
  );
  stack.clock.set(now);

  // A window appointment.
  const matter = ok(await call(stack.app, "GET", `/api/v1/matters/${IDS.matterId}`, as("owner")), "matter")
    .json.matter;
  const days: Json[] = ok(
    await call(stack.app, "GET", `/api/v1/window/days?matterId=${IDS.matterId}`, as("owner")),
    "days",
  ).json.days;
  const day = days.filter((d) => d.open && d.available > 0)[2]?.date;
  const windowSlots: Json[] = ok(
    await call(stack.app, "GET", `/api/v1/window/slots?matterId=${IDS.matterId}&date=${day}`, as("owner")),
    "window slots",
  ).json.slots;
  objects.appointmentId = ok(
    await call(stack.app, "POST", "/api/v1/window/appointments", {
      ...as("owner"),
      body: {
        matterId: IDS.matterId,
        slotStartsAt: windowSlots.find((s) => s.available > 0)?.startsAt,
        confirmedMaterials: matter.materials.map((m: Json) => m.id),
      },
    }),
    "appointment",
  ).json.appointment.id;

  // A secret vote in which only the owner has voted.
  objects.topicId = ok(
    await call(stack.app, "POST", "/api/v1/deliberations", {
      ...as("staff"),
      body: { communityId: A, title: "隐私探针议题", body: "只有一位居民投票的秘密表决。" },
    }),
    "topic",
  ).json.topic.id;
  ok(
    await call(stack.app, "POST", `/api/v1/deliberations/${objects.topicId}/vote`, {
      ...as("staff"),
      body: { rule: "simple_majority", electorate: "residents", closesAt: "2027-01-31T12:00:00.000Z" },
    }),
    "vote",
  );
  ok(
    await call(stack.app, "POST", `/api/v1/deliberations/${objects.topicId}/ballots`, {
      ...as("owner"),
      body: { choice: "reject" },
    }),
    "ballot",
  );

  // A dispute naming the neighbour, with their phone; a mediation studio whose mediator is the
  // handler; the supervisor assigns it there.
  const neighbourId = ok(await call(stack.app, "GET", "/api/v1/me", as("neighbour")), "me").json.id;
  objects.disputeId = ok(
    await call(stack.app, "POST", "/api/v1/disputes", {
      ...as("owner"),
      body: {
        type: "neighbour",
        description: CANARY.disputeDescription,
        parties: [{ side: "respondent", name: "探针邻居", userId: neighbourId, phone: CANARY.partyPhone }],
      },
    }),
    "dispute",
  ).json.dispute.id;
  const studio = ok(
    await call(stack.app, "POST", "/api/v1/departments", {
      ...as("staff"),
      body: { communityId: A, name: "探针调解工作室", kind: "mediation", handlerIds: ["u-demo-handler-1"] },
    }),
    "studio",
  ).json.department.id;
  objects.departmentId = studio;
  ok(
    await call(stack.app, "POST", `/api/v1/disputes/${objects.disputeId}/assign`, {
      ...as("staff"),
      body: { mediator: { kind: "department", departmentId: studio }, dueWorkingDays: 10 },
    }),
    "assign",
  );

  // An anonymous report, dispatched to 城管 (whose handler is demo-handler-1).
  objects.reportId = ok(
    await call(stack.app, "POST", "/api/v1/reports", {
      ...as("reporter"),
      body: {
        category: "public_facilities",
        description: CANARY.reportDescription,
        location: { buildingId: "b1", unit: null, address: "", point: null },
        anonymous: true,
      },
    }),
    "report",
  ).json.report.id;
  ok(
    await call(stack.app, "POST", `/api/v1/reports/${objects.reportId}/dispatch`, {
      ...as("staff"),
      body: { departmentId: "dept-urban", dueWorkingDays: 3, note: CANARY.dispatchNote },
    }),
    "dispatch",
  );
});
afterAll(() => stack?.cleanup());

/** Every non-null `choice` anywhere in a JSON answer. */
function choicesIn(value: Json, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) choicesIn(item, found);
  else if (value && typeof value === "object")
    for (const [key, inner] of Object.entries(value)) {
      if (key === "choice" && typeof inner === "string") found.push(inner);
      else choicesIn(inner, found);
    }
  return found;
}

describe("object-level privacy", () => {
  it("shows no caller a resident's booking, description, phone, notes, appointment or ballot unless entitled", {
    timeout: 120_000,
  }, async () => {
    const ids = { ...IDS, ...objects, lawyerId: "u-demo-lawyer-2" };
    const gets = documentedRoutes(stack.app)
      .map((r) => r.key)
      .filter((key) => key.startsWith("GET "));
    const leaks: string[] = [];
    const seen: Record<string, Set<Scanner>> = {};
    for (const key of gets) {
      for (const who of SCANNERS) {
        const res = await call(stack.app, "GET", routeUrl(key, ids), { token: tokens[who] });
        expect(res.status, `${key} as ${who}`).toBeLessThan(500);
        const found: string[] = [];
        if (res.text.includes(CANARY.description)) found.push("description");
        if (res.text.includes(CANARY.phone)) found.push("phone");
        if (res.text.includes(CANARY.notes)) found.push("notes");
        if (res.text.includes(objects.appointmentId as string)) found.push("appointment");
        if (key.includes("{topicId}") && choicesIn(res.json).length > 0) found.push("choice");
        for (const kind of [
          "disputeDescription",
          "partyPhone",
          "reportDescription",
          "dispatchNote",
          "reporterName",
        ] as const)
          if (res.text.includes(CANARY[kind])) found.push(kind);
        for (const kind of found as Canary[]) {
          seen[kind] = (seen[kind] ?? new Set()).add(who);
          if (!(ENTITLED[kind] as Scanner[]).includes(who))
            leaks.push(`${key} as ${who}: ${kind} (${res.status})`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // Positive controls: the scan does find each canary where it belongs.
    for (const [kind, entitled] of Object.entries(ENTITLED))
      expect([...(seen[kind] ?? [])].sort(), `who saw the ${kind}`).toEqual([...entitled].sort());
  });

  it("refuses a dispute to staff who are not supervisors and to the admin by name, shows the other party's phone masked, and a report to a handler of another department as not found", async () => {
    for (const who of ["staff2", "admin"] as const) {
      const one = await call(stack.app, "GET", `/api/v1/disputes/${objects.disputeId}`, {
        token: tokens[who],
      });
      expect(one.status, `dispute as ${who}`).toBe(403);
      expect(one.json.error.code).toBe("DISPUTE_PRIVATE");
      const list = await call(stack.app, "GET", `/api/v1/disputes?communityId=${A}`, { token: tokens[who] });
      expect(list.status, `disputes as ${who}`).toBe(403);
      expect(list.json.error.code).toBe("DISPUTES_PRIVATE");
    }
    const asOwner = await call(stack.app, "GET", `/api/v1/disputes/${objects.disputeId}`, {
      token: tokens.owner,
    });
    expect(asOwner.status).toBe(200);
    expect(asOwner.json.dispute.parties[1]).toMatchObject({
      isUser: true,
      phone: `*******${CANARY.partyPhone.slice(-4)}`,
    });
    // Staff and the handler read the anonymous report without its reporter.
    for (const who of ["staff", "staff2", "admin", "handler"] as const) {
      const report = await call(stack.app, "GET", `/api/v1/reports/${objects.reportId}`, {
        token: tokens[who],
      });
      expect(report.status, `report as ${who}`).toBe(200);
      expect(report.json.report).toMatchObject({ anonymous: true, reporter: null, mine: false });
    }
    // demo-case-1 waits for triage: no department has it, so its handlers do not know it exists.
    const untriaged = await call(stack.app, "GET", "/api/v1/reports/demo-case-1", { token: tokens.handler });
    expect(untriaged.status).toBe(404);
    for (const who of ["neighbour", "residentB", "otherLawyer", "unverified", "staffB"] as const) {
      const report = await call(stack.app, "GET", `/api/v1/reports/${objects.reportId}`, {
        token: tokens[who],
      });
      expect(report.status, `report as ${who}`).toBe(404);
    }
    // The neighbour is a party to the dispute; these are not.
    for (const who of ["residentB", "otherLawyer", "unverified", "staffB", "reporter"] as const) {
      const dispute = await call(stack.app, "GET", `/api/v1/disputes/${objects.disputeId}`, {
        token: tokens[who],
      });
      expect(dispute.status, `dispute as ${who}`).toBe(404);
    }
  });

  it("answers another resident's booking and appointment as not found, and shows them no choice", async () => {
    for (const who of ["neighbour", "residentB", "otherLawyer", "unverified"] as const) {
      const booking = await call(stack.app, "GET", `/api/v1/legal/bookings/${objects.bookingId}`, {
        token: tokens[who],
      });
      expect([403, 404], `booking as ${who}`).toContain(booking.status);
      const appointment = await call(
        stack.app,
        "GET",
        `/api/v1/window/appointments/${objects.appointmentId}`,
        {
          token: tokens[who],
        },
      );
      expect([403, 404], `appointment as ${who}`).toContain(appointment.status);
    }
    const topic = await call(stack.app, "GET", `/api/v1/deliberations/${objects.topicId}`, {
      token: tokens.neighbour,
    });
    expect(topic.status).toBe(200);
    expect(topic.json.topic.myBallot?.choice ?? null).toBeNull();
    const own = await call(stack.app, "GET", `/api/v1/deliberations/${objects.topicId}`, {
      token: tokens.owner,
    });
    expect(own.json.topic.myBallot.choice).toBe("reject");
  });
});
