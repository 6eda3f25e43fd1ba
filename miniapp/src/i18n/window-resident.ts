// Window appointments, the resident's side. Spread into zh-CN.ts and en.ts.
export const windowResidentZh = {
  "tile.window": "办事预约",
  "tile.windowDesc": "查事项、备材料、约窗口",
} as const;

export const windowResidentEn: Record<keyof typeof windowResidentZh, string> = {
  "tile.window": "Window appointments",
  "tile.windowDesc": "Find a matter, check materials, book the window",
};
