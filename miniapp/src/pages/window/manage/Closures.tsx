import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Picker, Text, Textarea, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useEffect, useState } from "react";
import { ApiError } from "../../../api/errors";
import {
  addClosure,
  type Center,
  type Closure,
  getQueue,
  listClosures,
  removeClosure,
} from "../../../api/window-work";
import { Sheet } from "../../../components/BehalfDialog";
import { LoadState } from "../../../components/LoadState";
import { useT } from "../../../i18n";
import { formatDay, weekdayOf } from "../../../utils/legal-format";
import { addDays, shanghaiDate } from "../../../utils/time";
import { validateClosure } from "../../../utils/window-work-center";
import { issuesByPath, windowErrorMessage } from "../../../utils/window-work-errors";
import { Field } from "./Field";

type Load = "loading" | "ready" | "error";
type Asking =
  | { kind: "close"; date: string; reason: string; booked: number | null }
  | { kind: "reopen"; closure: Closure };

/** Ad-hoc closures: a day off with a reason (its appointments cancelled, residents told), and reopening. */
export function Closures({ center }: { center: Center }) {
  const t = useT();
  const today = shanghaiDate();
  const [closures, setClosures] = useState<Closure[]>([]);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [date, setDate] = useState(addDays(today, 1));
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<{ date?: string; reason?: string }>({});
  const [asking, setAsking] = useState<Asking | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState("");
  const [result, setResult] = useState("");

  const label = (day: string) => `${formatDay(t, day)} ${weekdayOf(t, day)}`;

  const fetchClosures = async () => {
    setLoad("loading");
    try {
      setClosures(await listClosures(center.id));
      setLoad("ready");
    } catch (err) {
      setError(windowErrorMessage(t, err));
      setLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load when the center is known
  useEffect(() => {
    void fetchClosures();
  }, [center.id]);

  const ask = () => {
    const problems = validateClosure(date, reason, today);
    const next = {
      date: problems.date ? t(problems.date.key, problems.date.params) : undefined,
      reason: problems.reason ? t(problems.reason.key, problems.reason.params) : undefined,
    };
    if (!next.date && closures.some((closure) => closure.date === date)) next.date = t("ww.closure.already");
    setErrors(next);
    if (next.date || next.reason) return;
    setResult("");
    setDialogError("");
    setAsking({ kind: "close", date, reason: reason.trim(), booked: null });
    // How many residents will be told, before staff confirm: the day's queue has them.
    getQueue(date, center.id).then(
      (queue) => {
        const booked = queue.slots
          .flatMap((slot) => slot.entries)
          .filter((e) => e.status === "booked").length;
        setAsking((prev) => (prev?.kind === "close" && prev.date === date ? { ...prev, booked } : prev));
      },
      () => undefined,
    );
  };

  const confirm = async () => {
    if (!asking || busy) return;
    setBusy(true);
    setDialogError("");
    try {
      if (asking.kind === "close") {
        const done = await addClosure(center.id, asking.date, asking.reason);
        setResult(
          done.cancelled > 0
            ? t("ww.closure.added", { date: label(asking.date), count: done.cancelled })
            : t("ww.closure.addedNone", { date: label(asking.date) }),
        );
        setReason("");
      } else {
        await removeClosure(center.id, asking.closure.date);
        setResult(t("ww.closure.removed", { date: label(asking.closure.date) }));
      }
      setAsking(null);
      void fetchClosures();
    } catch (err) {
      if (asking.kind === "close" && err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const issues = issuesByPath(t, err.details);
        setErrors({ date: issues.date, reason: issues.reason });
        setAsking(null);
        void Taro.showToast({ title: windowErrorMessage(t, err), icon: "none", duration: 3000 });
      } else {
        setDialogError(windowErrorMessage(t, err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <View id="closures">
      <View className="card" id="closure-form">
        <Text className="card-title">{t("ww.closure.title")}</Text>
        <Text className="hint">{t("ww.closure.hint")}</Text>
        <Field id="closure-date" label={t("ww.closure.date")} error={errors.date}>
          <Picker
            mode="date"
            value={date}
            start={today}
            onChange={(e) => {
              setDate(String(e.detail.value));
              setErrors((prev) => ({ ...prev, date: undefined }));
            }}
          >
            <View className="lw-picker" id="closure-date">
              <Text>
                {label(date)} · {date}
              </Text>
              <Text className="lw-arrow">›</Text>
            </View>
          </Picker>
        </Field>
        <Field id="closure-reason" label={t("ww.closure.reason")} error={errors.reason} stacked>
          <Textarea
            id="closure-reason"
            className={`textarea wm-short-area${errors.reason ? " textarea-invalid" : ""}`}
            value={reason}
            maxlength={100}
            placeholder={t("ww.closure.reasonPlaceholder")}
            onInput={(e) => {
              setReason(e.detail.value);
              setErrors((prev) => ({ ...prev, reason: undefined }));
            }}
          />
        </Field>
        <Button id="closure-add" type="danger" size="large" block className="wm-submit" onClick={ask}>
          {t("ww.closure.add")}
        </Button>
      </View>

      {result ? (
        <View className="wm-result" id="closure-result">
          {result}
        </View>
      ) : null}

      <Text className="section-title">{t("ww.closure.list")}</Text>
      <LoadState id="closures" load={load} error={error} onRetry={fetchClosures} />
      {load === "ready" && closures.length === 0 ? (
        <View className="state wm-state-small" id="closures-empty">
          {t("ww.closure.empty")}
        </View>
      ) : null}
      {load === "ready"
        ? closures.map((closure) => (
            <View key={closure.date} className="card wm-closure" id={`closure-${closure.date}`}>
              <View className="wm-closure-text">
                <Text className="wm-closure-date">{label(closure.date)}</Text>
                <Text className="muted"> {closure.date}</Text>
                <Text className="wm-closure-reason">{closure.reason}</Text>
              </View>
              <Button
                id={`closure-remove-${closure.date}`}
                size="small"
                fill="outline"
                onClick={() => {
                  setResult("");
                  setDialogError("");
                  setAsking({ kind: "reopen", closure });
                }}
              >
                {t("ww.closure.remove")}
              </Button>
            </View>
          ))
        : null}

      {asking ? (
        <Sheet
          id="closure-dialog"
          title={
            asking.kind === "close"
              ? t("ww.closure.confirmTitle", { date: label(asking.date) })
              : t("ww.closure.removeTitle", { date: label(asking.closure.date) })
          }
          footer={
            <>
              {dialogError ? (
                <Text className="od-sheet-error" id="closure-dialog-error">
                  {dialogError}
                </Text>
              ) : null}
              <View className="od-sheet-actions">
                <Button
                  id="closure-dialog-dismiss"
                  size="normal"
                  className="od-sheet-action"
                  disabled={busy}
                  onClick={() => setAsking(null)}
                >
                  {t("ww.closure.back")}
                </Button>
                <Button
                  id="closure-dialog-confirm"
                  size="normal"
                  type={asking.kind === "close" ? "danger" : "primary"}
                  className="od-sheet-action"
                  loading={busy}
                  onClick={confirm}
                >
                  {t(asking.kind === "close" ? "ww.closure.confirm" : "ww.closure.removeConfirm")}
                </Button>
              </View>
            </>
          }
        >
          <Text className="hint">
            {asking.kind === "close"
              ? t("ww.closure.confirmBody", { reason: asking.reason })
              : t("ww.closure.removeBody")}
          </Text>
          {asking.kind === "close" && asking.booked !== null ? (
            <Text
              className={asking.booked > 0 ? "od-sheet-warn" : "od-sheet-muted"}
              id="closure-dialog-count"
            >
              {asking.booked > 0
                ? t("ww.closure.confirmCount", { count: asking.booked })
                : t("ww.closure.confirmNone")}
            </Text>
          ) : null}
        </Sheet>
      ) : null}
    </View>
  );
}
