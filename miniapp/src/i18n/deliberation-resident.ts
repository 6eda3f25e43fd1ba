// The deliberation hall, residents' side (list, topic, propose). Spread into zh-CN.ts and en.ts.
export const deliberationResidentZh = {
  "tile.deliberationDesc": "议题讨论、附议、依法表决",
};

export const deliberationResidentEn: Record<keyof typeof deliberationResidentZh, string> = {
  "tile.deliberationDesc": "Discuss, second and vote on community matters",
};
