/** Page URLs, as Taro navigation APIs expect them. */
export const ROUTES = {
  home: "/pages/home/index",
  login: "/pages/login/index",
  me: "/pages/me/index",
  messages: "/pages/messages/index",
  staffVerify: "/pages/staff/verify/index",
  legalSlots: "/pages/legal/slots/index",
  legalBook: "/pages/legal/book/index",
  legalBooking: "/pages/legal/booking/index",
  legalMine: "/pages/legal/mine/index",
  legalLawyer: "/pages/legal/lawyer/index",
  legalRosters: "/pages/legal/rosters/index",
  legalStats: "/pages/legal/stats/index",
} as const;
