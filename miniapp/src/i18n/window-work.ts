// Window appointments, the staff's side. Spread into zh-CN.ts and en.ts.
export const windowWorkZh = {
  "tile.windowQueue": "窗口叫号",
  "tile.windowQueueDesc": "今日预约、扫码签到、办理结果",
  "tile.windowManage": "事项与窗口",
  "tile.windowManageDesc": "事项目录、办公时间、临时闭馆",
  "tile.windowStats": "窗口统计",
  "tile.windowStatsDesc": "预约量、爽约率、一次办结率",
} as const;

export const windowWorkEn: Record<keyof typeof windowWorkZh, string> = {
  "tile.windowQueue": "Window queue",
  "tile.windowQueueDesc": "Today's appointments, check-in, results",
  "tile.windowManage": "Matters and centers",
  "tile.windowManageDesc": "Catalog, opening hours, closures",
  "tile.windowStats": "Window statistics",
  "tile.windowStatsDesc": "Volume, no-shows, first-visit completions",
};
