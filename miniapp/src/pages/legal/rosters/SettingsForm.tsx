import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, Textarea, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useEffect, useState } from "react";
import { ApiError } from "../../../api/errors";
import { getLegalSettings, saveLegalSettings } from "../../../api/legal-work";
import { LoadState } from "../../../components/LoadState";
import { type MessageKey, useT } from "../../../i18n";
import { fieldIssues, legalErrorMessage } from "../../../utils/legal-work-errors";
import {
  SETTINGS_FIELDS,
  type SettingsDraft,
  type SettingsField,
  settingsDraft,
  settingsInput,
  validateSettings,
} from "./validate";

type Load = "loading" | "ready" | "error";

interface Row {
  field: SettingsField;
  draftKey: keyof SettingsDraft;
  id: string;
  label: MessageKey;
  unit?: MessageKey;
  hint?: MessageKey;
  type: "digit" | "number" | "text";
  maxlength: number;
}

const ROWS: Row[] = [
  {
    field: "cancelCutoffMinutes",
    draftKey: "cancelCutoffHours",
    id: "settings-cutoff",
    label: "settings.cutoff",
    unit: "settings.cutoffUnit",
    hint: "settings.cutoffHint",
    type: "digit",
    maxlength: 5,
  },
  {
    field: "maxUpcomingBookings",
    draftKey: "maxUpcomingBookings",
    id: "settings-max",
    label: "settings.maxUpcoming",
    unit: "settings.maxUpcomingUnit",
    type: "number",
    maxlength: 2,
  },
  {
    field: "waitlistLimit",
    draftKey: "waitlistLimit",
    id: "settings-waitlist",
    label: "settings.waitlist",
    unit: "settings.waitlistUnit",
    type: "number",
    maxlength: 3,
  },
  {
    field: "location",
    draftKey: "location",
    id: "settings-place",
    label: "settings.place",
    hint: "settings.placeHint",
    type: "text",
    maxlength: 100,
  },
];

export function SettingsForm() {
  const t = useT();
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [errors, setErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const [saving, setSaving] = useState(false);

  const fetchSettings = async () => {
    setLoad("loading");
    try {
      setDraft(settingsDraft(await getLegalSettings()));
      setLoad("ready");
    } catch (err) {
      setError(legalErrorMessage(t, err));
      setLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once when the tab opens
  useEffect(() => {
    void fetchSettings();
  }, []);

  const change = (row: Row, value: string) => {
    setDraft((d) => (d ? { ...d, [row.draftKey]: value } : d));
    setErrors((prev) => ({ ...prev, [row.field]: undefined }));
  };

  const save = async () => {
    if (!draft || saving) return;
    const local = validateSettings(draft);
    if (Object.keys(local).length > 0) {
      const shown: Partial<Record<SettingsField, string>> = {};
      for (const [field, key] of Object.entries(local)) if (key) shown[field as SettingsField] = t(key);
      setErrors(shown);
      return;
    }
    setSaving(true);
    try {
      setDraft(settingsDraft(await saveLegalSettings(settingsInput(draft))));
      void Taro.showToast({ title: t("settings.saved"), icon: "success" });
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED")
        setErrors(fieldIssues(t, err.details, SETTINGS_FIELDS));
      void Taro.showToast({ title: legalErrorMessage(t, err), icon: "none", duration: 3000 });
    } finally {
      setSaving(false);
    }
  };

  if (load === "loading" || load === "error" || !draft)
    return (
      <LoadState
        id="settings"
        load={load === "loading" ? "loading" : "error"}
        error={error}
        onRetry={fetchSettings}
      />
    );

  return (
    <View className="card" id="settings-form">
      <Text className="card-title">{t("settings.title")}</Text>
      {ROWS.map((row) => (
        <View key={row.field} className={`lw-field${errors[row.field] ? " lw-field-invalid" : ""}`}>
          <View className={`lw-field-row${row.type === "text" ? " rosters-setting-stacked" : ""}`}>
            <Text className="lw-field-label">{t(row.label)}</Text>
            <View className="lw-field-control rosters-setting-control">
              {row.type === "text" ? (
                <Textarea
                  id={row.id}
                  className="textarea rosters-setting-area"
                  value={draft[row.draftKey]}
                  maxlength={row.maxlength}
                  onInput={(e) => change(row, e.detail.value)}
                />
              ) : (
                <Input
                  id={row.id}
                  className="lw-input rosters-setting-input"
                  type={row.type}
                  value={draft[row.draftKey]}
                  maxlength={row.maxlength}
                  onInput={(e) => change(row, e.detail.value)}
                />
              )}
              {row.unit ? <Text className="muted rosters-setting-unit">{t(row.unit)}</Text> : null}
            </View>
          </View>
          {row.hint ? <Text className="lw-muted-row">{t(row.hint)}</Text> : null}
          {errors[row.field] ? <Text className="lw-field-error">{errors[row.field]}</Text> : null}
        </View>
      ))}
      <Button
        id="settings-save"
        type="primary"
        size="large"
        block
        loading={saving}
        onClick={save}
        className="rosters-submit"
      >
        {t("settings.save")}
      </Button>
    </View>
  );
}
