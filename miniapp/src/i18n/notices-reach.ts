// Staff's reach and grids pages. Spread into zh-CN.ts and en.ts.
export const noticesReachZh = {
  "nx.reachTitle": "阅读情况",
};

export const noticesReachEn: Record<keyof typeof noticesReachZh, string> = {
  "nx.reachTitle": "Who has read it",
};
