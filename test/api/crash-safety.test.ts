/**
 * Crash safety (issue 8): the real API (`npm start`'s entry) on DynamoDB Local kept on disk is
 * killed with SIGKILL in the middle of a burst of legal bookings, window appointments and ballots;
 * then DynamoDB Local's JVM is killed too. Both come back on the same data, and every request that
 * was answered 2xx is there, the consistency checker finds every counter equal to what it counts
 * and nothing half written, and the app goes on working. Twice, at different moments of the burst.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../functions/src/db/client.js";
import { checkConsistency, formatViolations } from "../../functions/src/db/consistency.js";
import { type RunningDynamoDbLocal, startDynamoDbLocal } from "../../functions/src/db/dynamodb-local.js";
import { getItem } from "../../functions/src/db/items.js";
import { keys } from "../../functions/src/db/keys.js";
import { addDays, isoWeekday, shanghaiInstant } from "../../functions/src/time/shanghai.js";
import { centerBody, matterBody } from "../../functions/src/window/test-helpers.js";
import { writeBuildingWithResidents } from "../setup/residents.js";
import { type LocalStack, spawnLocalStack } from "../setup/spawn-stack.js";
import { nextWeekdayWorkingDay } from "../setup/working-day.js";

const TABLE = `crash-${randomBytes(3).toString("hex")}`;
const JWT_SECRET = randomBytes(32).toString("hex");
const HOUSEHOLDS = 30;

let dbPath: string;
let filesDir: string;
let dynamo: RunningDynamoDbLocal;
let api: LocalStack;
let db: Db;
let staff: string;
let centerId: string;
let matterId: string;

async function startApi() {
  api = await spawnLocalStack({
    // No job timer: the checker's scan is not a snapshot, and nothing may write while it reads.
    args: ["--no-jobs"],
    env: {
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TABLE_NAME: TABLE,
      JWT_SECRET,
      LOCAL_FILES_DIR: filesDir,
      AUTH_RATE_LIMIT_PER_MINUTE: "1000000",
      CREATE_RATE_LIMIT_PER_USER_PER_MINUTE: "1000000",
      CREATE_RATE_LIMIT_PER_IP_PER_MINUTE: "1000000",
    },
  });
  db = createDb({ tableName: TABLE, region: "ap-east-1", endpoint: dynamo.endpoint });
}

interface Answer {
  status: number;
  /** Answered from the stored response of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  json: any;
}

async function request(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${api.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...headers,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? JSON.parse(text) : null,
    replayed: response.headers.get("idempotent-replayed") === "true",
  };
}

interface Owner {
  id: string;
  token: string;
  householdId: string;
}

/** A building of HOUSEHOLDS households with two verified owners each, written as the app writes them. */
async function addBuilding(buildingId: string, count = HOUSEHOLDS): Promise<Owner[][]> {
  const households = await writeBuildingWithResidents(db, {
    secret: JWT_SECRET,
    now: new Date(),
    buildingId,
    count,
    perHousehold: 2,
  });
  return households.map((household) =>
    household.residents.map((resident) => ({ ...resident, householdId: household.id })),
  );
}

/** A roster of 30-minute slots with three seats each on `day` (by default six, 09:00–12:00); their ids. */
async function legalSlots(day: string, lawyerId: string, hours = ["09:00", "12:00"]): Promise<string[]> {
  const roster = await request("POST", "/legal/rosters", staff, {
    lawyerId,
    from: day,
    to: day,
    weekdays: [isoWeekday(day)],
    startTime: hours[0],
    endTime: hours[1],
    slotMinutes: 30,
    mode: "in_person",
    seats: 3,
  });
  expect(roster.status, JSON.stringify(roster.json)).toBe(201);
  const listed = await request("GET", `/legal/slots?from=${day}&to=${day}&lawyerId=${lawyerId}`, staff);
  return (listed.json.slots as { id: string }[])
    .map((slot) => slot.id)
    .filter((id) => id.startsWith(roster.json.roster.id));
}

/** A vote of the owners of one building, open now; its topic id. */
async function openVote(buildingId: string): Promise<string> {
  const topic = await request("POST", "/deliberations", staff, {
    title: `${buildingId}栋外墙维修`,
    body: "崩溃测试：表决进行中服务被强行终止，重启后每一张已确认的选票都应在。",
    scope: { kind: "buildings", buildingIds: [buildingId] },
  });
  expect(topic.status, JSON.stringify(topic.json)).toBe(201);
  const id = topic.json.topic.id as string;
  const vote = await request("POST", `/deliberations/${id}/vote`, staff, {
    rule: "owners_ordinary",
    electorate: "owners",
    closesAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  });
  expect(vote.status, JSON.stringify(vote.json)).toBe(201);
  expect(vote.json.topic.vote.eligible.count).toBe(HOUSEHOLDS);
  return id;
}

