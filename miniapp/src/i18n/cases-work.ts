// The case desk, departments and the command center: the staff's side. Spread into zh-CN.ts and en.ts.
export const casesWorkZh = {};

export const casesWorkEn: Record<keyof typeof casesWorkZh, string> = {};
