import { Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import type { VerificationStatus } from "../../api/types";
import { Page } from "../../components/Page";
import { type MessageKey, useT } from "../../i18n";
import { ROUTES } from "../../routes";
import { refreshMe } from "../../store/refresh";
import { useSession } from "../../store/session";
import "./index.scss";

interface Service {
  id: string;
  glyph: string;
  label: MessageKey;
  desc: MessageKey;
  url: string;
  color: "green" | "blue";
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

// Listed so residents know what is coming; they cannot be opened yet.
const COMING: Array<{ id: string; glyph: string; label: MessageKey }> = [
  { id: "tile-legal", glyph: "法", label: "tile.legal" },
  { id: "tile-appointment", glyph: "约", label: "tile.appointment" },
  { id: "tile-deliberation", glyph: "议", label: "tile.deliberation" },
  { id: "tile-notices", glyph: "告", label: "tile.notices" },
];

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

  useDidShow(() => {
    void refreshMe();
  });

  const status = user?.verification.status;
  const banner = status ? BANNER[status] : undefined;
  const isStaff = user?.roles.includes("staff") ?? false;
  const home = user?.households[0];

  const renderService = (service: Service) => (
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
      <View className="services">{renderService(ME)}</View>

      {isStaff ? (
        <View>
          <Text className="section-title">{t("home.workbench")}</Text>
          <View className="services">{renderService(STAFF_VERIFY)}</View>
        </View>
      ) : null}

      <Text className="section-title">{t("common.comingSoon")}</Text>
      <View className="card coming">
        {COMING.map((item) => (
          <View key={item.id} id={item.id} className="coming-item">
            <View className="coming-icon">{item.glyph}</View>
            <Text className="coming-label">{t(item.label)}</Text>
          </View>
        ))}
      </View>
      <Text className="hint coming-hint">{t("home.comingHint")}</Text>
    </Page>
  );
}
