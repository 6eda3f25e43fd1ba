import { expect } from "vitest";
import { call, loginAs, type TestStack } from "../../../test/setup/harness.js";

/** Friday 2030-01-04 10:00 in Shanghai: far from the seeded demo slots. */
export const FRIDAY_10AM = "2030-01-04T02:00:00.000Z";
export const MONDAY = "2030-01-07";

export interface RosterSpec {
  lawyerId?: string;
  from?: string;
  to?: string;
  weekdays?: number[];
  startTime?: string;
  endTime?: string;
  slotMinutes?: number;
  mode?: "in_person" | "phone";
  seats?: number;
}

/** Creates a roster as demo staff and returns its slot ids in time order. */
export async function makeRoster(stack: TestStack, spec: RosterSpec = {}): Promise<string[]> {
  const staff = await loginAs(stack.app, "demo-staff-1");
  const body = {
    lawyerId: "u-demo-lawyer-1",
    from: MONDAY,
    to: MONDAY,
    weekdays: [1],
    startTime: "09:00",
    endTime: "12:00",
    slotMinutes: 30,
    mode: "in_person",
    seats: 1,
    ...spec,
  };
  const created = await call(stack.app, "POST", "/api/v1/legal/rosters", { token: staff, body });
  expect(created.status, created.text).toBe(201);
  const listed = await call(
    stack.app,
    "GET",
    `/api/v1/legal/slots?from=${body.from}&to=${body.to}&lawyerId=${body.lawyerId}`,
    { token: staff },
  );
  expect(listed.status, listed.text).toBe(200);
  return (listed.json.slots as { id: string }[])
    .map((slot) => slot.id)
    .filter((id) => id.startsWith(created.json.roster.id));
}

export const bookingRequest = (slotId: string, extra: Record<string, unknown> = {}) => ({
  slotId,
  category: "labour",
  description: "公司拖欠三个月工资，想咨询如何维权。",
  ...extra,
});
