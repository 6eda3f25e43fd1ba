import type { MessageParams } from "./notify.js";

/**
 * How a message kind fills a WeChat subscription template. A template's keywords are named by
 * WeChat (`thing1`, `time2`, …: type + number) and differ between templates, so each kind has a
 * default layout below, and the config may give another one per template:
 * `WECHAT_SUBSCRIBE_TEMPLATES="legal.promoted=tmplB[thing3:title time5:startsAt thing7:place]"`.
 * A layout maps a keyword to a field: a message parameter (`startsAt`, `lawyerName`, `place`, …)
 * or one of the derived fields `title` (what happened, per kind) and `modeLabel` (面谈/电话).
 */
export type Layout = Record<string, string>;

const appointmentLayout: Layout = {
  thing1: "title",
  time2: "startsAt",
  thing3: "lawyerName",
  thing4: "place",
};

const windowLayout: Layout = {
  thing1: "title",
  thing2: "matterName",
  time3: "startsAt",
  thing4: "place",
  character_string5: "ticketCode",
};

const proxyLayout: Layout = { thing1: "title", thing2: "matterName", date3: "expectedBy" };

export const defaultLayouts: Record<string, Layout> = {
  "legal.booking_confirmed": appointmentLayout,
  "legal.reminder_day_before": appointmentLayout,
  "legal.reminder_hour_before": appointmentLayout,
  "legal.promoted": appointmentLayout,
  "legal.cancelled_by_center": { thing1: "title", time2: "startsAt", thing3: "reason" },
  "legal.waitlist_closed": { thing1: "title", time2: "startsAt", thing3: "lawyerName" },
  "window.booked": windowLayout,
  "window.reminder": windowLayout,
  "window.cancelled_by_center": { thing1: "title", time2: "startsAt", thing3: "reason" },
  "window.materials_missing": { thing1: "title", thing2: "matterName", thing3: "missing" },
  "window.done": { thing1: "title", thing2: "matterName", time3: "startsAt" },
  "window.no_show": { thing1: "title", thing2: "matterName", time3: "startsAt" },
  "window.proxy_received": proxyLayout,
  "window.proxy_in_progress": proxyLayout,
  "window.proxy_done": proxyLayout,
  "window.proxy_returned": { thing1: "title", thing2: "matterName", thing3: "note" },
  "deliberation.accepted": { thing1: "title", thing2: "topicTitle" },
  "deliberation.declined": { thing1: "title", thing2: "topicTitle", thing3: "reason" },
  "deliberation.withdrawn": { thing1: "title", thing2: "topicTitle", thing3: "reason" },
  "deliberation.passed": { thing1: "title", thing2: "topicTitle" },
  "deliberation.failed": { thing1: "title", thing2: "topicTitle" },
  "notice.emergency": { thing1: "title", thing2: "noticeTitle", time3: "publishedAt" },
};

/** The one line that says what happened; WeChat users read Chinese. */
const titles: Record<string, string> = {
  "legal.booking_confirmed": "法律咨询预约成功",
  "legal.reminder_day_before": "明天有法律咨询预约",
  "legal.reminder_hour_before": "法律咨询1小时后开始",
  "legal.promoted": "候补成功，已为您预约",
  "legal.cancelled_by_center": "法律咨询预约已取消",
  "legal.waitlist_closed": "候补未成功，名额已满",
  "window.booked": "办事预约成功",
  "window.reminder": "明天有办事预约，请带齐材料",
  "window.cancelled_by_center": "办事预约已取消",
  "window.materials_missing": "材料不全，请补齐后再来",
  "window.done": "事项已办结",
  "window.no_show": "您错过了办事预约",
  "window.proxy_received": "代办事项已受理",
  "window.proxy_in_progress": "代办事项办理中",
  "window.proxy_done": "代办事项已办结",
  "window.proxy_returned": "代办事项已退回",
  "deliberation.accepted": "您的提议已成为正式议题",
  "deliberation.declined": "您的提议未被受理",
  "deliberation.withdrawn": "您的议题已被撤回",
  "deliberation.passed": "您提出的议题表决通过",
  "deliberation.failed": "您提出的议题表决未通过",
  "notice.emergency": "社区紧急通知",
};

