import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import { useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import { type ProxyCase, type QueueEntry, takeInProxy } from "../../../api/window-work";
import { newIdempotencyKey, Sheet } from "../../../components/BehalfDialog";
import { useT } from "../../../i18n";
import { useSettings } from "../../../store/settings";
import { localized } from "../../../utils/window-format";
import { windowErrorMessage } from "../../../utils/window-work-errors";
import { NOTE_MAX } from "./MissingDialog";

interface Props {
  entry: QueueEntry;
  onTaken(proxyCase: ProxyCase): void;
  onDismiss(): void;
}

/** 代办受理: staff take the appointment's matter in to handle it for the resident. */
export function ProxyDialog({ entry, onTaken, onDismiss }: Props) {
  const t = useT();
  const { locale } = useSettings();
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  // A retry after a lost answer takes the matter in once; a definite answer ends the attempt.
  const key = useRef(newIdempotencyKey());

  const confirm = async () => {
    if (busy) return;
    if (note.trim().length > NOTE_MAX) {
      setError(t("ww.result.noteTooLong"));
      return;
    }
    setBusy(true);
    setError("");
    try {
      onTaken(await takeInProxy(entry.id, note.trim() || null, key.current));
    } catch (err) {
      setError(windowErrorMessage(t, err));
      if (err instanceof ApiError && err.status > 0) key.current = newIdempotencyKey();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet
      id="proxy-dialog"
      title={t("ww.proxy.title", { name: entry.residentName })}
      footer={
        <>
          {error ? (
            <Text className="od-sheet-error" id="proxy-error">
              {error}
            </Text>
          ) : null}
          <View className="od-sheet-actions">
            <Button
              id="proxy-dismiss"
              size="normal"
              className="od-sheet-action"
              disabled={busy}
              onClick={onDismiss}
            >
              {t("ww.cancel")}
            </Button>
            <Button
              id="proxy-confirm"
              size="normal"
              type="primary"
              className="od-sheet-action"
              loading={busy}
              onClick={confirm}
            >
              {t("ww.proxy.submit")}
            </Button>
          </View>
        </>
      }
    >
      <Text className="hint">{localized(locale, entry.matterName, entry.matterNameEn)}</Text>
      <Text className="hint">{t("ww.proxy.hint")}</Text>
      <Text className="od-sheet-label">{t("ww.proxy.note")}</Text>
      <Textarea
        id="proxy-note"
        className="textarea"
        value={note}
        maxlength={NOTE_MAX}
        placeholder={t("ww.proxy.notePlaceholder")}
        onInput={(e) => {
          setNote(e.detail.value);
          setError("");
          key.current = newIdempotencyKey();
        }}
      />
    </Sheet>
  );
}
