// The deliberation hall, staff's side (manage topics and votes, turnout, paper ballots). Spread into zh-CN.ts and en.ts.
export const deliberationWorkZh = {
  "tile.deliberationManage": "议事管理",
  "tile.deliberationManageDesc": "发起议题与表决、纸质票、计票",
};

export const deliberationWorkEn: Record<keyof typeof deliberationWorkZh, string> = {
  "tile.deliberationManage": "Town hall admin",
  "tile.deliberationManageDesc": "Topics and votes, paper ballots, counting",
};
