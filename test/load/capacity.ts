/**
 * `npm run capacity`: the DynamoDB read and write capacity units each typical request of a real
 * day consumes, for the cost estimate of an on-demand table. DynamoDB Local in memory (started as
 * the benchmark starts it), the demo data, the API in-process with the deployed wiring
 * (depsFromConfig), and a middleware on the app's DynamoDB client that asks every data call for
 * `ReturnConsumedCapacity: "TOTAL"` and adds up what comes back (table and indexes together).
 * DynamoDB Local reports capacity by the same item-size rules as AWS; the figures are its own.
 * Prints one table and writes it as JSON to .out/bench/.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../functions/src/app.js";
import { loadConfig } from "../../functions/src/config.js";
import { ensureTable } from "../../functions/src/db/admin.js";
import { meterCapacity } from "../../functions/src/db/capacity-meter.js";
import { repoRoot, startDynamoDbLocal } from "../../functions/src/db/dynamodb-local.js";
import { seedDemo } from "../../functions/src/demo/seed.js";
import { depsFromConfig } from "../../functions/src/deps-from-config.js";
import { runJobs } from "../../functions/src/jobs/run.js";

type App = ReturnType<typeof createApp>;
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read field by field
type Json = any;

function caller(app: App) {
  return async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; idempotent?: boolean } = {},
  ): Promise<Json> => {
    const headers: Record<string, string> = {};
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    // The mini-program sends a fresh key with every creating POST; its record is part of the cost.
    if (options.idempotent) headers["Idempotency-Key"] = randomUUID();
    const response = await app.request(`/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

interface Row {
  request: string;
  rcu: number;
  /** rcu plus 0.5 for each Query Local reported as 0 units: a bound, in case AWS bills an empty Query. */
  rcuFloor: number;
  wcu: number;
  calls: number;
  byCommand: string;
  note?: string;
}

const describeCalls = (calls: Record<string, number>) =>
  Object.entries(calls)
    .map(([name, count]) => `${name}×${count}`)
    .join(" ");

/** Shanghai's calendar day of an instant, as the API counts days. */
const shanghaiDay = (date: Date) => new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

