/**
 * Crash safety (issue 8): the real API (`npm start`'s entry) on DynamoDB Local kept on disk is
 * killed with SIGKILL in the middle of a burst of legal bookings, window appointments and ballots;
 * then DynamoDB Local's JVM is killed too. Both come back on the same data, and every request that
 * was answered 2xx is there, the consistency checker finds every counter equal to what it counts
 * and nothing half written, and the app goes on working. Twice, at different moments of the burst.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newResident } from "../../functions/src/auth/service.js";
import { issueToken } from "../../functions/src/auth/tokens.js";
import { addressItem, householdItem, membershipItem } from "../../functions/src/community/repo.js";
import { createDb, type Db } from "../../functions/src/db/client.js";
import { checkConsistency, formatViolations } from "../../functions/src/db/consistency.js";
import { type RunningDynamoDbLocal, startDynamoDbLocal } from "../../functions/src/db/dynamodb-local.js";
import { getItem, putAll } from "../../functions/src/db/items.js";
import { keys } from "../../functions/src/db/keys.js";
import { DEMO_COMMUNITY } from "../../functions/src/demo/data.js";
import { addDays, isoWeekday, shanghaiInstant } from "../../functions/src/time/shanghai.js";
import { centerBody, matterBody } from "../../functions/src/window/test-helpers.js";
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
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  json: any;
}

async function request(method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${api.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

interface Owner {
  id: string;
  token: string;
  householdId: string;
}

/** A building of HOUSEHOLDS households with two verified owners each, written as the app writes them. */
async function addBuilding(buildingId: string): Promise<Owner[][]> {
  const now = new Date();
  const at = now.toISOString();
  const items: Record<string, unknown>[] = [
    {
      ...keys.building(DEMO_COMMUNITY.id, buildingId),
      entity: "Building",
      id: buildingId,
      communityId: DEMO_COMMUNITY.id,
      name: `${buildingId}栋`,
      units: ["1"],
      createdAt: at,
    },
  ];
  const households: Owner[][] = [];
  for (let h = 0; h < HOUSEHOLDS; h++) {
    const household = {
      id: `hh-${buildingId}-${101 + h}`,
      communityId: DEMO_COMMUNITY.id,
      buildingId,
      buildingName: `${buildingId}栋`,
      unit: "1",
      room: String(101 + h),
      area: [88.5, 101.25, 76.4][h % 3] as number,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    items.push(householdItem(household), addressItem(household));
    const owners: Owner[] = [];
    for (let r = 0; r < 2; r++) {
      const id = `u-${buildingId}-${101 + h}-${r}`;
      const openid = `${id}-openid`;
      items.push(
        {
          ...keys.user(id),
          entity: "User",
          ...newResident(id, openid, `${buildingId}-${h}-${r}`, at),
          communityId: DEMO_COMMUNITY.id,
          householdCount: 1,
        },
        { ...keys.openid(openid), userId: id, createdAt: at },
        membershipItem({
          userId: id,
          householdId: household.id,
          communityId: DEMO_COMMUNITY.id,
          relation: "owner",
          verifiedAt: at,
          verifiedBy: "test",
        }),
      );
      const { token } = await issueToken(JWT_SECRET, id, 24 * 3600, now, "wechat");
      owners.push({ id, token, householdId: household.id });
    }
    households.push(owners);
  }
  await putAll(db, items);
  return households;
}

/** A roster of six 30-minute slots with three seats each on `day`, for a lawyer; their ids. */
async function legalSlots(day: string, lawyerId: string): Promise<string[]> {
  const roster = await request("POST", "/legal/rosters", staff, {
    lawyerId,
    from: day,
    to: day,
    weekdays: [isoWeekday(day)],
    startTime: "09:00",
    endTime: "12:00",
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
  failures: number;
}

/**
 * Fires every request of the burst at once and SIGKILLs the API once `killAfter` of them have been
 * answered 2xx. Returns what was acknowledged (answered 2xx, body read) before the crash.
 */
async function burstAndCrash(
  households: Owner[][],
  slots: string[],
  day: string,
  topicId: string,
  killAfter: number,
): Promise<Acknowledged> {
  const acked: Acknowledged = { bookings: [], appointments: [], ballots: [], failures: 0 };
  let answered2xx = 0;
  let killing: Promise<void> | null = null;
  const windowTimes = ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45"];
  const sends: Promise<void>[] = [];
  const send = (run: () => Promise<Answer>, record: (answer: Answer) => void) =>
    sends.push(
      run().then(
        (answer) => {
          if (answer.status >= 500) acked.failures += 1;
          if (answer.status < 200 || answer.status > 299) return;
          record(answer);
          answered2xx += 1;
          if (answered2xx >= killAfter && !killing) killing = api.kill("SIGKILL");
        },
        () => undefined, // cut off by the crash: not acknowledged
      ),
    );
  households.forEach((owners, h) => {
    owners.forEach((owner, r) => {
      const n = h * 2 + r;
      send(
        () =>
          request("POST", "/legal/bookings", owner.token, {
            slotId: slots[n % slots.length],
            category: "housing",
            description: "房屋漏水，物业推诿，想咨询如何维权。",
          }),
        (answer) => acked.bookings.push(answer.json.booking.id),
      );
      send(
        () =>
          request("POST", "/window/appointments", owner.token, {
            matterId,
            slotStartsAt: shanghaiInstant(day, windowTimes[n % windowTimes.length] as string),
            confirmedMaterials: ["m1", "m2"],
          }),
        (answer) => acked.appointments.push(answer.json.appointment.id),
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

async function expectPresent(acked: Acknowledged, topicId: string) {
  for (const id of acked.bookings) {
    const booking = await getItem<{ status: string }>(db, keys.booking(id), true);
    expect(booking?.status, `acknowledged booking ${id}`).toBe("confirmed");
  }
  for (const id of acked.appointments) {
    const appointment = await getItem<{ status: string }>(db, keys.appointment(id), true);
    expect(appointment?.status, `acknowledged appointment ${id}`).toBe("booked");
  }
  const vote = await getItem<{ rollId: string }>(db, keys.vote(topicId), true);
  for (const householdId of new Set(acked.ballots)) {
    const pointer = await getItem<{ unitSK: string }>(
      db,
      keys.rollHousehold(topicId, vote?.rollId as string, householdId),
      true,
    );
    const unit = await getItem<{ voted: boolean }>(
      db,
      { PK: keys.rollPartition(topicId, vote?.rollId as string), SK: pointer?.unitSK as string },
      true,
    );
    expect(unit?.voted, `acknowledged ballot of ${householdId}`).toBe(true);
  }
}

async function expectConsistent() {
  const violations = await checkConsistency(db);
  expect(formatViolations(violations)).toBe("");
}

beforeAll(async () => {
  dbPath = await mkdtemp(join(tmpdir(), "onedoor-crash-db-"));
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
    const lawyers = ["u-demo-lawyer-1", "u-demo-lawyer-2"];
    // Early in the burst, then well into it (a burst can answer about 70 requests 2xx: 18 seats,
    // 24 window places, 30 households).
    for (const [round, killAfter] of [5, 30].entries()) {
      const buildingId = `crash${round}`;
      const households = await addBuilding(buildingId);
      const slots = await legalSlots(day, lawyers[round] as string);
      const topicId = await openVote(buildingId);
      const acked = await burstAndCrash(households, slots, day, topicId, killAfter);
      expect(acked.failures).toBe(0);
      expect(acked.bookings.length + acked.appointments.length + acked.ballots.length).toBeGreaterThanOrEqual(
        killAfter,
      );
      await crashDatabaseAndRestart();
      await expectPresent(acked, topicId);
      await expectConsistent();

      // The app goes on: the households that had not voted can, and free seats can be booked.
      const voted = new Set(acked.ballots);
      const waiting = households.filter((owners) => !voted.has(owners[0]?.householdId as string)).slice(0, 3);
      for (const owners of waiting) {
        const ballot = await request("POST", `/deliberations/${topicId}/ballots`, owners[1]?.token, {
          choice: "abstain",
        });
        expect([200, 409]).toContain(ballot.status);
        if (ballot.status === 409) expect(ballot.json.error.code).toBe("ALREADY_VOTED");
      }
      await expectConsistent();
      day = nextWeekdayWorkingDay(new Date(`${addDays(day, 1)}T00:00:00+08:00`), 0);
    }
  }, 300_000);
});
