/** The case lists of the desk (reports and disputes alike): a community's, and the caller's assigned ones. */
import type { AppDeps } from "../deps.js";
import { addDays, dayBounds, shanghaiDate } from "../time/shanghai.js";
import type { UserProfile } from "../users/schemas.js";
import { listAssignedCases, listCreatedCases, listHandled, listOpenCases } from "./repo.js";
import type { Case } from "./schemas.js";
import type { summaryOf } from "./service.js";

/** Staff lists of every case reach back this far (open cases always show). */
const ALL_DAYS = 90;

export const sortByUrgency = (items: ReturnType<typeof summaryOf>[]) =>
  items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.dueAt ?? "9999").localeCompare(b.dueAt ?? "9999") ||
      a.createdAt.localeCompare(b.createdAt),
  );

/** The cases assigned to the caller in a community: their departments', and theirs as staff mediator. */
export async function assignedCases(
  deps: AppDeps,
  user: UserProfile,
  communityId: string | undefined,
): Promise<Case[]> {
  const handled = (await listHandled(deps.db, user.id)).filter(
    (h) => !communityId || h.communityId === communityId,
  );
  const lists = await Promise.all([
    ...handled.map((h) => listAssignedCases(deps.db, h.communityId, `DEPT#${h.departmentId}`)),
    ...user.staffCommunityIds
      .filter((id) => !communityId || id === communityId)
      .map((id) => listAssignedCases(deps.db, id, `STAFF#${user.id}`)),
  ]);
  const byId = new Map(lists.flat().map((one) => [one.id, one]));
  return [...byId.values()];
}

/** A community's cases for a staff list: open ones, or with `all` also those of the last 90 days. */
export async function communityCases(
  deps: AppDeps,
  communityId: string,
  scope: "open" | "all",
): Promise<Case[]> {
  const open = await listOpenCases(deps.db, communityId);
  if (scope === "open") return open;
  const today = shanghaiDate(deps.clock.now());
  const recent = await listCreatedCases(
    deps.db,
    communityId,
    dayBounds(addDays(today, -ALL_DAYS)).start,
    dayBounds(today).end,
  );
  const byId = new Map([...open, ...recent].map((one) => [one.id, one]));
  return [...byId.values()];
}
