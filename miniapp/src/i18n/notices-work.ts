// Staff's notices pages (manage, compose, reach, grids). Spread into zh-CN.ts and en.ts.
export const noticesWorkZh = {
  "tile.noticesManage": "通知管理",
  "tile.noticesManageDesc": "发布通知、阅读情况与上门跟进名单",
  "nw.manageTitle": "通知管理",
};

export const noticesWorkEn: Record<keyof typeof noticesWorkZh, string> = {
  "tile.noticesManage": "Notice desk",
  "tile.noticesManageDesc": "Publish notices, see who read them, follow up",
  "nw.manageTitle": "Manage notices",
};
