import Taro from "@tarojs/taro";
import { parseTemplateSetting, type SubscribeOutcome, subscribeOutcome } from "./template-ids";

export type { SubscribeOutcome } from "./template-ids";

const SETTING = parseTemplateSetting(process.env.TARO_APP_SUBSCRIBE_TEMPLATE_IDS);
const TEMPLATE_IDS = SETTING.reminders;

/** Whether this build can ask for WeChat subscription messages at all. */
export const canSubscribe = process.env.TARO_ENV === "weapp" && TEMPLATE_IDS.length > 0;

/**
 * Asks WeChat for consent to send reminders. Must run straight from a tap (WeChat refuses it
 * after an await). Resolves true when at least one template was accepted; never rejects, so a
 * refusal or an old client never stands in the way of a booking.
 */
export async function askForReminders(): Promise<boolean> {
  if (!canSubscribe) return false;
  try {
    // entityIds is Alipay's; Taro's typing wants it present.
    const result = (await Taro.requestSubscribeMessage({
      tmplIds: TEMPLATE_IDS,
      entityIds: [],
    })) as unknown as Record<string, string>;
    return TEMPLATE_IDS.some((id) => result[id] === "accept");
  } catch {
    return false;
  }
}

/** A message kind the pages ask consent for on their own (not with a booking). */
export type AlertKind = "notice.emergency";

/** The template id configured for a kind, on the WeChat build only; null hides the button. */
export function alertTemplate(kind: AlertKind): string | null {
  if (process.env.TARO_ENV !== "weapp") return null;
  return SETTING.byKind[kind] ?? null;
}

/**
 * Asks WeChat for consent to one message of `kind`. Call it straight from the tap, before any
 * await (WeChat refuses it otherwise). Never rejects.
 */
export async function askForAlert(kind: AlertKind): Promise<SubscribeOutcome> {
  const templateId = alertTemplate(kind);
  if (!templateId) return "failed";
  try {
    const answer = (await Taro.requestSubscribeMessage({
      tmplIds: [templateId],
      entityIds: [],
    })) as unknown as Record<string, unknown>;
    return subscribeOutcome(templateId, answer);
  } catch (err) {
    const errCode = (err as { errCode?: unknown } | null)?.errCode;
    return subscribeOutcome(templateId, null, typeof errCode === "number" ? errCode : undefined);
  }
}

/** Puts the consultation into the phone's calendar (weapp only), reminding 30 minutes ahead. */
export async function addToCalendar(event: {
  title: string;
  startsAt: string;
  endsAt: string;
  location: string;
  description: string;
}): Promise<boolean> {
  if (process.env.TARO_ENV !== "weapp") return false;
  try {
    await Taro.addPhoneCalendar({
      title: event.title,
      startTime: Math.floor(Date.parse(event.startsAt) / 1000),
      endTime: String(Math.floor(Date.parse(event.endsAt) / 1000)),
      location: event.location,
      description: event.description,
      alarm: true,
      alarmOffset: 30 * 60,
    });
    return true;
  } catch {
    return false;
  }
}
