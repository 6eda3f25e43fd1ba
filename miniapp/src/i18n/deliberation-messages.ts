// Messages of the deliberation hall in the message list. Spread into zh-CN.ts and en.ts.
export const deliberationMessagesZh = {
  "dm.accepted": "您的提议已成为正式议题",
  "dm.declined": "您的提议未被受理",
  "dm.withdrawn": "您的议题已被撤回",
  "dm.passed": "您提出的议题表决通过",
  "dm.failed": "您提出的议题表决未通过",
  "dm.topic": "议题：{title}",
  "dm.reason": "原因：{reason}",
};

export const deliberationMessagesEn: Record<keyof typeof deliberationMessagesZh, string> = {
  "dm.accepted": "Your proposal is now a topic",
  "dm.declined": "Your proposal was not taken up",
  "dm.withdrawn": "Your topic was withdrawn",
  "dm.passed": "The vote on your topic passed",
  "dm.failed": "The vote on your topic did not pass",
  "dm.topic": "Topic: {title}",
  "dm.reason": "Reason: {reason}",
};
