import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import { useEffect, useState } from "react";
import {
  getAppointment,
  type QueueEntry,
  recordResult,
  type WindowAppointment,
} from "../../../api/window-work";
import { Sheet } from "../../../components/BehalfDialog";
import { LoadState } from "../../../components/LoadState";
import { useT } from "../../../i18n";
import { useSettings } from "../../../store/settings";
import { localized } from "../../../utils/window-format";
import { windowErrorMessage } from "../../../utils/window-work-errors";

export const NOTE_MAX = 500;

interface Props {
  entry: QueueEntry;
  onSaved(appointment: WindowAppointment): void;
  onDismiss(): void;
}

type Load = "loading" | "ready" | "error";

/** "Materials missing": what the resident lacks (from the appointment's own checklist) and a note. */
export function MissingDialog({ entry, onSaved, onDismiss }: Props) {
  const t = useT();
  const { locale } = useSettings();
  const [appointment, setAppointment] = useState<WindowAppointment | null>(null);
  const [load, setLoad] = useState<Load>("loading");
  const [loadError, setLoadError] = useState("");
  const [missing, setMissing] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const fetchAppointment = async () => {
    setLoad("loading");
    try {
      setAppointment(await getAppointment(entry.id));
      setLoad("ready");
    } catch (err) {
      setLoadError(windowErrorMessage(t, err));
      setLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once when the dialog opens
  useEffect(() => {
    void fetchAppointment();
  }, []);

  const toggle = (id: string) => {
    setError("");
    setMissing((prev) => (prev.includes(id) ? prev.filter((m) => m !== id) : [...prev, id]));
  };

  const confirm = async () => {
    if (busy || !appointment) return;
    if (missing.length === 0) {
      setError(t("ww.field.missingPick"));
      return;
    }
    if (note.trim().length > NOTE_MAX) {
      setError(t("ww.result.noteTooLong"));
      return;
    }
    setBusy(true);
    setError("");
    try {
      // In the checklist's order, whatever order they were ticked in.
      const ordered = appointment.materials.map((m) => m.id).filter((id) => missing.includes(id));
      const saved = await recordResult(entry.id, {
        result: "materials_missing",
        missing: ordered,
        note: note.trim() || null,
      });
      onSaved(saved);
    } catch (err) {
      setError(windowErrorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  const materials = appointment?.materials ?? [];

  return (
    <Sheet
      id="missing-dialog"
      title={t("ww.result.missingTitle", { name: entry.residentName })}
      footer={
        <>
          {error ? (
            <Text className="od-sheet-error" id="missing-error">
              {error}
            </Text>
          ) : null}
          <View className="od-sheet-actions">
            <Button
              id="missing-dismiss"
              size="normal"
              className="od-sheet-action"
              disabled={busy}
              onClick={onDismiss}
            >
              {t("ww.cancel")}
            </Button>
            <Button
              id="missing-confirm"
              size="normal"
              type="warning"
              className="od-sheet-action"
              loading={busy}
              disabled={load !== "ready" || materials.length === 0}
              onClick={confirm}
            >
              {t("ww.result.confirm")}
            </Button>
          </View>
        </>
      }
    >
      <Text className="hint">{localized(locale, entry.matterName, entry.matterNameEn)}</Text>
      <LoadState id="missing-appointment" load={load} error={loadError} onRetry={fetchAppointment} />
      {load === "ready" && appointment ? (
        <View>
          {materials.length === 0 ? (
            <Text className="od-sheet-warn" id="missing-none">
              {t("ww.result.noMaterials")}
            </Text>
          ) : (
            <Text className="hint">{t("ww.result.missingHint")}</Text>
          )}
          <View className="ww-checklist">
            {materials.map((material) => {
              const on = missing.includes(material.id);
              const confirmed = appointment.confirmedMaterials.includes(material.id);
              return (
                <View
                  key={material.id}
                  id={`missing-${material.id}`}
                  className={`ww-check${on ? " ww-check-on" : ""}`}
                  onClick={() => toggle(material.id)}
                >
                  <View className="ww-check-box">{on ? "✓" : ""}</View>
                  <View className="ww-check-text">
                    <Text className="ww-check-name">
                      {localized(locale, material.name, material.nameEn)}
                      <Text className="muted">
                        {" "}
                        · {material.required ? t("ww.required") : t("ww.notRequired")}
                      </Text>
                    </Text>
                    {material.note ? (
                      <Text className="ww-check-note">
                        {localized(locale, material.note, material.noteEn)}
                      </Text>
                    ) : null}
                    {!confirmed ? <Text className="ww-check-warn">{t("ww.result.notConfirmed")}</Text> : null}
                  </View>
                </View>
              );
            })}
          </View>
          <Text className="od-sheet-label">{t("ww.result.note")}</Text>
          <Textarea
            id="missing-note"
            className="textarea"
            value={note}
            maxlength={NOTE_MAX}
            placeholder={t("ww.result.notePlaceholder")}
            onInput={(e) => {
              setNote(e.detail.value);
              setError("");
            }}
          />
        </View>
      ) : null}
    </Sheet>
  );
}
