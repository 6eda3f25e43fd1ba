import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useLoad } from "@tarojs/taro";
import { useState } from "react";
import { devLogin, getDevAccounts, wechatLogin } from "../../api/requests";
import type { DevAccount, Session } from "../../api/types";
import { Page } from "../../components/Page";
import { initial } from "../../components/tone";
import { t as translateNow, useT } from "../../i18n";
import { ROUTES } from "../../routes";
import { getToken, setSession } from "../../store/session";
import { WebLoginCard } from "./WebLoginCard";
import "./index.scss";

const IS_WEAPP = process.env.TARO_ENV === "weapp";

type Load =
  | { kind: "loading" }
  | { kind: "ready"; accounts: DevAccount[] }
  | { kind: "wechat-only" }
  | { kind: "error" };

function enter(session: Session): void {
  setSession(session.token, session.user);
  void Taro.reLaunch({ url: ROUTES.home });
}

function failed(): void {
  void Taro.showToast({ title: translateNow("login.failed"), icon: "none" });
}

export default function LoginPage() {
  const t = useT();
  const [load, setLoad] = useState<Load>(IS_WEAPP ? { kind: "wechat-only" } : { kind: "loading" });
  const [busy, setBusy] = useState<string | null>(null);

  const fetchAccounts = async () => {
    setLoad({ kind: "loading" });
    try {
      const accounts = await getDevAccounts();
      setLoad(accounts ? { kind: "ready", accounts } : { kind: "wechat-only" });
    } catch {
      setLoad({ kind: "error" });
    }
  };

  useLoad(() => {
    if (getToken()) {
      void Taro.reLaunch({ url: ROUTES.home });
      return;
    }
    if (!IS_WEAPP) void fetchAccounts();
  });

  const loginAs = async (openid: string) => {
    if (busy) return;
    setBusy(openid);
    try {
      enter(await devLogin(openid));
    } catch {
      failed();
      setBusy(null);
    }
  };

  const loginWithWechat = async () => {
    if (busy) return;
    setBusy("wechat");
    try {
      const { code } = await Taro.login();
      enter(await wechatLogin(code));
    } catch {
      failed();
      setBusy(null);
    }
  };

  return (
    <Page id="login-page" title={t("login.title")}>
      <View className="login-hero">
        <View className="login-logo">
          <Text>门</Text>
        </View>
        <Text className="login-name">{t("app.name")}</Text>
        <Text className="login-slogan">{t("login.slogan")}</Text>
      </View>

      {IS_WEAPP ? (
        <View className="card login-wechat">
          <Button
            type="primary"
            size="large"
            block
            loading={busy === "wechat"}
            onClick={loginWithWechat}
            className="login-wechat-button"
          >
            {t("login.wechat")}
          </Button>
          <Text className="hint login-center">{t("login.wechatHint")}</Text>
        </View>
      ) : null}

      {/* Outside WeChat: staff, lawyers and admins log in by scanning with the mini-program. */}
      {!IS_WEAPP && !getToken() ? <WebLoginCard onSession={enter} /> : null}

      {load.kind === "loading" ? <View className="state">{t("common.loading")}</View> : null}

      {load.kind === "error" ? (
        <View className="state">
          <Text className="login-block">{t("common.networkError")}</Text>
          <Button size="small" onClick={fetchAccounts} className="login-retry">
            {t("common.retry")}
          </Button>
        </View>
      ) : null}

      {load.kind === "wechat-only" && !IS_WEAPP ? (
        <View className="card login-wechat-only">
          <Text>{t("login.wechatOnly")}</Text>
        </View>
      ) : null}

      {load.kind === "ready" ? (
        <View>
          <Text className="section-title">{t("login.demoTitle")}</Text>
          <Text className="hint login-hint">{t("login.demoHint")}</Text>
          {load.accounts.map((account) => (
            <View
              key={account.openid}
              id={`demo-account-${account.openid}`}
              className={`card demo-card${busy === account.openid ? " cell-pressed" : ""}`}
              hoverClass="cell-pressed"
              onClick={() => loginAs(account.openid)}
            >
              <View className="avatar">{initial(account.nickname)}</View>
              <View className="demo-body">
                <View className="demo-head">
                  <Text className="cell-title">{account.nickname}</Text>
                  <Text className={`badge ${account.role === "resident" ? "badge-green" : "badge-orange"}`}>
                    {t(`role.${account.role}`)}
                  </Text>
                </View>
                <Text className="cell-desc">
                  {busy === account.openid ? t("login.loggingIn") : account.description}
                </Text>
              </View>
              <Text className="cell-arrow">›</Text>
            </View>
          ))}
        </View>
      ) : null}
    </Page>
  );
}
