import { casesResidentEn } from "./cases-resident";
import { casesWorkEn } from "./cases-work";
import { deliberationMessagesEn } from "./deliberation-messages";
import { deliberationResidentEn } from "./deliberation-resident";
import { deliberationWorkEn } from "./deliberation-work";
import { legalResidentEn } from "./legal-resident";
import { legalWorkEn } from "./legal-work";
import { noticesReachEn } from "./notices-reach";
import { noticesResidentEn } from "./notices-resident";
import { noticesWorkEn } from "./notices-work";
import { privacyEn } from "./privacy";
import { webLoginEn } from "./web-login";
import { windowResidentEn } from "./window-resident";
import { windowWorkEn } from "./window-work";
import type { MessageKey } from "./zh-CN";

// Typed as a full record: a missing or misspelt key is a compile error.
export const en: Record<MessageKey, string> = {
  "app.name": "OneDoor",
  "common.loading": "Loading…",
  "common.retry": "Retry",
  "common.networkError": "Network problem, please try again later",
  "common.cancel": "Cancel",
  "common.pick": "Select",

  "role.resident": "Resident",
  "role.staff": "Community staff",
  "role.lawyer": "Lawyer",
  "role.admin": "Administrator",

  "relation.owner": "Owner",
  "relation.tenant": "Tenant",
  "relation.member": "Family member",

  "status.unverified": "Not verified",
  "status.pending": "Under review",
  "status.verified": "Verified",
  "status.rejected": "Rejected",
  "status.revoked": "Revoked",

  "address.format": "{building}, unit {unit}, room {room}",

  "login.title": "Sign in",
  "login.slogan": "Every community service, one door",
  "login.wechat": "Sign in with WeChat",
  "login.wechatHint": "Use your WeChat identity, no registration needed",
  "login.demoTitle": "Choose a demo account",
  "login.demoHint": "Local demo: tap an account to enter",
  "login.wechatOnly": "Please open the OneDoor mini-program in WeChat to sign in",
  "login.failed": "Sign-in failed, please try again",
  "login.loggingIn": "Signing in…",

  "home.title": "OneDoor",
  "home.greeting": "Hello, {name}",
  "home.noCommunity": "No community yet",
  "home.verifyBanner": "Verify your residence to use more services",
  "home.verifyPending": "Your verification is under review",
  "home.verifyRejected": "Verification rejected, please correct and resubmit",
  "home.verifyAction": "Verify",
  "home.verifyView": "View",
  "home.services": "Services",
  "home.workbench": "Staff tools",

  "tile.me": "Me",
  "tile.meDesc": "Profile & verification",
  "tile.staffVerify": "Verifications",
  "tile.staffVerifyDesc": "Review resident requests",
  "tile.legal": "Legal advice",
  "tile.deliberation": "Town hall",
  "tile.notices": "Notices",

  "me.title": "Me",
  "me.community": "Community: {name}",
  "me.households": "My homes",
  "me.noHouseholds": "No verified home yet",
  "me.area": "{area} m²",
  "me.verification": "Residence verification",
  "me.unverifiedHint": "Verify to book appointments and join deliberations",
  "me.pendingHint": "Submitted. Community staff will review it soon",
  "me.verifiedHint": "You are a verified resident",
  "me.rejectedReason": "Reason: {reason}",
  "me.revokedHint": "Your verification was revoked. Contact the community office if unsure",
  "me.requestSummary": "Home: {address} ({relation})",
  "me.settings": "Settings",
  "me.language": "Language",
  "me.largeText": "Large text",
  "me.largeTextHint": "Enlarge text and buttons on every page",
  "me.logout": "Sign out",

  "form.title": "Apply for verification",
  "form.community": "Community",
  "form.building": "Building",
  "form.unit": "Unit",
  "form.room": "Room",
  "form.roomPlaceholder": "e.g. 301",
  "form.relation": "Relation",
  "form.realName": "Real name",
  "form.realNamePlaceholder": "As on the deed or lease",
  "form.phone": "Mobile",
  "form.phonePlaceholder": "11-digit mobile number",
  "form.required": "Required",
  "form.roomInvalid": "Enter a room number such as 301",
  "form.nameInvalid": "Enter your real name (2–30 characters)",
  "form.phoneInvalid": "Enter an 11-digit mobile number",
  "form.submit": "Submit",
  "form.submitted": "Submitted, awaiting review",
  "form.pendingConflict": "You already have a request under review",
  "form.privacy": "Your number is only used to verify you; staff see it partly masked",

  "staff.title": "Verifications",
  "staff.pendingCount": "{count} pending",
  "staff.empty": "No pending requests",
  "staff.verify": "Approve",
  "staff.reject": "Reject",
  "staff.rejectPlaceholder": "Reason for rejection (shown to the resident)",
  "staff.confirmReject": "Confirm rejection",
  "staff.reasonRequired": "Please give a reason",
  "staff.noCandidate": "No matching home found: reject or contact the resident",
  "staff.candidate": "Matches a registered home ({id})",
  "staff.submittedAt": "Submitted {time}",
  "staff.phone": "Mobile {phone}",
  "staff.verified": "Approved",
  "staff.rejected": "Rejected",
  "staff.loadMore": "Load more",
  "staff.forbidden": "You are not allowed to review requests",

  ...legalResidentEn,
  ...legalWorkEn,
  ...windowResidentEn,
  ...windowWorkEn,
  ...deliberationResidentEn,
  ...deliberationWorkEn,
  ...deliberationMessagesEn,
  ...noticesResidentEn,
  ...noticesWorkEn,
  ...noticesReachEn,
  ...webLoginEn,
  ...privacyEn,
  ...casesResidentEn,
  ...casesWorkEn,
};