interface Acknowledged {
  bookings: string[];
  appointments: string[];
  /** Households whose ballot was answered 200. */
  ballots: string[];
  /** Bookings whose cancellation was answered 200. */
  cancels: string[];
  /** Residents whose waitlist join was answered 201. */
  joins: string[];
  /** Acknowledged creations sent with an Idempotency-Key: sent again, each must get its answer back. */
  replays: { path: string; token: string; body: unknown; key: string; id: string }[];
  failures: number;
  /** Requests left without an answer by the crash. */
  cutOff: number;
  /** Error codes of the 4xx answers. */
  refusals: Set<string>;
}

/**
 * Fires every request of the burst at once and SIGKILLs the API as soon as `killWhen` holds for
 * what has been answered 2xx. Returns what was acknowledged (answered 2xx, body read) before the crash.
 */
/** A full slot whose holders cancel in the burst while others join its waitlist (seats pass on). */
interface Contest {
  slotId: string;
  holders: { token: string; bookingId: string }[];
  joiners: Owner[];
}

async function burstAndCrash(
  households: Owner[][],
  slots: string[],
  day: string,
  topicId: string,
  contest: Contest,
  killWhen: (acked: Acknowledged) => boolean,
): Promise<Acknowledged> {
  const acked: Acknowledged = {
    bookings: [],
    appointments: [],
    ballots: [],
    cancels: [],
    joins: [],
    replays: [],
    failures: 0,
    cutOff: 0,
    refusals: new Set(),
  };
  let killing: Promise<void> | null = null;
  const windowTimes = ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45"];
  const sends: Promise<void>[] = [];
  const send = (run: () => Promise<Answer>, record: (answer: Answer) => void) =>
    sends.push(
      run().then(
        (answer) => {
          if (answer.status >= 500) acked.failures += 1;
          if (answer.status >= 400 && answer.status < 500) acked.refusals.add(answer.json?.error?.code);
          if (answer.status < 200 || answer.status > 299) return;
          record(answer);
          if (!killing && killWhen(acked)) killing = api.kill("SIGKILL");
        },
        () => {
          acked.cutOff += 1; // no answer: not acknowledged
        },
      ),
    );
  for (const holder of contest.holders) {
    send(
      () => request("POST", `/legal/bookings/${holder.bookingId}/cancel`, holder.token),
      () => acked.cancels.push(holder.bookingId),
    );
  }
  for (const joiner of contest.joiners) {
    send(
      () =>
        request("POST", `/legal/slots/${contest.slotId}/waitlist`, joiner.token, {
          category: "other",
          description: "想咨询物业服务合同的问题。",
        }),
      () => acked.joins.push(joiner.id),
    );
  }
  households.forEach((owners, h) => {
    owners.forEach((owner, r) => {
      const n = h * 2 + r;
      // Creations carry an Idempotency-Key, whose stored answer commits with the write itself.
      const booking = {
        slotId: slots[n % slots.length],
        category: "housing_property",
        description: "房屋漏水，物业推诿，想咨询如何维权。",
      };
      const bookingKey = `${owner.id}-legal`;
      send(
        () => request("POST", "/legal/bookings", owner.token, booking, { "Idempotency-Key": bookingKey }),
        (answer) => {
          acked.bookings.push(answer.json.booking.id);
          const id = answer.json.booking.id;
          acked.replays.push({
            path: "/legal/bookings",
            token: owner.token,
            body: booking,
            key: bookingKey,
            id,
          });
        },
      );
      const appointment = {
        matterId,
        slotStartsAt: shanghaiInstant(day, windowTimes[n % windowTimes.length] as string),
        confirmedMaterials: ["m1", "m2"],
      };
      const appointmentKey = `${owner.id}-window`;
      send(
        () =>
          request("POST", "/window/appointments", owner.token, appointment, {
            "Idempotency-Key": appointmentKey,
          }),
        (answer) => {
          acked.appointments.push(answer.json.appointment.id);
          const id = answer.json.appointment.id;
          acked.replays.push({
            path: "/window/appointments",
            token: owner.token,
            body: appointment,
            key: appointmentKey,
            id,
          });
        },
      );
      const ballot = () =>
        request("POST", `/deliberations/${topicId}/ballots`, owner.token, {
          choice: h % 4 === 0 ? "reject" : "approve",
        });
      send(ballot, () => acked.ballots.push(owner.householdId));
      // Every third household's first owner taps twice.
      if (r === 0 && h % 3 === 0) send(ballot, () => acked.ballots.push(owner.householdId));
    });
  });
  await Promise.all(sends);
  // The whole burst may have been answered before the threshold: the crash comes after it then.
  await (killing ?? api.kill("SIGKILL"));
  return acked;
}

