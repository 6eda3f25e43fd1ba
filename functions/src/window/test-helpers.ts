import { expect } from "vitest";
import { call, type TestStack } from "../../../test/setup/harness.js";

/** Monday 2026-09-28, 08:00 in Shanghai: the week before the National Day holiday. */
export const MONDAY_8AM = "2026-09-28T00:00:00.000Z";
export const MONDAY = "2026-09-28";
/** "HH:MM" on a Shanghai day as the API's instant. */
export const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

const WEEKDAY = [
  { open: "09:00", close: "12:00" },
  { open: "13:30", close: "17:00" },
];

export const centerBody = (extra: Record<string, unknown> = {}) => ({
  name: "测试受理中心",
  address: "党群服务中心一楼",
  windows: 2,
  slotMinutes: 15,
  hours: { "1": WEEKDAY, "2": WEEKDAY, "3": WEEKDAY, "4": WEEKDAY, "5": WEEKDAY },
  ...extra,
});

export const matterBody = (centerId: string, extra: Record<string, unknown> = {}) => ({
  centerId,
  name: "生育保险报销",
  nameEn: "Maternity insurance reimbursement",
  category: "medical_insurance",
  description: "参保职工生育医疗费用及生育津贴报销。",
  materials: [
    { id: "m1", name: "居民身份证", note: "原件", required: true },
    { id: "m2", name: "结婚证", note: "原件及复印件一份", required: true },
    { id: "m3", name: "医疗费用发票", required: false },
  ],
  processingDays: 10,
  proxyAllowed: true,
  fee: 0,
  ...extra,
});

/** A center and a matter in the staff member's community, made through the API. */
export async function setUpWindow(
  stack: TestStack,
  staffToken: string,
  options: { center?: Record<string, unknown>; matter?: Record<string, unknown> } = {},
): Promise<{ centerId: string; matterId: string }> {
  const center = await call(stack.app, "POST", "/api/v1/window/centers", {
    token: staffToken,
    body: centerBody(options.center),
  });
  expect(center.status, center.text).toBe(201);
  const centerId = center.json.center.id as string;
  const matter = await call(stack.app, "POST", "/api/v1/matters", {
    token: staffToken,
    body: matterBody(centerId, options.matter),
  });
  expect(matter.status, matter.text).toBe(201);
  return { centerId, matterId: matter.json.matter.id as string };
}

export const appointmentRequest = (
  matterId: string,
  slotStartsAt: string,
  extra: Record<string, unknown> = {},
) => ({
  matterId,
  slotStartsAt,
  confirmedMaterials: ["m1", "m2"],
  ...extra,
});
