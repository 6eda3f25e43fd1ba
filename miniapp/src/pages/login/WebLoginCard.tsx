import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/errors";
import type { Session } from "../../api/types";
import { pollWebLogin, startWebLogin, type WebLoginTicket } from "../../api/web-login";
import { QrCode } from "../../components/QrCode";
import { type MessageKey, useT } from "../../i18n";
import { pollOutcome, START_RETRY_SECONDS, startRetryable } from "../../utils/web-login";

const POLL_MS = 2000;
/** The server says when a ticket has expired; this only stops a tab whose requests never get an answer. */
const GIVE_UP_MS = 3 * 60_000;
const MODULE_PX = 7;
/** A ticket's code: 29 modules and the quiet zone of 4 on each side. */
const QR_SIDE_PX = (29 + 8) * MODULE_PX;

type Stop = "expired" | "denied" | "used" | "startFailed";
type State =
  | { kind: "starting" }
  /** Getting a code failed for a passing reason: the next try comes by itself after `seconds`. */
  | { kind: "retrying"; seconds: number; busy: boolean }
  | { kind: "waiting"; ticket: WebLoginTicket }
  | { kind: "approved" }
  | { kind: "stopped"; reason: Stop };

const STOP_TEXT: Record<Stop, MessageKey> = {
  expired: "wl.expired",
  denied: "wl.denied",
  used: "wl.used",
  startFailed: "wl.startFailed",
};

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/**
 * 扫码登录 on the web: a ticket's QR code for the mini-program to scan, polled every 2 s until the
 * phone confirms (then `onSession`), refuses, or the ticket expires (then 刷新 starts a new one).
 */
export function WebLoginCard({ onSession }: { onSession(session: Session): void }) {
  const t = useT();
  const [state, setState] = useState<State>({ kind: "starting" });
  // Each start (and unmounting) bumps it: a loop that sees another number stops.
  const generation = useRef(0);

  const start = useCallback(async () => {
    const run = ++generation.current;
    const current = () => run === generation.current;
    setState({ kind: "starting" });
    let ticket: WebLoginTicket | null = null;
    for (let attempt = 0; ticket === null; attempt++) {
      try {
        ticket = await startWebLogin();
      } catch (err) {
        if (!current()) return;
        const status = err instanceof ApiError ? err.status : 0;
        const seconds = START_RETRY_SECONDS[attempt];
        // Too many requests or no network: wait longer each time rather than ask again at once.
        if (seconds === undefined || !startRetryable({ status })) {
          setState({ kind: "stopped", reason: "startFailed" });
          return;
        }
        setState({ kind: "retrying", seconds, busy: status === 429 });
        await sleep(seconds * 1000);
        if (!current()) return;
        setState({ kind: "starting" });
      }
    }
    if (!current()) return;
    setState({ kind: "waiting", ticket });
    const giveUpAt = Date.now() + GIVE_UP_MS;
    while (current()) {
      await sleep(POLL_MS);
      if (!current()) return;
      try {
        const result = await pollWebLogin(ticket);
        if (!current()) return;
        if (result !== "pending") {
          setState({ kind: "approved" });
          onSession(result);
          return;
        }
      } catch (err) {
        if (!current()) return;
        const outcome = err instanceof ApiError ? pollOutcome(err) : "retry";
        if (outcome !== "retry") {
          setState({ kind: "stopped", reason: outcome });
          return;
        }
      }
      if (Date.now() > giveUpAt) {
        setState({ kind: "stopped", reason: "expired" });
        return;
      }
    }
  }, [onSession]);

  useEffect(() => {
    void start();
    return () => {
      generation.current++;
    };
  }, [start]);

  const status =
    state.kind === "starting"
      ? t("common.loading")
      : state.kind === "retrying"
        ? t(state.busy ? "wl.startBusy" : "wl.startRetrying", { seconds: state.seconds })
        : state.kind === "waiting"
          ? t("wl.waiting")
          : state.kind === "approved"
            ? t("wl.approved")
            : t(STOP_TEXT[state.reason]);

  const stopped = state.kind === "stopped";
  const statusLine = (
    <Text id="web-login-status" className={`web-login-status${stopped ? " web-login-status-stopped" : ""}`}>
      {status}
    </Text>
  );

  return (
    <View className="card web-login-card" id="web-login-card">
      <Text className="card-title">{t("wl.cardTitle")}</Text>
      <View className="web-login-qr-box">
        {state.kind === "waiting" ? (
          <QrCode id="web-login-qr" text={state.ticket.qr} moduleSize={MODULE_PX} label={t("wl.qrLabel")} />
        ) : (
          // Where the code was: why there is none, and the way to a new one.
          <View
            className="web-login-qr-empty"
            style={{ minWidth: `${QR_SIDE_PX}px`, minHeight: `${QR_SIDE_PX}px` }}
          >
            {statusLine}
            {stopped ? (
              <Button
                id="web-login-refresh"
                type="primary"
                className="web-login-refresh"
                onClick={() => void start()}
              >
                {t("wl.refresh")}
              </Button>
            ) : null}
          </View>
        )}
      </View>
      {state.kind === "waiting" ? statusLine : null}
      <Text className="hint web-login-hint">{t("wl.cardHint")}</Text>
    </View>
  );
}
