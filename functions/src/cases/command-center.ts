/** The command center's case figures, counted from the cases themselves (no counters to drift). */
import type { Case, CommandCenter, Department } from "./schemas.js";
import { categoryOf, finishedOnTime, lateness, summaryOf } from "./service.js";

const counts = (values: string[]) => {
  const map = new Map<string, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return [...map]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
};

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

const departmentOf = (c: Case) => (c.assignee?.kind === "department" ? c.assignee.departmentId : null);

/**
 * `open`: every open case now. `finished`: cases finished in the period (resolved, closed, declined,
 * merged; disputes closed). `created`: cases made in the period.
 */
export function caseFigures(
  input: { open: Case[]; finished: Case[]; created: Case[]; departments: Department[] },
  now: string,
): Pick<CommandCenter, "open" | "overdue" | "departments" | "mediation" | "reports"> {
  const { open, finished, created, departments } = input;
  const overdue = open
    .filter((c) => lateness(c, now).overdue)
    .map((c) => summaryOf(c, now))
    .sort((a, b) => (a.dueAt ?? "").localeCompare(b.dueAt ?? ""));
  // Work a department did: resolved reports and closed disputes, not triage outcomes.
  const worked = finished.filter(
    (c) =>
      departmentOf(c) !== null && (c.kind === "dispute" || c.status === "resolved" || c.status === "closed"),
  );
  const closedDisputes = finished.filter((c) => c.kind === "dispute" && c.status === "closed");
  const outcome = (o: string) => closedDisputes.filter((c) => c.kind === "dispute" && c.outcome === o).length;
  const settled = outcome("settled");
  const notSettled = outcome("not_settled");
  const reportsDone = finished.filter((c) => c.kind === "report");
  const rated = reportsDone.filter((c) => c.kind === "report" && c.rating && c.status === "closed");
  return {
    open: {
      total: open.length,
      overdue: overdue.length,
      byCategory: counts(open.map((c) => `${c.kind}:${categoryOf(c)}`)),
      byStatus: counts(open.map((c) => `${c.kind}:${c.status}`)),
    },
    overdue,
    departments: departments
      .map((d) => {
        const theirs = worked.filter((c) => departmentOf(c) === d.id);
        const onTime = theirs.filter(finishedOnTime).length;
        const openHere = open.filter((c) => departmentOf(c) === d.id);
        return {
          id: d.id,
          name: d.name,
          finished: theirs.length,
          onTime,
          rate: rate(onTime, theirs.length),
          open: openHere.length,
          overdue: openHere.filter((c) => lateness(c, now).overdue).length,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, "zh-Hans-CN")),
    mediation: {
      closed: closedDisputes.length,
      settled,
      notSettled,
      withdrawn: outcome("withdrawn"),
      rate: rate(settled, settled + notSettled),
    },
    reports: {
      received: created.filter((c) => c.kind === "report").length,
      finished: reportsDone.length,
      rated: rated.length,
      satisfied: rated.filter((c) => c.kind === "report" && c.rating?.satisfied).length,
    },
  };
}
