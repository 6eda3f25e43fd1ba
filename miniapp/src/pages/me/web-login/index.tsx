import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useLoad } from "@tarojs/taro";
import { useState } from "react";
import { ApiError } from "../../../api/errors";
import { approveWebLogin, denyWebLogin, getWebLogin, type WebLoginView } from "../../../api/web-login";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { type MessageKey, type Translate, useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import { formatShanghai } from "../../../utils/time";
import { takeScannedTicket } from "../../../utils/web-login";
import "./index.scss";

/**
 * Only the mini-program confirms: in the web build this page is a link away from any logged-in
 * browser, so there it refuses and asks for nothing (the API refuses such a session as well).
 */
const IS_WEAPP = process.env.TARO_ENV === "weapp";

type Load = "loading" | "ready" | "error";
type Outcome = { kind: "approved" } | { kind: "denied" } | { kind: "problem"; text: string };

/** What the phone says when the API refuses: the ticket's state, or a network problem to retry. */
function problemText(t: Translate, err: unknown): { text: string; retry: boolean } {
  const code = err instanceof ApiError ? err.code : "";
  const known: Record<string, MessageKey> = {
    WEB_LOGIN_EXPIRED: "wl.expiredOnPhone",
    WEB_LOGIN_NOT_PENDING: "wl.usedOnPhone",
    WEB_LOGIN_STAFF_ONLY: "wl.staffOnly",
    // A session from before tokens said how they were issued: a new WeChat login fixes it.
    WEB_LOGIN_PHONE_ONLY: "wl.loginAgain",
  };
  const key = known[code];
  return key ? { text: t(key), retry: false } : { text: t("common.networkError"), retry: true };
}

function leave(): void {
  // Opened from the me page's scanner; straight from a link it has nothing to go back to.
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.reLaunch({ url: ROUTES.me });
}

/**
 * 在电脑上登录一门通？ — what the person who scanned sees before the computer gets their session.
 * The ticket comes from the me page's scanner (takeScannedTicket), never from the page's query:
 * another mini-program or a link can open this page, but not with a ticket of its choosing.
 */
export default function WebLoginConfirmPage() {
  const t = useT();
  const { user } = useSession();
  const [ticketId, setTicketId] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>("loading");
  const [loadError, setLoadError] = useState({ text: "", retry: false });
  const [ticket, setTicket] = useState<WebLoginView | null>(null);
  const [busy, setBusy] = useState<"approve" | "deny" | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const fetchTicket = async (id: string | null) => {
    if (!id) {
      setLoadError({ text: t("wl.noScan"), retry: false });
      setLoad("error");
      return;
    }
    setLoad("loading");
    try {
      const found = await getWebLogin(id);
      setTicket(found);
      if (found.status !== "pending") setOutcome({ kind: "problem", text: t("wl.usedOnPhone") });
      setLoad("ready");
    } catch (err) {
      setLoadError(problemText(t, err));
      setLoad("error");
    }
  };

  useLoad(() => {
    if (!IS_WEAPP) return;
    // Taken once: a second opening of the page (or a reload) finds nothing and asks for a scan.
    const scanned = takeScannedTicket();
    setTicketId(scanned);
    void fetchTicket(scanned);
  });

  const decide = async (choice: "approve" | "deny") => {
    if (busy || !ticketId) return;
    setBusy(choice);
    try {
      if (choice === "approve") await approveWebLogin(ticketId);
      else await denyWebLogin(ticketId);
      setOutcome({ kind: choice === "approve" ? "approved" : "denied" });
    } catch (err) {
      setOutcome({ kind: "problem", text: problemText(t, err).text });
    } finally {
      setBusy(null);
    }
  };

  const row = (label: string, value: string, id: string) => (
    <View className="wl-row" id={id}>
      <Text className="wl-row-label">{label}</Text>
      <Text className="wl-row-value">{value}</Text>
    </View>
  );

  if (!IS_WEAPP) {
    // The web build's answer to a confirm link: no ticket is read, nothing is sent.
    return (
      <Page id="web-login-confirm-page" title={t("wl.confirmNav")}>
        <View className="card wl-result wl-result-problem" id="web-login-phone-only">
          <Text className="wl-result-text">{t("wl.phoneOnly")}</Text>
          <Button id="web-login-back" size="large" block onClick={leave} className="wl-back">
            {t("wl.back")}
          </Button>
        </View>
      </Page>
    );
  }

  return (
    <Page id="web-login-confirm-page" title={t("wl.confirmNav")}>
      <LoadState
        id="web-login-confirm"
        load={load}
        error={loadError.text}
        onRetry={loadError.retry ? () => void fetchTicket(ticketId) : undefined}
      />
      {load === "error" && !loadError.retry ? (
        <View className="wl-actions">
          <Button id="web-login-back" size="large" block onClick={leave} className="wl-back">
            {t("wl.back")}
          </Button>
        </View>
      ) : null}

      {load === "ready" && ticket ? (
        <View>
          <View className="card wl-card">
            <View className="wl-screen">
              <View className="wl-screen-face" />
              <View className="wl-screen-stand" />
            </View>
            <Text className="wl-title">{t("wl.confirmTitle")}</Text>
            <View className="wl-rows">
              {row(t("wl.browser"), ticket.browser ?? t("wl.unknownBrowser"), "web-login-browser")}
              {row(t("wl.time"), formatShanghai(ticket.createdAt), "web-login-time")}
              {user ? row(t("wl.account"), user.nickname, "web-login-account") : null}
            </View>
          </View>

          {outcome ? (
            <View className={`card wl-result wl-result-${outcome.kind}`} id="web-login-result">
              <Text className="wl-result-text">
                {outcome.kind === "approved"
                  ? t("wl.approvedDone")
                  : outcome.kind === "denied"
                    ? t("wl.deniedDone")
                    : outcome.text}
              </Text>
              <Button id="web-login-back" size="large" block onClick={leave} className="wl-back">
                {t("wl.back")}
              </Button>
            </View>
          ) : (
            <View>
              <View className="wl-warning" id="web-login-warning">
                <Text>{t("wl.warning")}</Text>
              </View>
              <View className="wl-actions">
                <Button
                  id="web-login-approve"
                  type="primary"
                  size="large"
                  block
                  loading={busy === "approve"}
                  disabled={busy !== null}
                  onClick={() => void decide("approve")}
                  className="wl-approve"
                >
                  {t("wl.approve")}
                </Button>
                <Button
                  id="web-login-deny"
                  size="large"
                  block
                  loading={busy === "deny"}
                  disabled={busy !== null}
                  onClick={() => void decide("deny")}
                  className="wl-deny"
                >
                  {t("wl.deny")}
                </Button>
              </View>
            </View>
          )}
        </View>
      ) : null}
    </Page>
  );
}
