/**
 * The demo notice board of 黄河西路社区 around the day the demo is seeded: a pinned policy notice
 * for everyone that asks residents to acknowledge it (some homes have read and acknowledged), a
 * notice for 2栋, a legal-education piece linking to the legal consultations, a notice for the
 * grid 网格一, an expired activity (in the archive), one scheduled for later and a draft. Built
 * with the same audience, channel and counter functions the API uses.
 */
import type { Building, Household } from "../community/schemas.js";
import { keys } from "../db/keys.js";
import { channelItem, gridItem, noticeItem } from "../notices/repo.js";
import type { Grid, Notice, Receipt } from "../notices/schemas.js";
import { feedLocation, resolveAudience } from "../notices/service.js";
import { addDays, shanghaiDate, shanghaiInstant } from "../time/shanghai.js";
import { DEMO_COMMUNITY } from "./data.js";

export interface NoticesDemoInput {
  buildings: Building[];
  households: Household[];
  staff: { id: string; nickname: string };
}

const at = (today: string, days: number, time: string) => shanghaiInstant(addDays(today, days), time);

export const DEMO_GRID_ID = "demo-grid-1";

export function buildNoticesDemo(now: Date, input: NoticesDemoInput): Record<string, unknown>[] {
  const today = shanghaiDate(now);
  const nowIso = now.toISOString();
  const buildings = input.buildings.filter((b) => b.communityId === DEMO_COMMUNITY.id);
  const households = input.households.filter((h) => h.communityId === DEMO_COMMUNITY.id);
  const items: Record<string, unknown>[] = [];

  const grid: Grid = {
    id: DEMO_GRID_ID,
    communityId: DEMO_COMMUNITY.id,
    name: "网格一",
    members: [
      { buildingId: "b1", unit: null },
      { buildingId: "b2", unit: "1" },
    ],
    createdAt: at(today, -30, "09:00"),
    updatedAt: at(today, -30, "09:00"),
  };
  items.push(gridItem(grid));

  const notice = (
    n: Pick<Notice, "id" | "title" | "body" | "category" | "audience"> & Partial<Notice>,
    readers: Household[] = [],
    acks = 0,
  ) => {
    const resolved = resolveAudience(n.audience, buildings, [grid], households);
    const published = (n.state ?? "published") === "published";
    const createdAt = n.createdAt ?? n.publishedAt ?? at(today, -1, "09:00");
    const full: Notice = {
      communityId: DEMO_COMMUNITY.id,
      audienceLabel: resolved.label,
      images: [],
      pinned: false,
      ackRequired: false,
      state: "published",
      publishAt: null,
      publishedAt: null,
      expiresAt: null,
      channels: published ? resolved.channels : [],
      audienceHouseholds: resolved.households.length,
      createdAt,
      createdBy: input.staff.id,
      createdByName: input.staff.nickname,
      updatedAt: n.publishedAt ?? createdAt,
      version: published ? 2 : 1,
      syncedVersion: published ? 2 : 1,
      syncedLocation: "none",
      editedAt: null,
      revisions: 0,
      withdrawnAt: null,
      withdrawReason: null,
      pushedAt: null,
      ...n,
    };
    full.syncedLocation = feedLocation(full, nowIso);
    items.push(noticeItem(full));
    const location = full.syncedLocation;
    if (location !== "none")
      for (const channel of full.channels) items.push(channelItem(full, channel, location));
    readers.forEach((household, i) => {
      const readAt = new Date(Date.parse(full.publishedAt as string) + (i + 1) * 17 * 60_000).toISOString();
      const receipt: Receipt = {
        noticeId: full.id,
        reader: `HH#${household.id}`,
        householdId: household.id,
        readAt,
        readBy: `u-demo-resident-${households.indexOf(household) + 1}`,
        ackAt: i < acks ? readAt : null,
        ackBy: i < acks ? `u-demo-resident-${households.indexOf(household) + 1}` : null,
      };
      items.push({ ...keys.noticeReceipt(full.id, receipt.reader), entity: "NoticeReceipt", ...receipt });
    });
    if (readers.length > 0)
      items.push({
        ...keys.noticeShard(full.id, 0),
        entity: "NoticeCounter",
        shard: 0,
        reads: readers.length,
        acks: Math.min(acks, readers.length),
      });
    return full;
  };

  // Homes of residents 3–14 (1栋) have read the insurance notice; 3–10 have acknowledged it.
  notice(
    {
      id: "demo-notice-insurance",
      title: "关于2027年度城乡居民医保集中缴费的通知",
      category: "policy",
      audience: { kind: "community" },
      pinned: true,
      ackRequired: true,
      publishedAt: at(today, -2, "09:30"),
      expiresAt: at(today, 38, "18:00"),
      body: [
        "# 缴费时间",
        "即日起至12月31日，请各户为家庭成员办理2027年度城乡居民医保缴费。",
        "## 缴费方式",
        "- 微信搜索“河南医保”小程序线上缴费",
        "- 到社区服务中心窗口办理，可先[预约窗口](/pages/window/catalog/index)",
        "## 注意事项",
        "1. **逾期未缴**将影响明年的医保待遇",
        "2. 低保、特困人员由社区统一代缴，无需个人缴费",
        "阅读后请点击“我已知晓”，方便网格员统计。",
      ].join("\n"),
    },
    households.slice(2, 14),
    8,
  );
  notice({
    id: "demo-notice-b2-water",
    title: "2栋二次供水水箱清洗停水通知",
    category: "notice",
    audience: { kind: "buildings", buildingIds: ["b2"] },
    publishedAt: at(today, -1, "16:00"),
    expiresAt: at(today, 3, "18:00"),
    body: "因二次供水水箱年度清洗消毒，2栋将于**后天 9:00–15:00 停水**，请提前储水。\n如有特殊困难，请联系网格员。",
  });
  notice({
    id: "demo-notice-civil-code",
    title: "《民法典》小课堂：物业费纠纷怎么办",
    category: "legal",
    audience: { kind: "community" },
    publishedAt: at(today, -5, "10:00"),
    body: [
      "业主对物业服务不满意，能不能拒交物业费？",
      "根据《民法典》第九百四十四条，业主应当按照约定向物业服务人支付物业费；物业服务人已经按照约定和有关规定提供服务的，业主不得以未接受或者无需接受相关物业服务为由拒绝支付物业费。",
      "- 有争议先协商，或请社区人民调解",
      "- 需要法律意见，可[预约值班律师免费咨询](/pages/legal/slots/index)",
    ].join("\n"),
  });
  notice({
    id: "demo-notice-grid-fire",
    title: "网格一：楼道杂物清理与消防检查",
    category: "notice",
    audience: { kind: "grids", gridIds: [DEMO_GRID_ID] },
    publishedAt: at(today, -3, "08:30"),
    body: "本周五网格员将上门检查楼道消防通道，请各户清理楼道内堆放的杂物和电动车。",
  });
  notice({
    id: "demo-notice-double-ninth",
    title: "重阳节敬老活动圆满结束",
    category: "activity",
    audience: { kind: "community" },
    publishedAt: at(today, -40, "15:00"),
    expiresAt: at(today, -30, "18:00"),
    body: "感谢各位志愿者和居民的参与，本次活动共为社区80岁以上老人送去慰问品120份。",
  });
  notice({
    id: "demo-notice-new-year",
    title: "元旦社区联欢会节目征集",
    category: "activity",
    audience: { kind: "community" },
    state: "scheduled",
    publishAt: at(today, 2, "09:00"),
    createdAt: at(today, -1, "11:00"),
    body: "欢迎居民报名表演节目，形式不限，12月20日前到社区服务中心登记。",
  });
  notice({
    id: "demo-notice-heating-draft",
    title: "冬季供暖缴费提醒（草稿）",
    category: "notice",
    audience: { kind: "buildings", buildingIds: ["b3"] },
    state: "draft",
    createdAt: at(today, 0, "08:00"),
    body: "3栋供暖费缴纳截止日期为12月15日。",
  });
  return items;
}
