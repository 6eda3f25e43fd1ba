/** Page URLs, as Taro navigation APIs expect them. */
export const ROUTES = {
  home: "/pages/home/index",
  login: "/pages/login/index",
  me: "/pages/me/index",
  staffVerify: "/pages/staff/verify/index",
} as const;
