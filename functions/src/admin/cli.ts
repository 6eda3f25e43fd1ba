/**
 * `npm run community -- <command> [options]`: the operator command line over setup.ts. Parses the
 * arguments, picks the table (`onedoor-<stage>`, the operator's AWS credentials, or DynamoDB Local
 * with --endpoint), asks before writing to prod, and prints what was (or would be) written.
 */
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { systemClock } from "../clock.js";
import { createDb } from "../db/client.js";
import { newId } from "../ids.js";
import { listLawyers } from "../legal/repo.js";
import { shanghaiDate, shanghaiTime } from "../time/shanghai.js";
import { roleSchema } from "../users/schemas.js";
import { listCenters, listMatters } from "../window/repo.js";
import { parseCommunityFile } from "./community-file.js";
import { ChangedMeanwhileError, describeTable, type ScanProgress } from "./repo.js";
import {
  applyCreate,
  applyRolePlan,
  findUsers,
  type GrantableRole,
  OperatorError,
  pendingRequests,
  planCreate,
  planGrant,
  planIsUnchanged,
  planRevoke,
  planWrites,
  type RolePlan,
  type SetupContext,
  summarizeCommunities,
} from "./setup.js";

/** The functions' own default region (config.ts), used when neither --region nor AWS_REGION is set. */
export const DEFAULT_REGION = "ap-east-1";

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks on the terminal; false when nobody can answer (no TTY). */
  confirm(question: string): Promise<boolean>;
  readFile(path: string): Promise<string>;
  env: Record<string, string | undefined>;
  /** The local user, recorded as `operator:<name>`. */
  username: string;
}

export const HELP = `npm run community -- <command> --stage <stage> [options]

Writes to the table onedoor-<stage> with your AWS credentials (the SDK's default chain:
AWS_PROFILE, SSO, environment…), through the app's own code. Every write is audited as
operator:<your user name>; nothing is ever deleted except a revoked lawyer's profile.

Commands
  create --file community.json        create a community, its buildings and households; run it
                                      again after editing the file: only what is new is added
  grant  --user <id> | --openid <id> --role staff|lawyer|admin [--community <id>]
         [--name <name>] [--firm <law firm>] [--specialties 婚姻家庭,劳动争议] [--intro <text>]
         [--keep-resident]            make someone who has logged in once staff, a lawyer on duty
                                      (with the profile the rosters list) or admin
  revoke --user <id> | --openid <id> --role staff|lawyer|admin [--community <id>]
  list                                communities with their buildings, households, staff, lawyers
  users  [--community <id>] [--role resident|staff|lawyer|admin] [--since 30m|2h|1d|<ISO time>]
         [--nickname <text>] [--pending] [--user <id>] [--openid <id>] [--limit <n>]
                                      find a user id (e.g. whoever logged in for the first time
                                      in the last 30 minutes)

Target
  --stage <name>       the stage deployed with CDK: table onedoor-<name>
  --table <name>       another table name (e.g. onedoor-local for npm start)
  --region <region>    default: AWS_REGION, else ${DEFAULT_REGION}
  --endpoint <url>     DynamoDB Local (e.g. http://127.0.0.1:8000); fake credentials
  --dry-run            print what would be written, write nothing
  --yes                do not ask before writing to prod`;

const options = {
  stage: { type: "string" },
  table: { type: "string" },
  region: { type: "string" },
  endpoint: { type: "string" },
  "dry-run": { type: "boolean" },
  yes: { type: "boolean" },
  file: { type: "string" },
  user: { type: "string" },
  openid: { type: "string" },
  role: { type: "string" },
  community: { type: "string" },
  name: { type: "string" },
  firm: { type: "string" },
  specialties: { type: "string" },
  intro: { type: "string" },
  "keep-resident": { type: "boolean" },
  nickname: { type: "string" },
  since: { type: "string" },
  pending: { type: "boolean" },
  limit: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Args = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

class UsageError extends Error {}

export function defaultIo(): CliIo {
  return {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    confirm: async (question) => {
      if (!process.stdin.isTTY) return false;
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return (await rl.question(question)).trim().toLowerCase() === "yes";
      } finally {
        rl.close();
      }
    },
    readFile: (path) => readFile(path, "utf8"),
    env: process.env,
    username: safeUsername(),
  };
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
}

