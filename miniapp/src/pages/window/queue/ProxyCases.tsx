import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import { useState } from "react";
import { advanceProxy, type ProxyCase, type ProxyStatus } from "../../../api/window-work";
import { Sheet } from "../../../components/BehalfDialog";
import { LoadState } from "../../../components/LoadState";
import { type MessageKey, useT } from "../../../i18n";
import { useSettings } from "../../../store/settings";
import { formatShanghai, shanghaiDate } from "../../../utils/time";
import { localized } from "../../../utils/window-format";
import { windowErrorMessage } from "../../../utils/window-work-errors";
import { dayInYear, PROXY_TONE, proxyMoves, proxyNoteRequired } from "../../../utils/window-work-queue";
import { toneClass } from "./EntryCard";
import { NOTE_MAX } from "./MissingDialog";

type Move = Exclude<ProxyStatus, "received">;

interface Props {
  cases: ProxyCase[];
  load: string;
  error: string;
  nextCursor: string | null;
  loadingMore: boolean;
  onRetry(): void;
  onMore(): void;
  onChanged(proxyCase: ProxyCase): void;
}

/** The community's proxy cases (代办), newest first, each moved on with a note the resident reads. */
export function ProxyCases(props: Props) {
  const t = useT();
  const { locale } = useSettings();
  const [moving, setMoving] = useState<{ proxy: ProxyCase; to: Move } | null>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const today = shanghaiDate();

  const open = (proxy: ProxyCase, to: Move) => {
    setMoving({ proxy, to });
    setNote("");
    setError("");
  };

  const confirm = async () => {
    if (!moving || busy) return;
    const text = note.trim();
    if (proxyNoteRequired(moving.to) && !text) {
      setError(t("ww.cases.noteRequired"));
      return;
    }
    if (text.length > NOTE_MAX) {
      setError(t("ww.result.noteTooLong"));
      return;
    }
    setBusy(true);
    setError("");
    try {
      const updated = await advanceProxy(moving.proxy.id, moving.to, text || null);
      props.onChanged(updated);
      setMoving(null);
      setNote("");
    } catch (err) {
      setError(windowErrorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View id="proxy-cases">
      <LoadState id="proxy-cases" load={props.load} error={props.error} onRetry={props.onRetry} />
      {props.load === "ready" && props.cases.length === 0 ? (
        <View className="state" id="proxy-cases-empty">
          {t("ww.cases.empty")}
        </View>
      ) : null}
      {props.load === "ready"
        ? props.cases.map((proxy) => {
            const moves = proxyMoves(proxy.status);
            const overdue = moves.length > 0 && proxy.expectedBy < today;
            return (
              <View key={proxy.id} className="card ww-case" id={`proxy-case-${proxy.id}`}>
                <View className="ww-entry-head">
                  <Text className="ww-case-matter">
                    {localized(locale, proxy.matterName, proxy.matterNameEn)}
                  </Text>
                  <Text
                    className={`badge ${toneClass(PROXY_TONE[proxy.status])}`}
                    id={`proxy-status-${proxy.id}`}
                  >
                    {t(`wr.proxy.${proxy.status}`)}
                  </Text>
                </View>
                <Text className="ww-entry-name ww-case-name">{proxy.residentName}</Text>
                <Text className="ww-entry-line">
                  {t("ww.cases.receivedAt", { date: dayInYear(t, shanghaiDate(proxy.receivedAt), today) })}
                  {proxy.status === "received" || proxy.status === "in_progress"
                    ? ` · ${t("ww.cases.expectedBy", { date: dayInYear(t, proxy.expectedBy, today) })}`
                    : ""}
                </Text>
                {overdue ? <Text className="ww-entry-missing">{t("ww.cases.overdue")}</Text> : null}
                {proxy.appointmentId ? (
                  <Text className="lw-muted-row">{t("ww.cases.fromAppointment")}</Text>
                ) : null}
                {proxy.history.length > 0 ? (
                  <View className="ww-case-history">
                    {proxy.history.map((event) => (
                      <Text key={`${event.status}-${event.at}`} className="ww-case-event">
                        {t("ww.cases.history", {
                          time: formatShanghai(event.at).slice(5),
                          status: t(`wr.proxy.${event.status}`),
                        })}
                        {event.note ? `：${event.note}` : ""}
                      </Text>
                    ))}
                  </View>
                ) : proxy.note ? (
                  <Text className="ww-entry-line">{t("ww.entry.note", { note: proxy.note })}</Text>
                ) : null}
                {moves.length > 0 ? (
                  <View className="ww-entry-actions">
                    {moves.map((to) => (
                      <Button
                        key={to}
                        id={`proxy-${proxy.id}-${to}`}
                        size="small"
                        type={to === "returned" ? "danger" : "primary"}
                        fill={to === "done" ? "solid" : "outline"}
                        onClick={() => open(proxy, to)}
                      >
                        {t(`ww.cases.move.${to}` as MessageKey)}
                      </Button>
                    ))}
                  </View>
                ) : null}
              </View>
            );
          })
        : null}
      {props.load === "ready" && props.nextCursor ? (
        <View className="ww-more">
          <Button id="proxy-cases-more" size="normal" loading={props.loadingMore} onClick={props.onMore}>
            {t("ww.cases.more")}
          </Button>
        </View>
      ) : null}

      {moving ? (
        <Sheet
          id="proxy-move-dialog"
          title={t("ww.cases.moveTitle", {
            action: t(`ww.cases.move.${moving.to}` as MessageKey),
            matter: localized(locale, moving.proxy.matterName, moving.proxy.matterNameEn),
          })}
          footer={
            <>
              {error ? (
                <Text className="od-sheet-error" id="proxy-move-error">
                  {error}
                </Text>
              ) : null}
              <View className="od-sheet-actions">
                <Button
                  id="proxy-move-dismiss"
                  size="normal"
                  className="od-sheet-action"
                  disabled={busy}
                  onClick={() => setMoving(null)}
                >
                  {t("ww.cancel")}
                </Button>
                <Button
                  id="proxy-move-confirm"
                  size="normal"
                  type={moving.to === "returned" ? "danger" : "primary"}
                  className="od-sheet-action"
                  loading={busy}
                  onClick={confirm}
                >
                  {t(`ww.cases.move.${moving.to}` as MessageKey)}
                </Button>
              </View>
            </>
          }
        >
          <Text className="hint">{t("ww.cases.moveHint", { name: moving.proxy.residentName })}</Text>
          <Text className="od-sheet-label">{t("ww.cases.note")}</Text>
          <Textarea
            id="proxy-move-note"
            className={`textarea${error && proxyNoteRequired(moving.to) ? " textarea-invalid" : ""}`}
            value={note}
            maxlength={NOTE_MAX}
            placeholder={t(
              moving.to === "returned" ? "ww.cases.notePlaceholderReturned" : "ww.cases.notePlaceholder",
            )}
            onInput={(e) => {
              setNote(e.detail.value);
              setError("");
            }}
          />
        </Sheet>
      ) : null}
    </View>
  );
}
