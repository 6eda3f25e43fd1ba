import type { Role } from "../users/schemas.js";
import { RESIDENT_NAMES } from "./data.js";

export interface DemoAccount {
  openid: string;
  nickname: string;
  role: Role;
  description: string;
}

const resident = (n: number, description: string): DemoAccount => ({
  openid: `demo-resident-${n}`,
  nickname: RESIDENT_NAMES[n - 1] ?? `居民${n}`,
  role: "resident",
  description,
});

/** The accounts the web login picker offers in local mode; the seed creates each of them. */
export const demoAccounts: DemoAccount[] = [
  resident(1, "业主 · 1栋1单元101 · 已认证"),
  resident(2, "业主 · 名下两套住房 · 已认证"),
  resident(29, "租户 · 已认证"),
  resident(32, "家庭成员 · 已认证"),
  resident(36, "认证申请待审核"),
  resident(39, "认证申请被退回"),
  resident(40, "未认证 · 尚未申请"),
  { openid: "demo-staff-1", nickname: "刘敏", role: "staff", description: "黄河西路社区 · 工作人员" },
  { openid: "demo-staff-2", nickname: "孙丽", role: "staff", description: "黄河西路社区 · 工作人员" },
  {
    openid: "demo-lawyer-1",
    nickname: "周律师",
    role: "lawyer",
    description: "值班律师 · 婚姻家庭、劳动争议",
  },
  {
    openid: "demo-lawyer-2",
    nickname: "吴律师",
    role: "lawyer",
    description: "值班律师 · 房产物业、合同债务",
  },
  { openid: "demo-lawyer-3", nickname: "郑律师", role: "lawyer", description: "值班律师 · 继承、消费者权益" },
  { openid: "demo-admin", nickname: "系统管理员", role: "admin", description: "全部社区 · 运维管理" },
  { openid: "demo-staff-other", nickname: "黄强", role: "staff", description: "长江东路社区 · 工作人员" },
  // Not a resident of the community: a department's case handler (城管、物业), set in its departments.
  {
    openid: "demo-handler-1",
    nickname: "王建国",
    role: "resident",
    description: "城管执法中队、物业 · 案件承办人",
  },
];

export const demoUserId = (openid: string) => `u-${openid}`;
