import Switch from "@nutui/nutui-react-taro/dist/es/packages/switch/index";
import "@nutui/nutui-react-taro/dist/es/packages/switch/style/css";
import { Text, View } from "@tarojs/components";
import { useT } from "../../i18n";
import { type Locale, updateSettings, useSettings } from "../../store/settings";

const LOCALES: Array<{ value: Locale; label: string }> = [
  { value: "zh-CN", label: "简体中文" },
  { value: "en", label: "English" },
];

export function Settings() {
  const t = useT();
  const { locale, largeText } = useSettings();

  return (
    <View className="card settings">
      <View className="setting-row">
        <View className="setting-text">
          <Text className="setting-label">{t("me.largeText")}</Text>
          <Text className="setting-hint">{t("me.largeTextHint")}</Text>
        </View>
        <Switch
          id="large-text-switch"
          checked={largeText}
          onChange={(value: boolean) => updateSettings({ largeText: value })}
        />
      </View>
      <View className="setting-row">
        <Text className="setting-label">{t("me.language")}</Text>
        {/* Two options only: a tap anywhere on the control switches to the other one. */}
        <View
          id="locale-switch"
          className="chips"
          onClick={() => updateSettings({ locale: locale === "en" ? "zh-CN" : "en" })}
        >
          {LOCALES.map((option) => (
            <View
              key={option.value}
              id={`locale-${option.value}`}
              className={`chip${locale === option.value ? " chip-on" : ""}`}
            >
              {option.label}
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}
