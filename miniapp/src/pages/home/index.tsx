import { Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { useState } from "react";
import { getUnreadCount, type UnreadCount } from "../../api/messages";
import { getUnreadNotices } from "../../api/notices";
import { getCommunities } from "../../api/requests";
import type { VerificationStatus } from "../../api/types";
import { Page } from "../../components/Page";
import { type MessageKey, useT } from "../../i18n";
import { ROUTES } from "../../routes";
import { refreshMe } from "../../store/refresh";
import { useSession } from "../../store/session";
import { caseDeskOf } from "../../utils/case-desk";
import { chooseFeedCommunity, remember, unreadBadge } from "../../utils/notices-format";
import "./index.scss";

interface Service {
  id: string;
  glyph: string;
  label: MessageKey;
  desc: MessageKey;
  url: string;
  color: "green" | "blue" | "orange";
}

const ME: Service = {
  id: "tile-me",
  glyph: "我",
  label: "tile.me",
  desc: "tile.meDesc",
  url: ROUTES.me,
  color: "green",
};

const STAFF_VERIFY: Service = {
  id: "tile-staff-verify",
  glyph: "审",
  label: "tile.staffVerify",
  desc: "tile.staffVerifyDesc",
  url: ROUTES.staffVerify,
  color: "blue",
};

const LEGAL: Service = {
  id: "tile-legal",
  glyph: "法",
  label: "tile.legal",
  desc: "tile.legalDesc",
  url: ROUTES.legalSlots,
  color: "green",
};

const MESSAGES: Service = {
  id: "tile-messages",
  glyph: "信",
  label: "tile.messages",
  desc: "tile.messagesDesc",
  url: ROUTES.messages,
  color: "blue",
};

const LAWYER_DUTY: Service = {
  id: "tile-lawyer-duty",
  glyph: "值",
  label: "tile.lawyerDuty",
  desc: "tile.lawyerDutyDesc",
  url: ROUTES.legalLawyer,
  color: "green",
};

const ROSTERS: Service = {
  id: "tile-legal-rosters",
  glyph: "排",
  label: "tile.rosters",
  desc: "tile.rostersDesc",
  url: ROUTES.legalRosters,
  color: "blue",
};

const STATS: Service = {
  id: "tile-legal-stats",
  glyph: "统",
  label: "tile.stats",
  desc: "tile.statsDesc",
  url: ROUTES.legalStats,
  color: "blue",
};

const WINDOW: Service = {
  id: "tile-window",
  glyph: "办",
  label: "tile.window",
  desc: "tile.windowDesc",
  url: ROUTES.windowCatalog,
  color: "green",
};

const WINDOW_QUEUE: Service = {
  id: "tile-window-queue",
  glyph: "号",
  label: "tile.windowQueue",
  desc: "tile.windowQueueDesc",
  url: ROUTES.windowQueue,
  color: "blue",
};

const WINDOW_MANAGE: Service = {
  id: "tile-window-manage",
  glyph: "项",
  label: "tile.windowManage",
  desc: "tile.windowManageDesc",
  url: ROUTES.windowManage,
  color: "blue",
};

const WINDOW_STATS: Service = {
  id: "tile-window-stats",
  glyph: "计",
  label: "tile.windowStats",
  desc: "tile.windowStatsDesc",
  url: ROUTES.windowStats,
  color: "blue",
};

const DELIBERATION: Service = {
  id: "tile-deliberation",
  glyph: "议",
  label: "tile.deliberation",
  desc: "tile.deliberationDesc",
  url: ROUTES.deliberationList,
  color: "orange",
};

const DELIBERATION_MANAGE: Service = {
  id: "tile-deliberation-manage",
  glyph: "决",
  label: "tile.deliberationManage",
  desc: "tile.deliberationManageDesc",
  url: ROUTES.deliberationManage,
  color: "blue",
};

const NOTICES: Service = {
  id: "tile-notices",
  glyph: "告",
  label: "tile.notices",
  desc: "tile.noticesDesc",
  url: ROUTES.noticesFeed,
  color: "orange",
};

const NOTICES_MANAGE: Service = {
  id: "tile-notices-manage",
  glyph: "布",
  label: "tile.noticesManage",
  desc: "tile.noticesManageDesc",
  url: ROUTES.noticesManage,
  color: "blue",
};

const CASES_WORK: Service = {
  id: "tile-cases-work",
  glyph: "案",
  label: "cw.tile.work",
  desc: "cw.tile.workDesc",
  url: ROUTES.casesWork,
  color: "blue",
};

const CASES_COMMAND: Service = {
  id: "tile-cases-command",
  glyph: "指",
  label: "cw.tile.command",
  desc: "cw.tile.commandDesc",
  url: ROUTES.casesCommand,
  color: "blue",
};

const CASES_DEPARTMENTS: Service = {
  id: "tile-cases-departments",
  glyph: "部",
  label: "cw.tile.departments",
  desc: "cw.tile.departmentsDesc",
  url: ROUTES.casesDepartments,
  color: "blue",
};

const CASES_REPORT: Service = {
  id: "tile-cases-report",
  glyph: "拍",
  label: "cr.tile.report",
  desc: "cr.tile.reportDesc",
  url: ROUTES.casesReport,
  color: "orange",
};

const CASES_MINE: Service = {
  id: "tile-cases-mine",
  glyph: "诉",
  label: "cr.tile.mine",
  desc: "cr.tile.mineDesc",
  url: ROUTES.casesMine,
  color: "green",
};

const BANNER: Partial<Record<VerificationStatus, { text: MessageKey; action: MessageKey }>> = {
  unverified: { text: "home.verifyBanner", action: "home.verifyAction" },
  revoked: { text: "home.verifyBanner", action: "home.verifyAction" },
  pending: { text: "home.verifyPending", action: "home.verifyView" },
  rejected: { text: "home.verifyRejected", action: "home.verifyAction" },
};

function open(url: string): void {
  void Taro.navigateTo({ url });
}

export default function HomePage() {
  const t = useT();
  const { user } = useSession();
  const [unread, setUnread] = useState<UnreadCount | null>(null);
  const [unreadNotices, setUnreadNotices] = useState<{ count: number; capped: boolean } | null>(null);
  // The notices badge counts the feed the tile opens: the same community, the stand-in included.
  const [firstCommunity] = useState(() => remember(async () => (await getCommunities())[0] ?? null));

  useDidShow(() => {
    void refreshMe().then((me) => {
      // The badges are a nicety: without them the tiles still open their lists.
      if (!me) return;
      getUnreadCount().then(setUnread, () => undefined);
      chooseFeedCommunity(me, firstCommunity)
        .then((chosen) => (chosen ? getUnreadNotices(chosen.id) : null))
        .then(setUnreadNotices, () => undefined);
    });
  });

  const status = user?.verification.status;
  const banner = status ? BANNER[status] : undefined;
  const isStaff = user?.roles.includes("staff") ?? false;
  const isLawyer = user?.roles.includes("lawyer") ?? false;
  const isResident = user?.roles.includes("resident") ?? false;
  // A department handler (城管, 物业…) may hold no staff role: the case desk shows their department's cases.
  const isHandler = !isStaff && caseDeskOf(user).departments.length > 0;
  // The district admin (told when a case goes to the district) follows it on the command center.
  const isDistrictAdmin = !isStaff && (user?.roles.includes("admin") ?? false);
  const unreadLabel =
    unread && unread.unread > 0 ? (unread.unreadCapped ? "99+" : String(unread.unread)) : "";
  const noticesLabel = unreadBadge(unreadNotices);
  const home = user?.households[0];

  const renderService = (service: Service, badge?: string) => (
    <View
      key={service.id}
      id={service.id}
      className="service"
      hoverClass="cell-pressed"
      onClick={() => open(service.url)}
    >
      <View className={`service-icon service-${service.color}`}>{service.glyph}</View>
      <View className="service-text">
        <Text className="cell-title">{t(service.label)}</Text>
        <Text className="cell-desc">{t(service.desc)}</Text>
      </View>
      {badge ? (
        <Text id={`${service.id}-badge`} className="service-badge">
          {badge}
        </Text>
      ) : null}
      <Text className="cell-arrow">›</Text>
    </View>
  );

  return (
    <Page id="home-page" title={t("home.title")}>
      <View className={`home-header${banner ? " home-header-overlap" : ""}`}>
        <Text id="home-greeting" className="home-greeting">
          {t("home.greeting", { name: user?.nickname ?? "" })}
        </Text>
        <Text className="home-community">{user?.community?.name ?? t("home.noCommunity")}</Text>
        {status === "verified" && home ? (
          <View className="home-verified">
            <Text className="home-verified-badge">{t("status.verified")}</Text>
            <Text className="home-verified-address">{home.address}</Text>
          </View>
        ) : null}
      </View>

      {banner ? (
        <View
          id="verify-banner"
          className={`home-banner home-banner-${status}`}
          hoverClass="home-banner-pressed"
          onClick={() => open(ROUTES.me)}
        >
          <Text className="home-banner-text">{t(banner.text)}</Text>
          <Text className="home-banner-action">{t(banner.action)} ›</Text>
        </View>
      ) : null}

      <Text className="section-title">{t("home.services")}</Text>
      <View className="services">
        {renderService(NOTICES, noticesLabel)}
        {isResident ? renderService(WINDOW) : null}
        {isResident ? renderService(LEGAL) : null}
        {isResident ? renderService(CASES_REPORT) : null}
        {isResident ? renderService(CASES_MINE) : null}
        {isResident || isStaff ? renderService(DELIBERATION) : null}
        {renderService(MESSAGES, unreadLabel)}
        {renderService(ME)}
      </View>

      {isStaff || isLawyer || isHandler || isDistrictAdmin ? (
        <View>
          <Text className="section-title">{t("home.workbench")}</Text>
          <View className="services">
            {isLawyer ? renderService(LAWYER_DUTY) : null}
            {isStaff ? renderService(WINDOW_QUEUE) : null}
            {isStaff ? renderService(STAFF_VERIFY) : null}
            {isStaff ? renderService(ROSTERS) : null}
            {isStaff ? renderService(STATS) : null}
            {isStaff ? renderService(WINDOW_MANAGE) : null}
            {isStaff ? renderService(WINDOW_STATS) : null}
            {isStaff ? renderService(DELIBERATION_MANAGE) : null}
            {isStaff ? renderService(NOTICES_MANAGE) : null}
            {isStaff ? renderService(CASES_WORK) : null}
            {isStaff ? renderService(CASES_COMMAND) : null}
            {isStaff ? renderService(CASES_DEPARTMENTS) : null}
            {isHandler ? renderService(CASES_WORK) : null}
            {isDistrictAdmin ? renderService(CASES_COMMAND) : null}
          </View>
        </View>
      ) : null}
    </Page>
  );
}
