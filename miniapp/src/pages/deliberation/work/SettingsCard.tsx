import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useEffect, useState } from "react";
import { getSettings, saveSettings } from "../../../api/deliberation";
import { LoadState } from "../../../components/LoadState";
import { useT } from "../../../i18n";
import {
  DEFAULT_SECONDING_PERCENT,
  deliberationErrorMessage,
  parsePercent,
  secondsNeeded,
} from "../../../utils/deliberation-work";

type Load = "loading" | "ready" | "error";

/** The share of households in scope whose seconds make a resident's proposal a topic. */
export function SettingsCard({ communityId }: { communityId: string }) {
  const t = useT();
  const [percent, setPercent] = useState(String(DEFAULT_SECONDING_PERCENT));
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [invalid, setInvalid] = useState("");
  const [saving, setSaving] = useState(false);

  const fetchSettings = async () => {
    setLoad("loading");
    try {
      const settings = await getSettings(communityId);
      setPercent(String(settings.secondingPercent));
      setLoad("ready");
    } catch (err) {
      setError(deliberationErrorMessage(t, err));
      setLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once for the community
  useEffect(() => {
    void fetchSettings();
  }, [communityId]);

  const save = async () => {
    if (saving) return;
    const value = parsePercent(percent);
    if (value === null) {
      setInvalid(t("dw.settings.err"));
      return;
    }
    setSaving(true);
    try {
      const saved = await saveSettings(value, communityId);
      setPercent(String(saved.secondingPercent));
      void Taro.showToast({ title: t("dw.settings.saved"), icon: "success" });
    } catch (err) {
      void Taro.showToast({ title: deliberationErrorMessage(t, err), icon: "none", duration: 3000 });
    } finally {
      setSaving(false);
    }
  };

  const value = parsePercent(percent);

  return (
    <View className="card" id="dw-settings">
      <Text className="card-title">{t("dw.settings.title")}</Text>
      <Text className="hint">{t("dw.settings.hint")}</Text>
      <LoadState id="dw-settings" load={load} error={error} onRetry={fetchSettings} />
      {load === "ready" ? (
        <View>
          <View className={`lw-field${invalid ? " lw-field-invalid" : ""}`}>
            <View className="lw-field-row">
              <Text className="lw-field-label">{t("dw.settings.percent")}</Text>
              <View className="lw-field-control dw-input-row">
                <Input
                  id="dw-settings-percent"
                  className={`lw-box-input dw-input-short${invalid ? " lw-box-input-invalid" : ""}`}
                  type="number"
                  maxlength={3}
                  value={percent}
                  onInput={(e) => {
                    setPercent(e.detail.value);
                    setInvalid("");
                  }}
                />
                <Text className="muted">{t("dw.settings.unit")}</Text>
              </View>
            </View>
            {value !== null ? (
              <Text className="lw-muted-row" id="dw-settings-example">
                {t("dw.settings.example", { count: secondsNeeded(120, value) })}
              </Text>
            ) : null}
            {invalid ? (
              <Text className="lw-field-error" id="dw-settings-error">
                {invalid}
              </Text>
            ) : null}
          </View>
          <Button
            id="dw-settings-save"
            type="primary"
            size="large"
            block
            loading={saving}
            className="dw-submit"
            onClick={() => void save()}
          >
            {t("dw.settings.save")}
          </Button>
        </View>
      ) : null}
    </View>
  );
}
