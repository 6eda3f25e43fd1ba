// Residents' notices pages (feed, notice) and the notice message. Spread into zh-CN.ts and en.ts.
export const noticesResidentZh = {
  "tile.noticesDesc": "社区通知、政策解读、普法与活动",
  "nr.title": "通知公告",
  "nr.category.notice": "通知",
  "nr.category.policy": "政策解读",
  "nr.category.legal": "普法宣传",
  "nr.category.activity": "活动",
  "nr.category.emergency": "紧急",
  "nr.msg.emergency": "社区紧急通知",
  "nr.msg.title": "《{title}》",
};

export const noticesResidentEn: Record<keyof typeof noticesResidentZh, string> = {
  "tile.noticesDesc": "Community notices, policies, legal education, activities",
  "nr.title": "Notices",
  "nr.category.notice": "Notice",
  "nr.category.policy": "Policy explained",
  "nr.category.legal": "Legal education",
  "nr.category.activity": "Activity",
  "nr.category.emergency": "Emergency",
  "nr.msg.emergency": "Community emergency notice",
  "nr.msg.title": "“{title}”",
};
