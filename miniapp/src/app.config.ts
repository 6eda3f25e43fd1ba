export default defineAppConfig({
  // Home first: a signed-out visitor is sent on to login from there.
  pages: [
    "pages/home/index",
    "pages/login/index",
    "pages/me/index",
    "pages/messages/index",
    // Small, and reached straight from the scanner: in the main package, no subpackage download.
    "pages/me/web-login/index",
    // 我的数据与账号: one small page beside the me page.
    "pages/me/data/index",
  ],
  subPackages: [
    { root: "pages/staff", pages: ["verify/index"] },
    {
      root: "pages/legal",
      pages: [
        "slots/index",
        "book/index",
        "booking/index",
        "mine/index",
        "lawyer/index",
        "rosters/index",
        "stats/index",
      ],
    },
    {
      root: "pages/window",
      pages: [
        "catalog/index",
        "matter/index",
        "book/index",
        "appointment/index",
        "mine/index",
        "queue/index",
        "manage/index",
        "stats/index",
      ],
    },
    {
      root: "pages/deliberation",
      pages: ["list/index", "topic/index", "propose/index", "manage/index", "turnout/index"],
    },
    {
      root: "pages/notices",
      pages: ["feed/index", "notice/index", "manage/index", "compose/index", "reach/index", "grids/index"],
    },
    {
      // 随手拍 and 矛盾纠纷调解 (residents), the case desk, departments and the command center (staff).
      root: "pages/cases",
      pages: [
        "report/index",
        "mine/index",
        "detail/index",
        "file/index",
        "dispute/index",
        "work/index",
        "departments/index",
        "command/index",
      ],
    },
  ],
  // 随手拍 may take a point on the map (WeChat answers in GCJ-02); declared as WeChat requires.
  requiredPrivateInfos: ["chooseLocation"],
  window: {
    backgroundTextStyle: "light",
    backgroundColor: "#f4f5f7",
    navigationBarBackgroundColor: "#07c160",
    navigationBarTitleText: "一门通",
    navigationBarTextStyle: "white",
  },
});