/** SIGKILL DynamoDB Local's JVM, then bring it and the API back on the same files. */
async function crashDatabaseAndRestart() {
  await dynamo.kill();
  dynamo = await startDynamoDbLocal({ dbPath });
  await startApi();
}

async function expectPresent(acked: Acknowledged, topicId: string, contest: Contest) {
  for (const id of acked.cancels) {
    const booking = await getItem<{ status: string }>(db, keys.booking(id), true);
    expect(booking?.status, `acknowledged cancellation of ${id}`).toBe("cancelled");
  }
  // A resident who joined the queue is still in it, or was given a cancelled seat.
  const slot = await getItem<{ bookings: Record<string, string> }>(db, keys.slot(contest.slotId), true);
  for (const userId of acked.joins) {
    const entry = await getItem(db, keys.waitlistEntry(contest.slotId, userId), true);
    const seated = Object.values(slot?.bookings ?? {}).includes(userId);
    expect(Boolean(entry) || seated, `acknowledged waitlist join of ${userId}`).toBe(true);
  }
  for (const id of acked.bookings) {
    const booking = await getItem<{ status: string }>(db, keys.booking(id), true);
    expect(booking?.status, `acknowledged booking ${id}`).toBe("confirmed");
  }
  for (const id of acked.appointments) {
    const appointment = await getItem<{ status: string }>(db, keys.appointment(id), true);
    expect(appointment?.status, `acknowledged appointment ${id}`).toBe("booked");
  }
  for (const householdId of new Set(acked.ballots)) {
    expect((await unitOf(topicId, householdId))?.voted, `acknowledged ballot of ${householdId}`).toBe(true);
  }
}

/** A household's ballot unit in a vote's frozen roll, read from the table. */
async function unitOf(topicId: string, householdId: string) {
  const vote = await getItem<{ rollId: string }>(db, keys.vote(topicId), true);
  const pointer = await getItem<{ unitSK: string }>(
    db,
    keys.rollHousehold(topicId, vote?.rollId as string, householdId),
    true,
  );
  return getItem<{ voted: boolean }>(
    db,
    { PK: keys.rollPartition(topicId, vote?.rollId as string), SK: pointer?.unitSK as string },
    true,
  );
}

async function expectConsistent() {
  const violations = await checkConsistency(db);
  expect(formatViolations(violations)).toBe("");
}

beforeAll(async () => {
  // A killed process loses nothing the kernel already has, so files in RAM (/dev/shm) test the same
  // crash as files on disk, without the cost of every write's fsync on a busy machine.
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  dbPath = await mkdtemp(join(base, "onedoor-crash-db-"));
  filesDir = await mkdtemp(join(tmpdir(), "onedoor-crash-files-"));
  dynamo = await startDynamoDbLocal({ dbPath });
  await startApi();
  const login = await request("POST", "/auth/dev-login", undefined, { openid: "demo-staff-1" });
  staff = login.json.token;
  const center = await request("POST", "/window/centers", staff, centerBody({ windows: 3 }));
  expect(center.status, JSON.stringify(center.json)).toBe(201);
  centerId = center.json.center.id;
  const matter = await request("POST", "/matters", staff, matterBody(centerId));
  expect(matter.status, JSON.stringify(matter.json)).toBe(201);
  matterId = matter.json.matter.id;
});

afterAll(async () => {
  await api?.stop();
  await dynamo?.stop();
  await rm(dbPath, { recursive: true, force: true });
  await rm(filesDir, { recursive: true, force: true });
});