async function main() {
  const dynamo = await startDynamoDbLocal({});
  const filesDir = mkdtempSync(join(tmpdir(), "onedoor-capacity-files-"));
  try {
    const config = loadConfig({
      STAGE: "local",
      TABLE_NAME: "onedoor-capacity",
      AWS_REGION: "ap-east-1",
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      JWT_SECRET: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
      WECHAT_API_BASE: "http://127.0.0.1:9",
      LOCAL_FILES_DIR: filesDir,
      AUTH_RATE_LIMIT_PER_MINUTE: "100000",
    });
    const deps = depsFromConfig(config);
    await ensureTable(deps.db);
    await seedDemo(deps.db);
    const meter = meterCapacity(deps.db);
    const app = createApp(deps);
    const call = caller(app);
    const rows: Row[] = [];
    const measure = async <T>(request: string, task: () => Promise<T>, note?: string): Promise<T> => {
      const { value, usage } = await meter.measure(task);
      const failed = describeCalls(usage.failed);
      rows.push({
        request,
        rcu: usage.rcu,
        rcuFloor: usage.rcu + 0.5 * usage.zeroReads,
        wcu: usage.wcu,
        calls: Object.values(usage.calls).reduce((a, b) => a + b, 0),
        byCommand: describeCalls(usage.calls),
        note:
          [note, failed && `failed (billed, not reported): ${failed}`].filter(Boolean).join("; ") ||
          undefined,
      });
      return value;
    };
    const login = async (openid: string) =>
      ((await call("POST", "/auth/dev-login", { body: { openid } })) as { token: string }).token;

    // A first jobs run handles what the demo left due: the measured runs see only these requests' work.
    await runJobs(deps);
    const staff = await login("demo-staff-1");

    // A resident's day: 王秀兰, owner of 1-1-101, who has not yet voted on building 1's lift.
    const resident = await measure(
      "login (dev-login standing in for WeChat login: same find-user-and-issue-token)",
      () => login("demo-resident-1"),
    );
    const home = rows.length;
    // The home page as the mini-program shows it to a verified resident (pages/home): the
    // communities list is only asked for by someone without a community of their own.
    const me = await measure("home: GET /me", () => call("GET", "/me", { token: resident }));
    const communityId = me.community.id as string;
    await measure("home: GET /me/messages?limit=1 (messages badge)", () =>
      call("GET", "/me/messages?limit=1", { token: resident }),
    );
    await measure("home: GET /notices/unread-count (notices badge)", () =>
      call("GET", `/notices/unread-count?communityId=${communityId}`, { token: resident }),
    );
    const homeRows = rows.slice(home);
    rows.push({
      request: "= home page shown (the three calls above)",
      rcu: homeRows.reduce((sum, r) => sum + r.rcu, 0),
      rcuFloor: homeRows.reduce((sum, r) => sum + r.rcuFloor, 0),
      wcu: homeRows.reduce((sum, r) => sum + r.wcu, 0),
      calls: homeRows.reduce((sum, r) => sum + r.calls, 0),
      byCommand: "",
    });

    const feed = await measure("notices: GET /notices (feed, first page of 20)", () =>
      call("GET", `/notices?communityId=${communityId}`, { token: resident }),
    );
    const unread = (feed.items as { id: string; read: boolean }[]).find((item) => !item.read);
    if (!unread) throw new Error("the demo resident has no unread notice");
    await measure("notices: GET /notices/{id} (open an unread notice: marks it read)", () =>
      call("GET", `/notices/${unread.id}`, { token: resident }),
    );
    await measure("notices: GET /notices/{id} (open it again: already read)", () =>
      call("GET", `/notices/${unread.id}`, { token: resident }),
    );

    const legal = await measure("legal: GET /legal/slots (next 14 days)", () =>
      call("GET", "/legal/slots", { token: resident }),
    );
    const now = new Date();
    const slot = (legal.slots as Json[]).find(
      (s) =>
        s.available > 0 && s.mode === "in_person" && s.status === "open" && Date.parse(s.startsAt) > +now,
    );
    if (!slot) throw new Error("no free in-person legal slot in the demo");
    await measure("legal: POST /legal/bookings (book a consultation)", () =>
      call("POST", "/legal/bookings", {
        token: resident,
        idempotent: true,
        body: {
          slotId: slot.id,
          category: "housing_property",
          description: "房屋漏水，物业不予维修，咨询如何维权。",
        },
      }),
    );

    const matterId = "maternity-reimbursement";
    const matter = await measure("window: GET /matters/{id} (the matter and its materials)", () =>
      call("GET", `/matters/${matterId}`, { token: resident }),
    );
    const days = await measure("window: GET /window/days (14 days)", () =>
      call("GET", `/window/days?matterId=${matterId}`, { token: resident }),
    );
    const day = (days.days as { date: string; open: boolean }[]).find(
      (d) => d.open && d.date > shanghaiDay(now),
    )?.date;
    if (!day) throw new Error("no open window day in the next two weeks");
    const slots = await measure("window: GET /window/slots (one day)", () =>
      call("GET", `/window/slots?matterId=${matterId}&date=${day}`, { token: resident }),
    );
    const windowSlot = (slots.slots as Json[]).find((s) => s.available > 0);
    const required = (matter.matter.materials as { id: string; required: boolean }[])
      .filter((m) => m.required)
      .map((m) => m.id);
    await measure("window: POST /window/appointments (book a slot)", () =>
      call("POST", "/window/appointments", {
        token: resident,
        idempotent: true,
        body: { matterId, slotStartsAt: windowSlot.startsAt, confirmedMaterials: required },
      }),
    );

    await measure("deliberation: GET /deliberations/{id} (open the vote: topic, vote, my ballot)", () =>
      call("GET", "/deliberations/demo-lift-b1", { token: resident }),
    );
    await measure("deliberation: POST /deliberations/{id}/ballots (cast a secret ballot)", () =>
      call("POST", "/deliberations/demo-lift-b1/ballots", {
        token: resident,
        idempotent: true,
        body: { choice: "approve" },
      }),
    );

    // Staff.
    const topic = await call("POST", "/deliberations", {
      token: staff,
      idempotent: true,
      body: { title: "物业服务企业续聘", body: "是否续聘现物业服务企业，合同期三年。请全体业主投票。" },
    });
    const households = (
      await call("GET", `/households?communityId=${communityId}&limit=100`, { token: staff })
    ).items.length;
    await measure(
      "staff: POST /deliberations/{id}/vote (open an owners' vote, whole community)",
      () =>
        call("POST", `/deliberations/${topic.topic.id}/vote`, {
          token: staff,
          idempotent: true,
          body: {
            rule: "owners_ordinary",
            electorate: "owners",
            closesAt: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
          },
        }),
      `roll of ${households} households: grows with the community`,
    );
    await measure("staff: GET /window/queue (today's queue)", () =>
      call("GET", "/window/queue", { token: staff }),
    );
    await measure("staff: GET /verification-requests (pending verifications)", () =>
      call("GET", "/verification-requests", { token: staff }),
    );

    const drained = await measure(
      "jobs: runJobs after the requests above (their messages in the outbox)",
      () => runJobs(deps),
    );
    await measure("jobs: runJobs, nothing to do (every minute in AWS)", () => runJobs(deps));
    console.log(
      `Jobs' first run after the requests: ${JSON.stringify(drained.jobs.map((j) => [j.name, j.result]))}`,
    );
    const jobsRow = rows.at(-1);

    console.log(
      "\nOneDoor DynamoDB capacity per request — DynamoDB Local's ConsumedCapacity (TOTAL: table + indexes), demo data",
    );
    console.table(
      rows.map((r) => ({
        request: r.request,
        RCU: r.rcu,
        "RCU, empty Query 0.5": r.rcuFloor,
        WCU: r.wcu,
        "DynamoDB calls": r.calls,
        calls: r.byCommand,
        ...(r.note ? { note: r.note } : {}),
      })),
    );
    if (jobsRow)
      console.log(
        `Jobs with nothing to do: ${jobsRow.rcu} RCU (${jobsRow.rcuFloor} if an empty Query costs 0.5) and ${jobsRow.wcu} WCU per run; at one run a minute, up to ${(jobsRow.rcuFloor * 60 * 24 * 30).toLocaleString("en")} RCU a month.`,
      );
    const outDir = join(repoRoot, ".out", "bench");
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `capacity-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          method:
            'DynamoDB Local (in memory), ReturnConsumedCapacity "TOTAL" on every data call, summed per request; reads from Get/Query/BatchGet/TransactGet, writes from Put/Update/Delete/BatchWrite/TransactWrite; transactions report read and write units apart. Calls that threw are counted under failed: AWS bills them, DynamoDB does not report it. Local reports 0.5 for a GetItem of a missing item (as AWS does) but 0 for a Query that finds nothing; rcuFloor counts such a Query as 0.5, a bound in case AWS bills it.',
          rows,
        },
        null,
        2,
      ),
    );
    console.log(`Written to ${file}`);
  } finally {
    await dynamo.stop();
    rmSync(filesDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