/** `30m`, `2h`, `1d` before now, or an instant written in ISO 8601. */
export function parseSince(value: string, now: Date): string {
  const relative = /^(\d+)\s*(m|h|d)$/.exec(value.trim());
  if (relative) {
    const minutes = Number(relative[1]) * { m: 1, h: 60, d: 1440 }[relative[2] as "m" | "h" | "d"];
    return new Date(now.getTime() - minutes * 60_000).toISOString();
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new UsageError(`--since: ${value} is neither 30m/2h/1d nor a date and time`);
  return new Date(at).toISOString();
}

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
const shanghai = (iso: string) => `${shanghaiDate(iso)} ${shanghaiTime(iso)}`;
const scanNote = (progress: ScanProgress | undefined, why: string) =>
  progress
    ? `found by a Scan of ${count(progress.scanned, "item")} in ${count(progress.pages, "page")} (${why})`
    : "";

interface Target {
  ctx: SetupContext;
  /** The target options as the operator gave them, to repeat in the commands suggested. */
  flags: string;
  table: string;
  region: string;
  endpoint?: string;
  prod: boolean;
  /** Set once writing starts: a failure after it may have left part of the work done. */
  writing: boolean;
}

function target(args: Args, io: CliIo): Target {
  if (!args.stage && !args.table)
    throw new UsageError("Give --stage <name> (table onedoor-<name>) or --table <name>.");
  if (args.stage && !/^[a-z][a-z0-9-]{0,30}$/.test(args.stage))
    throw new UsageError("--stage: lower-case letters, digits and dashes, as the stage was deployed.");
  const table = args.table ?? `onedoor-${args.stage}`;
  const region = args.region ?? io.env.AWS_REGION ?? DEFAULT_REGION;
  if (args.endpoint && !/^https?:\/\//.test(args.endpoint))
    throw new UsageError("--endpoint: a URL such as http://127.0.0.1:8000");
  return {
    ctx: {
      db: createDb({ tableName: table, region, endpoint: args.endpoint }),
      clock: systemClock,
      newId,
      actor: `operator:${io.username}`,
    },
    flags: [
      args.stage ? `--stage ${args.stage}` : "",
      args.table ? `--table ${args.table}` : "",
      args.region ? `--region ${args.region}` : "",
      args.endpoint ? `--endpoint ${args.endpoint}` : "",
    ]
      .filter(Boolean)
      .join(" "),
    table,
    region,
    endpoint: args.endpoint,
    prod: args.stage === "prod" || table === "onedoor-prod",
    writing: false,
  };
}

async function connect(t: Target, io: CliIo): Promise<void> {
  const where = t.endpoint ? `${t.table} at ${t.endpoint}` : `${t.table} in ${t.region}`;
  const table = await describeTable(t.ctx.db);
  if (!table)
    throw new OperatorError(
      `No table ${where}: check --stage and --region (the stage's TableName output), or deploy the stage first.`,
    );
  io.out(`Table ${where}${t.prod ? " (PRODUCTION)" : ""}`);
}

/** Before a write to prod: the operator types yes, or passed --yes. */
async function mayWrite(t: Target, args: Args, io: CliIo): Promise<boolean> {
  if (args["dry-run"]) {
    io.out("Dry run: nothing was written.");
    return false;
  }
  const ok =
    !t.prod || args.yes || (await io.confirm(`Write this to ${t.table} (production)? Type yes to go on: `));
  if (!ok) io.err("Not written. (Without a terminal to answer, pass --yes.)");
  t.writing = ok;
  return ok;
}

function parseRole(value: string | undefined, allowed: readonly string[]): string {
  if (!value || !allowed.includes(value)) throw new UsageError(`--role: one of ${allowed.join(", ")}`);
  return value;
}

async function runCreate(args: Args, io: CliIo, t: Target): Promise<number> {
  if (!args.file)
    throw new UsageError("create needs --file <community.json> (see infra/community.example.json).");
  const text = await io.readFile(args.file).catch((error: Error) => {
    throw new OperatorError(`Cannot read ${args.file}: ${error.message}`);
  });
  const read = parseCommunityFile(text);
  if (!read.ok) {
    io.err(`${args.file}: ${count(read.problems.length, "problem")}; nothing was written.`);
    for (const problem of read.problems) io.err(`  ${problem.path}: ${problem.message}`);
    return 1;
  }
  await connect(t, io);
  const plan = await planCreate(t.ctx, read.definition);
  const c = plan.community;
  io.out(
    `Community ${c.after.id} ${c.after.name} · ${c.after.district} ${c.after.street}: ${c.action}${c.changes.length ? ` (${c.changes.join("; ")})` : ""}`,
  );
  for (const b of plan.buildings) {
    const units = `unit${b.units.length === 1 ? "" : "s"} ${b.units.join(", ")}`;
    const what =
      b.action === "create"
        ? "create"
        : b.action === "add-units"
          ? `add unit${b.addedUnits.length === 1 ? "" : "s"} ${b.addedUnits.join(", ")}`
          : "unchanged";
    const households = [
      b.create.length ? `${count(b.create.length, "household")} to create` : "",
      b.unchanged ? `${count(b.unchanged, "household")} unchanged` : "",
    ]
      .filter(Boolean)
      .join(", ");
    io.out(`  ${b.name} (${b.id}), ${units}: ${what}${households ? ` · ${households}` : ""}`);
    for (const note of b.notes) io.out(`    note: ${note}`);
  }
  if (plan.kept.buildings.length)
    io.out(`  kept (stored, not in the file): ${plan.kept.buildings.join(", ")}`);
  if (plan.kept.households)
    io.out(`  kept: ${count(plan.kept.households, "household")} stored at addresses the file does not list`);
  if (plan.problems.length) {
    io.err(
      `The file conflicts with the table (${count(plan.problems.length, "problem")}); nothing was written.`,
    );
    for (const problem of plan.problems) io.err(`  ${problem.path}: ${problem.message}`);
    return 1;
  }
  if (planIsUnchanged(plan)) {
    io.out("Unchanged: the table already holds everything in the file. Nothing was written.");
    await printNextSteps(t, io, c.after.id);
    return 0;
  }
  const writes = planWrites(plan);
  io.out(
    `To write: ${[
      writes.community ? `the community (${c.action})` : "",
      writes.buildings ? count(writes.buildings, "building") : "",
      writes.unitsAdded ? count(writes.unitsAdded, "unit") : "",
      writes.households ? count(writes.households, "household") : "",
    ]
      .filter(Boolean)
      .join(", ")}.`,
  );
  if (!(await mayWrite(t, args, io))) {
    if (args["dry-run"]) await printNextSteps(t, io, c.after.id);
    return args["dry-run"] ? 0 : 1;
  }
  const result = await applyCreate(t.ctx, plan, (line) => io.out(`  ${line}`));
  io.out(
    `Done: ${[
      result.community !== "unchanged" ? `community ${result.community}d` : "",
      result.buildings ? count(result.buildings, "building") : "",
      result.unitsAdded ? count(result.unitsAdded, "unit") : "",
      result.households ? count(result.households, "household") : "",
    ]
      .filter(Boolean)
      .join(
        ", ",
      )} written, with ${count(result.auditEntries, "audit entry", "audit entries")} as ${t.ctx.actor}.`,
  );
  await printNextSteps(t, io, c.after.id);
  return 0;
}

/** What the community still needs before residents can use each service, and where that is done. */
async function printNextSteps(t: Target, io: CliIo, communityId: string): Promise<void> {
  const [centers, matters, lawyers] = await Promise.all([
    listCenters(t.ctx.db, communityId),
    listMatters(t.ctx.db, communityId),
    listLawyers(t.ctx.db, communityId),
  ]);
  const command = (rest: string) => `\`npm run community -- ${rest} ${t.flags}\``;
  const active = matters.filter((m) => m.status !== "retired").length;
  io.out("Next:");
  io.out(
    `  · Staff: each logs in once in the mini-program; find their id with ${command("users --since 30m")}, then ${command(`grant --user <id> --role staff --community ${communityId} --name <姓名>`)}.`,
  );
  io.out(
    centers.length && active
      ? `  · Window (办事预约): ${count(centers.length, "center")}, ${count(active, "matter")} on offer.`
      : `  · Window (办事预约): ${centers.length ? `${count(centers.length, "center")} but no matter` : "no acceptance center yet"} — staff set the center (windows, hours, slot length) and the matters in the workbench, 工作台 → 事项与窗口. Residents have nothing to book until then.`,
  );
  io.out(
    lawyers.length
      ? `  · Legal consultations: ${count(lawyers.length, "lawyer")} with a profile; staff set the duty rosters in 工作台 → 值班排班 (the consultation rules have defaults, changed in the same screen).`
      : `  · Legal consultations: no lawyer yet — ${command(`grant --user <id> --role lawyer --community ${communityId} --name <姓名> --firm <律所>`)} creates the profile 值班排班 offers; staff then set the rosters there.`,
  );
  io.out(
    "  · Residents ask to be verified in 我的 and staff confirm in 工作台 → 认证审核; grids (网格) are in 通知管理, the deliberation settings in 议事管理 (both have defaults).",
  );
}

function printRolePlan(plan: RolePlan, io: CliIo): void {
  const where = plan.communityId ? ` in ${plan.communityId}` : "";
  io.out(`${plan.before.nickname} (${plan.before.id}): ${plan.kind} ${plan.role}${where}`);
  for (const change of plan.changes) io.out(`  ${change}`);
  for (const warning of plan.warnings) io.out(`  note: ${warning}`);
}

async function runRole(kind: "grant" | "revoke", args: Args, io: CliIo, t: Target): Promise<number> {
  const role = parseRole(args.role, ["staff", "lawyer", "admin"]) as GrantableRole;
  const input = {
    userId: args.user,
    openid: args.openid,
    role,
    communityId: args.community,
    name: args.name?.trim(),
    firm: args.firm?.trim(),
    specialties: args.specialties
      ?.split(/[,，、]/)
      .map((s) => s.trim())
      .filter(Boolean),
    intro: args.intro?.trim(),
    keepResident: args["keep-resident"],
  };
  if (kind === "revoke" && (input.name || input.firm || input.specialties || input.intro))
    throw new UsageError("revoke takes no --name, --firm, --specialties or --intro.");
  await connect(t, io);
  const plan = kind === "grant" ? await planGrant(t.ctx, input) : await planRevoke(t.ctx, input);
  printRolePlan(plan, io);
  if (plan.unchanged) {
    io.out(
      `Unchanged: ${kind === "grant" ? "they already have this role" : "they do not have this role"}. Nothing was written.`,
    );
    return 0;
  }
  if (!(await mayWrite(t, args, io))) return args["dry-run"] ? 0 : 1;
  const { auditEntries } = await applyRolePlan(t.ctx, plan);
  io.out(
    `Done, with ${count(auditEntries, "audit entry", "audit entries")} as ${t.ctx.actor}. It applies on their next request; they reopen the mini-program to see ${plan.kind === "grant" && plan.role !== "admin" ? "the workbench (工作台)" : "the change"}.`,
  );
  return 0;
}

async function runList(io: CliIo, t: Target): Promise<number> {
  await connect(t, io);
  let progress: ScanProgress | undefined;
  const { communities, admins } = await summarizeCommunities(t.ctx, (p) => {
    progress = p;
  });
  if (!communities.length) io.out("No community yet: npm run community -- create --file <community.json> …");
  for (const s of communities) {
    const c = s.community;
    io.out(`${c.id}  ${c.name} · ${c.district} ${c.street}`);
    io.out(
      `  ${count(s.buildings, "building")} · ${count(s.households, "household")} · ${s.verified} verified · ${s.pending} pending verification · window: ${count(s.centers, "center")}, ${count(s.matters, "matter")}`,
    );
    io.out(`  staff (${s.staff.length}): ${s.staff.join(", ") || "none — grant --role staff"}`);
    io.out(`  lawyers (${s.lawyers.length}): ${s.lawyers.join(", ") || "none"}`);
    if (s.lawyersWithoutProfile.length)
      io.out(
        `  ! without a profile (not offered in 值班排班): ${s.lawyersWithoutProfile.join(", ")} — run grant --role lawyer for them again`,
      );
  }
  io.out(`Admins: ${admins.map((u) => `${u.nickname} (${u.id})`).join(", ") || "none"}`);
  io.out(`(Staff, lawyers and admins ${scanNote(progress, "no index holds users by role")}.)`);
  return 0;
}

async function runUsers(args: Args, io: CliIo, t: Target): Promise<number> {
  const now = t.ctx.clock.now();
  const limit = args.limit ? Number(args.limit) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new UsageError("--limit: a whole number ≥ 1");
  if (args.pending) {
    if (!args.community) throw new UsageError("--pending needs --community <id>.");
    await connect(t, io);
    const requests = await pendingRequests(t.ctx, args.community);
    io.out(
      `${count(requests.length, "verification request")} waiting in ${args.community} (an index query):`,
    );
    for (const r of requests)
      io.out(
        `  ${r.userId}  ${r.realName} (${r.nickname})  ${r.buildingName}${r.unit}单元${r.room}  filed ${shanghai(r.createdAt)}`,
      );
    return 0;
  }
  const role = args.role
    ? (parseRole(args.role, roleSchema.options) as (typeof roleSchema.options)[number])
    : undefined;
  await connect(t, io);
  const found = await findUsers(t.ctx, {
    userId: args.user,
    openid: args.openid,
    communityId: args.community,
    role,
    nickname: args.nickname,
    since: args.since ? parseSince(args.since, now) : undefined,
    limit,
  });
  const how =
    found.via === "scan"
      ? scanNote(found.progress, "no index holds users by login time, role or name")
      : found.via === "index"
        ? "found by an index query"
        : "found by key";
  io.out(`${count(found.users.length, "user")} ${how}; times in Asia/Shanghai:`);
  for (const u of found.users) {
    const where = [
      u.householdCount > 0 && u.communityId ? `resident of ${u.communityId}` : "",
      u.pendingRequestId ? "verification pending" : "",
      u.staffCommunityIds.length ? `staff of ${u.staffCommunityIds.join(",")}` : "",
      u.lawyerCommunityIds.length ? `lawyer in ${u.lawyerCommunityIds.join(",")}` : "",
    ]
      .filter(Boolean)
      .join("; ");
    io.out(
      `  ${u.id}  ${u.nickname}  [${u.roles.join(",")}]${where ? `  ${where}` : ""}  first login ${shanghai(u.createdAt)}${u.openid ? `  openid …${u.openid.slice(-4)}` : "  (no WeChat)"}`,
    );
  }
  if (!found.users.length && found.via === "scan")
    io.out(
      "  Nobody. WeChat logins are named 微信用户 until --name is given: look them up by --since (their first login) rather than --nickname.",
    );
  return 0;
}

/** Runs one command; returns the exit status (0 done or unchanged, 1 refused or failed, 2 usage). */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  let args: Args;
  let command: string | undefined;
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    args = parsed.values;
    command = parsed.positionals[0];
    if (parsed.positionals.length > 1)
      throw new UsageError(`Unexpected: ${parsed.positionals.slice(1).join(" ")}`);
  } catch (error) {
    io.err((error as Error).message);
    io.err("npm run community -- --help");
    return 2;
  }
  if (args.help || !command || command === "help") {
    io.out(HELP);
    return command || args.help ? 0 : 2;
  }
  let t: Target | undefined;
  try {
    if (!["create", "grant", "revoke", "list", "users"].includes(command))
      throw new UsageError(`Unknown command ${command}: create, grant, revoke, list or users.`);
    t = target(args, io);
    if (command === "create") return await runCreate(args, io, t);
    if (command === "grant" || command === "revoke") return await runRole(command, args, io, t);
    if (command === "list") return await runList(io, t);
    return await runUsers(args, io, t);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      io.err("npm run community -- --help");
      return 2;
    }
    if (error instanceof OperatorError) {
      io.err(error.message);
      for (const problem of error.problems) io.err(`  ${problem.path}: ${problem.message}`);
      return 1;
    }
    if (error instanceof ChangedMeanwhileError) {
      io.err(error.message);
      return 1;
    }
    const name = (error as Error).name ?? "Error";
    io.err(`AWS: ${name}: ${(error as Error).message}`);
    if (/Credential|ExpiredToken|UnrecognizedClient|InvalidSignature|AccessDenied/i.test(name))
      io.err("Check your AWS credentials (AWS_PROFILE, aws sso login) and that they may use this table.");
    if (t?.writing)
      io.err("What was written before this stays; running the same command again finishes the rest.");
    return 1;
  }
}