describe("crash safety: SIGKILL in the middle of a burst", () => {
  it("keeps every acknowledged booking, appointment and ballot, and leaves nothing half written", async () => {
    let day = nextWeekdayWorkingDay(new Date());
    // Six slots per round, at hours the seeded rosters leave free whatever the weekday (lawyer 1 has
    // Monday mornings, lawyer 2 Tuesday and Thursday afternoons, lawyer 3 Wednesday and Saturday mornings).
    const rosters: [string, string[]][] = [
      ["u-demo-lawyer-1", ["13:00", "16:00"]],
      ["u-demo-lawyer-2", ["09:00", "12:00"]],
    ];
    // A burst can answer about 80 requests 2xx (18 seats, 24 window places, 30 households, 3
    // cancellations, 10 queue places); legal bookings and cancellations are the slowest to answer.
    // Crash once the first bookings are answered, then well into the burst.
    const moments = [
      (acked: Acknowledged) => acked.bookings.length >= 2,
      (acked: Acknowledged) =>
        acked.cancels.length >= 2 &&
        acked.bookings.length + acked.appointments.length + acked.ballots.length >= 30,
    ];
    for (const [round, killWhen] of moments.entries()) {
      const buildingId = `crash${round}`;
      const households = await addBuilding(buildingId);
      const [lawyerId, hours] = rosters[round] as [string, string[]];
      const slots = await legalSlots(day, lawyerId, hours);
      const topicId = await openVote(buildingId);
      const [contested] = await legalSlots(day, "u-demo-lawyer-3", ["15:00", "15:30"]);
      const holders = [];
      for (const [holder] of await addBuilding(`hold${round}`, 3)) {
        const held = await request("POST", "/legal/bookings", holder?.token, {
          slotId: contested,
          category: "inheritance",
          description: "父亲去世后房产继承份额有争议，想咨询。",
        });
        expect(held.status, JSON.stringify(held.json)).toBe(201);
        holders.push({ token: holder?.token as string, bookingId: held.json.booking.id as string });
      }
      const contest: Contest = {
        slotId: contested as string,
        holders,
        joiners: households.slice(0, 10).map((owners) => owners[1] as Owner),
      };
      const acked = await burstAndCrash(households, slots, day, topicId, contest, killWhen);
      expect(acked.failures).toBe(0);
      // Refused only for the reasons a rush has: full slots, a household's second ballot, a queue
      // join that lost to a cancellation (book instead), a race lost too often.
      for (const code of acked.refusals)
        expect(["SLOT_FULL", "ALREADY_VOTED", "SLOT_AVAILABLE", "CONFLICT_RETRY"]).toContain(code);
      expect(killWhen(acked)).toBe(true);
      // The crash came in the middle: well over a hundred requests were left without an answer.
      expect(acked.cutOff).toBeGreaterThan(0);
      await crashDatabaseAndRestart();
      await expectPresent(acked, topicId, contest);
      // Each acknowledged creation sent again with its key gets the same answer back, nothing new.
      for (const replay of acked.replays) {
        const again = await request("POST", replay.path, replay.token, replay.body, {
          "Idempotency-Key": replay.key,
        });
        expect(again.status, JSON.stringify(again.json)).toBe(201);
        expect(again.replayed).toBe(true);
        expect(again.json.booking?.id ?? again.json.appointment?.id).toBe(replay.id);
      }
      await expectConsistent();

      // The app goes on: households that have not voted (read back from the table) vote, a new
      // resident books a consultation and a window appointment, and everything still adds up.
      const notVoted = [];
      for (const owners of households) {
        if (!(await unitOf(topicId, owners[0]?.householdId as string))?.voted) notVoted.push(owners);
      }
      for (const owners of notVoted.slice(0, 3)) {
        const ballot = await request("POST", `/deliberations/${topicId}/ballots`, owners[1]?.token, {
          choice: "abstain",
        });
        expect(ballot.status, JSON.stringify(ballot.json)).toBe(200);
      }
      const [late] = (await addBuilding(`late${round}`, 1)) as Owner[][];
      const [afternoon] = await legalSlots(day, "u-demo-lawyer-3", ["13:30", "14:00"]);
      const booking = await request("POST", "/legal/bookings", late?.[0]?.token, {
        slotId: afternoon,
        category: "labour",
        description: "公司拖欠三个月工资，想咨询如何维权。",
      });
      expect(booking.status, JSON.stringify(booking.json)).toBe(201);
      const appointment = await request("POST", "/window/appointments", late?.[1]?.token, {
        matterId,
        slotStartsAt: shanghaiInstant(day, "14:00"),
        confirmedMaterials: ["m1", "m2"],
      });
      expect(appointment.status, JSON.stringify(appointment.json)).toBe(201);
      await expectConsistent();
      day = nextWeekdayWorkingDay(new Date(`${addDays(day, 1)}T00:00:00+08:00`), 0);
    }
  }, 300_000);
});
