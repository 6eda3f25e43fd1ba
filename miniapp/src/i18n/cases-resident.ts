// 随手拍 and 矛盾纠纷调解, the resident's side (report, my cases, case and dispute pages). Spread
// into zh-CN.ts and en.ts.
export const casesResidentZh = {};

export const casesResidentEn: Record<keyof typeof casesResidentZh, string> = {};
