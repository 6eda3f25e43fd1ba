import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import type { Me } from "../../api/types";
import { Page } from "../../components/Page";
import { initial, statusTone } from "../../components/tone";
import { type Translate, useT } from "../../i18n";
import { ROUTES } from "../../routes";
import { refreshMe } from "../../store/refresh";
import { clearSession, useSession } from "../../store/session";
import { formatAddress } from "../../utils/address";
import { ScanWebLogin } from "./ScanWebLogin";
import { Settings } from "./Settings";
import { VerificationForm } from "./VerificationForm";
import "./index.scss";

// The camera scanner exists in WeChat only; the web build is the computer being logged in.
const CAN_SCAN = process.env.TARO_ENV === "weapp";

function VerificationCard({ me, t }: { me: Me; t: Translate }) {
  const { status, reason, request } = me.verification;
  return (
    <View className="card" id="verification-status">
      <View className="card-title">
        <Text>{t("me.verification")}</Text>
        <Text className={`badge badge-${statusTone[status]}`}>{t(`status.${status}`)}</Text>
      </View>
      {status === "unverified" ? <Text className="hint">{t("me.unverifiedHint")}</Text> : null}
      {status === "verified" ? <Text className="hint">{t("me.verifiedHint")}</Text> : null}
      {status === "revoked" ? <Text className="hint">{t("me.revokedHint")}</Text> : null}
      {status === "rejected" ? (
        <Text className="hint me-reason">
          {t("me.rejectedReason", { reason: reason ?? request?.reason ?? "-" })}
        </Text>
      ) : null}
      {status === "pending" ? <Text className="hint">{t("me.pendingHint")}</Text> : null}
      {status === "pending" && request ? (
        <Text className="hint">
          {t("me.requestSummary", {
            address: formatAddress(t, request.buildingName, request.unit, request.room),
            relation: t(`relation.${request.relation}`),
          })}
        </Text>
      ) : null}
    </View>
  );
}

function Households({ me, t }: { me: Me; t: Translate }) {
  return (
    <View className="card" id="households">
      <Text className="card-title">{t("me.households")}</Text>
      {me.households.length === 0 ? <Text className="hint">{t("me.noHouseholds")}</Text> : null}
      {me.households.map((h) => (
        <View key={h.householdId} className="household">
          <View className="household-main">
            <Text className="household-address">
              {h.address || formatAddress(t, h.buildingName, h.unit, h.room)}
            </Text>
            <Text className="muted">{t("me.area", { area: h.area })}</Text>
          </View>
          <Text className="badge badge-green">{t(`relation.${h.relation}`)}</Text>
        </View>
      ))}
    </View>
  );
}

export default function MePage() {
  const t = useT();
  const { user } = useSession();

  useDidShow(() => {
    void refreshMe();
  });

  const logout = () => {
    clearSession();
    void Taro.reLaunch({ url: ROUTES.login });
  };

  const canApply = user ? ["unverified", "rejected", "revoked"].includes(user.verification.status) : false;
  const worksOnComputer =
    user?.roles.some((role) => role === "staff" || role === "lawyer" || role === "admin") ?? false;

  return (
    <Page id="me-page" title={t("me.title")}>
      {user ? (
        <View>
          <View className="card me-profile">
            <View className="avatar">{initial(user.nickname)}</View>
            <View className="me-profile-body">
              <Text className="me-name" id="me-nickname">
                {user.nickname}
              </Text>
              <View className="me-roles">
                {user.roles.map((role) => (
                  <Text key={role} className="badge badge-green">
                    {t(`role.${role}`)}
                  </Text>
                ))}
              </View>
              <Text className="muted me-community">
                {t("me.community", { name: user.community?.name ?? t("home.noCommunity") })}
              </Text>
            </View>
          </View>

          {CAN_SCAN && worksOnComputer ? <ScanWebLogin /> : null}
          <VerificationCard me={user} t={t} />
          <Households me={user} t={t} />
          {canApply ? (
            <VerificationForm communityId={user.community?.id} onSubmitted={() => void refreshMe()} />
          ) : null}
        </View>
      ) : (
        <View className="state">{t("common.loading")}</View>
      )}

      <Text className="section-title">{t("me.settings")}</Text>
      <Settings />

      {user ? (
        <View
          className="card me-data-entry"
          id="my-data-entry"
          onClick={() => void Taro.navigateTo({ url: ROUTES.myData })}
        >
          <View className="me-data-entry-text">
            <Text className="setting-label">{t("privacy.entry")}</Text>
            <Text className="setting-hint">{t("privacy.entryHint")}</Text>
          </View>
          <Text className="me-data-entry-arrow">›</Text>
        </View>
      ) : null}

      <View className="me-logout">
        <Button id="logout" size="large" block fill="outline" onClick={logout} className="me-logout-button">
          {t("me.logout")}
        </Button>
      </View>
    </Page>
  );
}
