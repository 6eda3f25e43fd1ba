/** Reach: how many households of the audience read and acknowledged, and who to knock on next. */
import { listAllHouseholds } from "../community/repo.js";
import { formatAddress } from "../community/service.js";
import type { Db } from "../db/client.js";
import type { NoticeBundle } from "./repo.js";
import { listHouseholdReceipts } from "./repo.js";
import { householdInChannels } from "./service.js";

export type FollowUpList = "unread" | "unacked" | "all";

export interface FollowUpHousehold {
  householdId: string;
  room: string;
  address: string;
  readAt: string | null;
  ackAt: string | null;
}

/**
 * The counts come from the counters kept on write; the follow-up list from the audience's
 * households and the receipts (one read of each, on a staff page, never on a resident's path).
 */
export async function reachOf(db: Db, bundle: NoticeBundle, list: FollowUpList) {
  const { notice } = bundle;
  const [households, receipts] = await Promise.all([
    listAllHouseholds(db, notice.communityId),
    listHouseholdReceipts(db, notice.id),
  ]);
  const audience = households.filter((h) => householdInChannels(h, notice.channels));
  const byHousehold = new Map(receipts.map((r) => [r.householdId, r]));
  const buildings = new Map<
    string,
    { buildingId: string; buildingName: string; households: number; reads: number; acks: number }
  >();
  const followUp = new Map<
    string,
    { buildingId: string; buildingName: string; units: Map<string, FollowUpHousehold[]> }
  >();
  for (const household of audience) {
    const receipt = byHousehold.get(household.id);
    const counts = buildings.get(household.buildingId) ?? {
      buildingId: household.buildingId,
      buildingName: household.buildingName,
      households: 0,
      reads: 0,
      acks: 0,
    };
    counts.households++;
    if (receipt) counts.reads++;
    if (receipt?.ackAt) counts.acks++;
    buildings.set(household.buildingId, counts);
    const wanted = list === "all" || (list === "unread" ? !receipt : !receipt?.ackAt);
    if (!wanted) continue;
    const building = followUp.get(household.buildingId) ?? {
      buildingId: household.buildingId,
      buildingName: household.buildingName,
      units: new Map<string, FollowUpHousehold[]>(),
    };
    const unit = building.units.get(household.unit) ?? [];
    unit.push({
      householdId: household.id,
      room: household.room,
      address: formatAddress(household.buildingName, household.unit, household.room),
      readAt: receipt?.readAt ?? null,
      ackAt: receipt?.ackAt ?? null,
    });
    building.units.set(household.unit, unit);
    followUp.set(household.buildingId, building);
  }
  const size = audience.length;
  return {
    noticeId: notice.id,
    title: notice.title,
    ackRequired: notice.ackRequired,
    audienceHouseholds: size,
    reads: bundle.reads,
    acks: bundle.acks,
    readRate: size === 0 ? 0 : bundle.reads / size,
    ackRate: notice.ackRequired ? (size === 0 ? 0 : bundle.acks / size) : null,
    buildings: [...buildings.values()],
    list,
    followUp: [...followUp.values()].map((b) => ({
      buildingId: b.buildingId,
      buildingName: b.buildingName,
      units: [...b.units.entries()].map(([unit, list]) => ({ unit, households: list })),
    })),
  };
}

const csvCell = (value: string) => {
  // A leading = + - @ would be a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const shanghai = (iso: string | null) =>
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "";

/** The follow-up list as CSV for a spreadsheet (UTF-8 with a byte-order mark, so Excel reads Chinese). */
export function reachCsv(reach: Awaited<ReturnType<typeof reachOf>>): string {
  const rows = [
    [
      "楼栋",
      "单元",
      "房号",
      "地址",
      "已读",
      "阅读时间",
      ...(reach.ackRequired ? ["已确认", "确认时间"] : []),
    ],
  ];
  for (const building of reach.followUp)
    for (const unit of building.units)
      for (const h of unit.households)
        rows.push([
          building.buildingName,
          unit.unit,
          h.room,
          h.address,
          h.readAt ? "是" : "否",
          shanghai(h.readAt),
          ...(reach.ackRequired ? [h.ackAt ? "是" : "否", shanghai(h.ackAt)] : []),
        ]);
  return `\ufeff${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
