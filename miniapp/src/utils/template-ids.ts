/**
 * TARO_APP_SUBSCRIBE_TEMPLATE_IDS, read without I/O. A comma list whose entries are either a bare
 * template id (a booking reminder, as before) or `kind=templateId`, the API's own
 * WECHAT_SUBSCRIBE_TEMPLATES form (a `[keyword:field …]` layout after it is ignored), so the same
 * setting can serve both: `legal.booking_confirmed=tmplA,notice.emergency=tmplE`.
 */
export interface TemplateSetting {
  /** Asked for when booking: the bare ids and those of `legal.*` and `window.*` kinds; 3 at most. */
  reminders: string[];
  /** Every `kind=templateId` entry, by kind (the notices pages ask for `notice.emergency`). */
  byKind: Record<string, string>;
}

const BARE = /^[A-Za-z0-9_-]+$/;
const KEYED = /^([a-z][a-z0-9_.]*)=([A-Za-z0-9_-]+)(?:\[[^\]]*\])?$/;
const REMINDER_KINDS = /^(legal|window)\./;

/** WeChat takes 3 template ids at most per request. */
const MAX_PER_REQUEST = 3;

export function parseTemplateSetting(raw: string | undefined): TemplateSetting {
  const reminders: string[] = [];
  const byKind: Record<string, string> = {};
  for (const entry of (raw ?? "").split(",").map((e) => e.trim())) {
    if (BARE.test(entry)) {
      reminders.push(entry);
      continue;
    }
    const match = KEYED.exec(entry);
    if (!match) continue;
    const [, kind = "", id = ""] = match;
    byKind[kind] = id;
    if (REMINDER_KINDS.test(kind)) reminders.push(id);
  }
  return { reminders: [...new Set(reminders)].slice(0, MAX_PER_REQUEST), byKind };
}

/** The booking reminders' template ids ("a, b,,c" → ["a","b","c"]). */
export function parseTemplateIds(raw: string | undefined): string[] {
  return parseTemplateSetting(raw).reminders;
}

/** How a request for one template ended, from WeChat's answer (or its failure's errCode). */
export type SubscribeOutcome = "accepted" | "declined" | "switchedOff" | "failed";

export function subscribeOutcome(
  templateId: string,
  answer: Record<string, unknown> | null,
  errCode?: number,
): SubscribeOutcome {
  if (answer) return answer[templateId] === "accept" ? "accepted" : "declined";
  // 20004: the user turned subscription messages off in the mini-program's settings.
  return errCode === 20004 ? "switchedOff" : "failed";
}