const modeLabels: Record<string, string> = { in_person: "面谈", phone: "电话" };

export interface TemplateChoice {
  templateId: string;
  layout: Layout;
}

/** Same shape as config.ts checks: `kind=templateId` with an optional `[keyword:field …]`. */
const ENTRY = /^([a-z][a-z0-9_.]*)=([A-Za-z0-9_-]+)(?:\[([^\]]*)\])?$/;

/** Reads the WECHAT_SUBSCRIBE_TEMPLATES entries; a kind with no layout and none given is refused. */
export function parseTemplateConfig(entries: readonly string[]): Map<string, TemplateChoice> {
  const choices = new Map<string, TemplateChoice>();
  for (const entry of entries) {
    const match = ENTRY.exec(entry);
    if (!match)
      throw new Error(`WECHAT_SUBSCRIBE_TEMPLATES: "${entry}" is not kind=templateId[keyword:field …]`);
    const [, kind = "", templateId = "", custom] = match;
    const layout = custom === undefined ? defaultLayouts[kind] : parseLayout(entry, custom);
    if (!layout)
      throw new Error(`WECHAT_SUBSCRIBE_TEMPLATES: no default layout for "${kind}"; give one in [ ]`);
    choices.set(kind, { templateId, layout });
  }
  return choices;
}

function parseLayout(entry: string, text: string): Layout {
  const pairs = text.split(/\s+/).filter(Boolean);
  const layout: Layout = {};
  for (const pair of pairs) {
    const match = /^([a-z_]+\d+):([A-Za-z]+)$/.exec(pair);
    if (!match) throw new Error(`WECHAT_SUBSCRIBE_TEMPLATES: "${pair}" in "${entry}" is not keyword:field`);
    layout[match[1] as string] = match[2] as string;
  }
  if (pairs.length === 0) throw new Error(`WECHAT_SUBSCRIBE_TEMPLATES: empty layout in "${entry}"`);
  return layout;
}

/** Builds the `data` of subscribeMessage.send, each value within its keyword type's limits. */
export function renderTemplateData(
  kind: string,
  params: MessageParams,
  layout: Layout,
): Record<string, { value: string }> {
  const fields: MessageParams = {
    ...params,
    title: params.title ?? titles[kind] ?? kind,
    ...(params.mode ? { modeLabel: modeLabels[params.mode] ?? params.mode } : {}),
  };
  return Object.fromEntries(
    Object.entries(layout).map(([keyword, field]) => [
      keyword,
      { value: formatValue(keyword, fields[field]) },
    ]),
  );
}

/** Character limits of the keyword types (WeChat: thing 20, name 10, phrase 5, character_string 32…). */
const limits: Record<string, number> = {
  thing: 20,
  name: 10,
  phrase: 5,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phone_number: 17,
  car_number: 8,
};

/** WeChat refuses an empty value; a field the message does not carry shows a dash. */
export function formatValue(keyword: string, value: string | undefined): string {
  const type = keyword.replace(/\d+$/, "");
  if (!value) return "-";
  if (type === "time") return formatShanghaiTime(value) ?? "-";
  if (type === "date") return formatShanghaiDate(value) ?? "-";
  const limit = limits[type];
  return limit === undefined ? value : truncate(value, limit);
}

/** Cuts by characters (code points, so a Chinese character or emoji is one) with an ellipsis. */
export function truncate(value: string, limit: number): string {
  const chars = Array.from(value.trim());
  return chars.length <= limit ? chars.join("") : `${chars.slice(0, limit - 1).join("")}…`;
}

// China keeps no daylight saving time: Asia/Shanghai is UTC+8 all year.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

function shanghaiParts(instant: string) {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** `2026年3月4日 14:30`, the form WeChat's time keyword takes. */
export function formatShanghaiTime(instant: string): string | null {
  const parts = shanghaiParts(instant);
  return parts ? `${parts.date} ${parts.time}` : null;
}

export function formatShanghaiDate(instant: string): string | null {
  return shanghaiParts(instant)?.date ?? null;
}
