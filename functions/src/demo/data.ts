/** The demo community's fixed facts. Changing them changes every fresh demo database. */
export const DEMO_COMMUNITY = {
  id: "huanghe-west",
  name: "黄河西路社区",
  district: "金水区",
  street: "丰产路街道",
};

export const OTHER_COMMUNITY = {
  id: "changjiang-east",
  name: "长江东路社区",
  district: "金水区",
  street: "丰产路街道",
};

/** Registered areas (m²) of room 01 and room 02 on each floor, per building. */
export const BUILDING_AREAS: Record<string, [number, number]> = {
  b1: [68.52, 75.18],
  b2: [89.64, 96.31],
  b3: [118.42, 132.87],
};

export const RESIDENT_NAMES = [
  "王秀兰",
  "李建国",
  "张伟",
  "刘芳",
  "陈明",
  "杨丽",
  "赵军",
  "黄华",
  "周敏",
  "吴强",
  "徐静",
  "孙涛",
  "胡娟",
  "朱勇",
  "高霞",
  "林峰",
  "何平",
  "郭燕",
  "马超",
  "罗琳",
  "梁伟",
  "宋洁",
  "郑浩",
  "谢红",
  "韩磊",
  "唐颖",
  "冯刚",
  "于梅",
  "董鹏",
  "萧雪",
  "程亮",
  "曹敏",
  "袁野",
  "邓丽",
  "许晨",
  "傅佳",
  "沈阳",
  "曾凡",
  "彭博",
  "吕燕",
];

/** Fixed instants keep the seed deterministic. */
export const SEED_TIME = "2026-11-01T01:00:00.000Z";
export const seedTime = (minutes: number) => new Date(Date.parse(SEED_TIME) + minutes * 60_000).toISOString();
