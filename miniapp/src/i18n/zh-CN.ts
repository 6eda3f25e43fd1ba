import { casesResidentZh } from "./cases-resident";
import { casesWorkZh } from "./cases-work";
import { deliberationMessagesZh } from "./deliberation-messages";
import { deliberationResidentZh } from "./deliberation-resident";
import { deliberationWorkZh } from "./deliberation-work";
import { legalResidentZh } from "./legal-resident";
import { legalWorkZh } from "./legal-work";
import { noticesReachZh } from "./notices-reach";
import { noticesResidentZh } from "./notices-resident";
import { noticesWorkZh } from "./notices-work";
import { privacyZh } from "./privacy";
import { webLoginZh } from "./web-login";
import { windowResidentZh } from "./window-resident";
import { windowWorkZh } from "./window-work";

// Simplified Chinese is the default for every user-facing string; en.ts must carry the same keys.
export const zhCN = {
  "app.name": "一门通",
  "common.loading": "加载中…",
  "common.retry": "重试",
  "common.networkError": "网络不给力，请稍后再试",
  "common.cancel": "取消",
  "common.pick": "请选择",

  "role.resident": "居民",
  "role.staff": "社区工作人员",
  "role.lawyer": "律师",
  "role.admin": "管理员",

  "relation.owner": "业主",
  "relation.tenant": "租户",
  "relation.member": "家庭成员",

  "status.unverified": "未认证",
  "status.pending": "审核中",
  "status.verified": "已认证",
  "status.rejected": "未通过",
  "status.revoked": "已撤销",

  "address.format": "{building}{unit}单元{room}",

  "login.title": "登录",
  "login.slogan": "社区服务，一门通办",
  "login.wechat": "微信一键登录",
  "login.wechatHint": "使用微信身份登录，无需注册",
  "login.demoTitle": "选择演示账号登录",
  "login.demoHint": "本地演示环境：点一下账号即可进入",
  "login.wechatOnly": "请在微信中搜索“一门通”小程序登录使用",
  "login.failed": "登录失败，请重试",
  "login.loggingIn": "正在登录…",

  "home.title": "一门通",
  "home.greeting": "您好，{name}",
  "home.noCommunity": "尚未加入社区",
  "home.verifyBanner": "完成住户认证，办理更多社区服务",
  "home.verifyPending": "住户认证审核中，请耐心等待",
  "home.verifyRejected": "住户认证未通过，请修改后重新提交",
  "home.verifyAction": "去认证",
  "home.verifyView": "查看",
  "home.services": "社区服务",
  "home.workbench": "工作台",

  "tile.me": "我的",
  "tile.meDesc": "资料与住户认证",
  "tile.staffVerify": "认证审核",
  "tile.staffVerifyDesc": "审核居民认证申请",
  "tile.legal": "法律咨询",
  "tile.deliberation": "议事厅",
  "tile.notices": "通知公告",

  "me.title": "我的",
  "me.community": "所在社区：{name}",
  "me.households": "我的房屋",
  "me.noHouseholds": "暂无已认证的房屋",
  "me.area": "{area} m²",
  "me.verification": "住户认证",
  "me.unverifiedHint": "认证后可使用预约、议事等社区服务",
  "me.pendingHint": "申请已提交，社区工作人员会尽快审核",
  "me.verifiedHint": "您已完成住户认证",
  "me.rejectedReason": "未通过原因：{reason}",
  "me.revokedHint": "您的认证已被撤销，如有疑问请联系社区",
  "me.requestSummary": "申请房屋：{address}（{relation}）",
  "me.settings": "设置",
  "me.language": "语言",
  "me.largeText": "大字模式",
  "me.largeTextHint": "放大所有页面的文字和按钮",
  "me.logout": "退出登录",

  "form.title": "申请住户认证",
  "form.community": "社区",
  "form.building": "楼栋",
  "form.unit": "单元",
  "form.room": "房号",
  "form.roomPlaceholder": "如 301",
  "form.relation": "与房屋关系",
  "form.realName": "真实姓名",
  "form.realNamePlaceholder": "与房产证或租赁合同一致",
  "form.phone": "手机号",
  "form.phonePlaceholder": "11 位手机号码",
  "form.required": "请填写此项",
  "form.roomInvalid": "请填写正确的房号，如 301",
  "form.nameInvalid": "请填写 2–30 个字的真实姓名",
  "form.phoneInvalid": "请输入 11 位手机号码",
  "form.submit": "提交认证申请",
  "form.submitted": "已提交，等待审核",
  "form.pendingConflict": "您已有一条审核中的申请",
  "form.privacy": "手机号仅用于社区核实身份，工作人员只能看到部分号码",

  "staff.title": "认证审核",
  "staff.pendingCount": "待审核 {count} 条",
  "staff.empty": "暂无待审核的申请",
  "staff.verify": "通过",
  "staff.reject": "驳回",
  "staff.rejectPlaceholder": "请填写驳回原因（居民可见）",
  "staff.confirmReject": "确认驳回",
  "staff.reasonRequired": "请填写驳回原因",
  "staff.noCandidate": "未匹配到房屋，请核实后驳回或联系居民",
  "staff.candidate": "已匹配登记房屋（编号 {id}）",
  "staff.submittedAt": "提交于 {time}",
  "staff.phone": "手机 {phone}",
  "staff.verified": "已通过",
  "staff.rejected": "已驳回",
  "staff.loadMore": "加载更多",
  "staff.forbidden": "您没有审核权限",

  ...legalResidentZh,
  ...legalWorkZh,
  ...windowResidentZh,
  ...windowWorkZh,
  ...deliberationResidentZh,
  ...deliberationWorkZh,
  ...deliberationMessagesZh,
  ...noticesResidentZh,
  ...noticesWorkZh,
  ...noticesReachZh,
  ...webLoginZh,
  ...privacyZh,
  ...casesResidentZh,
  ...casesWorkZh,
} as const;

export type MessageKey = keyof typeof zhCN;
