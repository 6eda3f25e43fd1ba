// 我的数据与账号 (My data and account): export everything, delete the account. Spread into
// zh-CN.ts and en.ts.
export const privacyZh = {
  "privacy.entry": "我的数据与账号",
  "privacy.entryHint": "导出我的全部数据，或注销账号",
  "privacy.nav": "我的数据与账号",
  "privacy.exportTitle": "导出我的数据",
  "privacy.exportHint":
    "一门通保存的关于您的全部信息：个人资料、房屋与认证、预约与咨询记录、议事投票（含您自己的选择）、留言、消息等，保存为一个 JSON 文件。",
  "privacy.export": "导出数据",
  "privacy.exporting": "正在导出…",
  "privacy.downloaded": "已下载：{file}",
  "privacy.saved": "已生成文件 {file}。可发送到聊天（例如“文件传输助手”）保存，或复制全部内容。",
  "privacy.share": "发送到聊天",
  "privacy.copy": "复制全部内容",
  "privacy.copied": "已复制",
  "privacy.exportFailed": "导出没有成功，请稍后重试",
  "privacy.deleteTitle": "注销账号",
  "privacy.deleteHint": "注销后：",
  "privacy.consequence1":
    "尚未开始的窗口预约和法律咨询会取消，候补也会退出（距开始已不足取消时限的咨询保留座位，但不再与您关联）；",
  "privacy.consequence2":
    "已办完的记录和投票会保留用于社区统计，但会删除您的姓名、电话和填写的内容，不再与您关联；",
  "privacy.consequence3": "房屋认证、消息和其他个人资料全部删除；",
  "privacy.consequence4": "注销后无法恢复。再次登录会是一个新的账号，需要重新认证。",
  "privacy.delete": "注销账号",
  "privacy.roleHeld": "您是社区工作人员、律师或管理员，请先联系运维人员取消该身份，再注销账号。",
  "privacy.confirm1Title": "确定要注销账号吗？",
  "privacy.confirm1Body": "您的预约会被取消，记录会被匿名处理，个人资料会被删除。",
  "privacy.continue": "继续",
  "privacy.cancel": "不注销",
  "privacy.confirm2Title": "最后确认：注销后无法恢复",
  "privacy.confirm2Body": "点“确认注销”后立即生效，并退出登录。",
  "privacy.confirmDelete": "确认注销",
  "privacy.deleted": "账号已注销",
  "privacy.deleteFailed": "注销没有成功，请稍后重试",
} as const;

export const privacyEn: Record<keyof typeof privacyZh, string> = {
  "privacy.entry": "My data and account",
  "privacy.entryHint": "Export all my data, or delete my account",
  "privacy.nav": "My data and account",
  "privacy.exportTitle": "Export my data",
  "privacy.exportHint":
    "Everything OneDoor stores about you: profile, homes and verification, bookings and consultations, votes (with your own choices), comments, messages and more, in one JSON file.",
  "privacy.export": "Export data",
  "privacy.exporting": "Exporting…",
  "privacy.downloaded": "Downloaded: {file}",
  "privacy.saved":
    "The file {file} is ready. Send it to a chat (e.g. File Transfer) to keep it, or copy everything.",
  "privacy.share": "Send to a chat",
  "privacy.copy": "Copy everything",
  "privacy.copied": "Copied",
  "privacy.exportFailed": "The export did not work, please try again later",
  "privacy.deleteTitle": "Delete account",
  "privacy.deleteHint": "After deleting:",
  "privacy.consequence1":
    "window appointments and legal consultations that have not started are cancelled and you leave any waitlist (a consultation already inside its cancellation cut-off keeps its seat, no longer linked to you);",
  "privacy.consequence2":
    "past records and votes stay for the community's statistics, without your name, phone or what you wrote, and no longer linked to you;",
  "privacy.consequence3": "your verified homes, messages and other personal data are deleted;",
  "privacy.consequence4":
    "this cannot be undone. Logging in again makes a new account that must be verified again.",
  "privacy.delete": "Delete account",
  "privacy.roleHeld":
    "You are community staff, a lawyer or an admin. Ask the operators to remove that role first, then delete the account.",
  "privacy.confirm1Title": "Delete your account?",
  "privacy.confirm1Body":
    "Your bookings will be cancelled, your records anonymised and your personal data deleted.",
  "privacy.continue": "Continue",
  "privacy.cancel": "Keep my account",
  "privacy.confirm2Title": "Last step: this cannot be undone",
  "privacy.confirm2Body": "Tapping “Delete now” deletes the account at once and logs you out.",
  "privacy.confirmDelete": "Delete now",
  "privacy.deleted": "Your account has been deleted",
  "privacy.deleteFailed": "Deleting did not work, please try again later",
};
