import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { type ReactNode, useState } from "react";
import { ApiError } from "../../../api/errors";
import { getMatter, type Material, type MatterDetail } from "../../../api/window";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSettings } from "../../../store/settings";
import { formatDay } from "../../../utils/legal-format";
import { shanghaiDate } from "../../../utils/time";
import { feeText, hoursLines, localized, processingText } from "../../../utils/window-format";
import { joinIds, missingLastTime, requiredLeft, windowErrorText } from "../../../utils/window-rules";
import { saveTicked, tickedOf } from "../common/checklist";
import { NotVerified } from "../common/NotVerified";
import "../common/window.scss";
import "./index.scss";

type Load = "loading" | "ready" | "notVerified" | "error";

export default function WindowMatterPage() {
  const t = useT();
  const { locale } = useSettings();
  const matterId = useRouter().params.id ?? "";
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [detail, setDetail] = useState<MatterDetail | null>(null);
  const [ticked, setTicked] = useState<Set<string>>(() => tickedOf(matterId));

  const fetchMatter = async () => {
    try {
      const found = await getMatter(matterId);
      setDetail(found);
      // Staff may have edited the checklist since: keep only ticks of materials still on it.
      const ids = new Set(found.matter.materials.map((m) => m.id));
      setTicked((prev) => new Set([...prev].filter((id) => ids.has(id))));
      setLoad("ready");
    } catch (err) {
      if (err instanceof ApiError && err.code === "NOT_VERIFIED") {
        setLoad("notVerified");
        return;
      }
      setError(windowErrorText(t, err));
      setLoad("error");
    }
  };

  useDidShow(() => {
    void fetchMatter();
  });

  const toggle = (id: string) => {
    setTicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      saveTicked(matterId, next);
      return next;
    });
  };

  const row = (label: string, value: ReactNode, id?: string) => (
    <View className="wr-row" id={id}>
      <Text className="wr-row-label">{label}</Text>
      <View className="wr-row-value">{value}</View>
    </View>
  );

  const call = (phone: string) => {
    void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  };

  const renderMaterial = (material: Material, missed: boolean) => {
    const on = ticked.has(material.id);
    const note = material.note ? localized(locale, material.note, material.noteEn) : null;
    return (
      <View
        key={material.id}
        id={`material-${material.id}`}
        className={`wr-material${on ? " wr-material-on" : ""}${missed ? " wr-material-missed" : ""}`}
        hoverClass="cell-pressed"
        onClick={() => toggle(material.id)}
      >
        <View className={`wr-tick${on ? " wr-tick-on" : ""}`}>{on ? "✓" : ""}</View>
        <View className="wr-material-body">
          <View className="wr-material-head">
            <Text className="wr-material-name">{localized(locale, material.name, material.nameEn)}</Text>
            <Text className={`badge ${material.required ? "badge-red" : "badge-grey"}`}>
              {t(material.required ? "wr.matter.required" : "wr.matter.optional")}
            </Text>
            {missed ? <Text className="badge wr-badge-missed">{t("wr.matter.missedLast")}</Text> : null}
          </View>
          {note ? <Text className="wr-material-note">{note}</Text> : null}
        </View>
      </View>
    );
  };

  const renderDetail = ({ matter, center, lastVisit }: MatterDetail) => {
    const missed = missingLastTime(lastVisit);
    const left = requiredLeft(matter.materials, ticked);
    const required = matter.materials.filter((m) => m.required).length;
    const ready = left.length === 0 && center !== null;
    const description = localized(locale, matter.description, matter.descriptionEn);
    const proceed = () => {
      if (!ready) return;
      // In checklist order, whatever order they were ticked in.
      const confirmed = matter.materials.filter((m) => ticked.has(m.id)).map((m) => m.id);
      void Taro.navigateTo({
        url: `${ROUTES.windowBook}?matterId=${matter.id}&confirmed=${joinIds(confirmed)}`,
      });
    };

    return (
      <View>
        <View className="card" id="matter-head">
          <Text className="wr-matter-name">{localized(locale, matter.name, matter.nameEn)}</Text>
          <View className="wr-badges">
            <Text className="badge badge-grey">{t(`wr.category.${matter.category}`)}</Text>
            {matter.proxyAllowed ? <Text className="badge badge-orange">{t("wr.proxyAllowed")}</Text> : null}
          </View>
          <Text className="wr-matter-description">{description}</Text>
          <View className="wr-matter-facts" id="matter-facts">
            {row(t("wr.matter.processing"), <Text>{processingText(t, matter.processingDays)}</Text>)}
            {row(
              t("wr.matter.fee"),
              <>
                <Text>{feeText(t, matter.fee)}</Text>
                {matter.feeNote ? <Text className="wr-row-sub">{matter.feeNote}</Text> : null}
              </>,
            )}
            {row(
              t("wr.matter.proxy"),
              <Text>{t(matter.proxyAllowed ? "wr.matter.proxyYes" : "wr.matter.proxyNo")}</Text>,
            )}
          </View>
        </View>

        {center ? null : <Text className="wr-banner wr-banner-error">{t("wr.matter.noCenter")}</Text>}

        {lastVisit?.result === "materials_missing" ? (
          <View className="wr-missing" id="last-missing">
            <Text className="wr-missing-title">
              {t("wr.matter.lastMissing", {
                list: lastVisit.missing
                  .map((m) => localized(locale, m.name, m.nameEn))
                  .join(t("wr.list.sep")),
              })}
            </Text>
            <View className="wr-missing-list">
              {lastVisit.missing.map((m) => (
                <View key={m.id} className="wr-missing-item">
                  <Text className="wr-missing-dot">●</Text>
                  <Text>{localized(locale, m.name, m.nameEn)}</Text>
                </View>
              ))}
            </View>
            {lastVisit.note ? (
              <Text className="wr-missing-note">{t("wr.matter.lastNote", { note: lastVisit.note })}</Text>
            ) : null}
            <Text className="wr-missing-note">
              {t("wr.matter.lastVisit", { date: formatDay(t, shanghaiDate(lastVisit.at)) })} ·{" "}
              {t("wr.matter.lastHint")}
            </Text>
          </View>
        ) : null}

        <View className="card" id="matter-checklist">
          <View className="card-title">
            <Text>{t("wr.matter.materials")}</Text>
            {required > 0 ? (
              <Text className={`badge ${left.length ? "badge-orange" : "badge-green"}`} id="matter-progress">
                {t("wr.matter.progress", { done: required - left.length, total: required })}
              </Text>
            ) : null}
          </View>
          {matter.materials.length ? (
            <>
              <Text className="hint">{t("wr.matter.materialsHint")}</Text>
              <View className="wr-materials">
                {matter.materials.map((material) => renderMaterial(material, missed.has(material.id)))}
              </View>
            </>
          ) : (
            <Text className="hint">{t("wr.matter.noMaterials")}</Text>
          )}
        </View>

        <View className="wr-actions">
          <Button id="matter-continue" type="primary" size="large" block disabled={!ready} onClick={proceed}>
            {t("wr.matter.continue")}
          </Button>
          {center && left.length ? (
            <Text className="hint wr-continue-hint" id="matter-continue-hint">
              {t("wr.matter.tickAll")}
            </Text>
          ) : null}
        </View>

        {center ? (
          <View className="card" id="matter-center-card">
            {row(
              t("wr.matter.center"),
              <>
                <Text className="wr-center-name">{localized(locale, center.name, center.nameEn)}</Text>
                <Text className="wr-row-sub">{center.address}</Text>
                {center.phone ? (
                  <Text id="matter-phone" className="wr-phone" onClick={() => call(center.phone ?? "")}>
                    {t("wr.matter.phone")} {center.phone}
                  </Text>
                ) : null}
              </>,
              "matter-center",
            )}
            {row(
              t("wr.matter.hours"),
              <>
                {hoursLines(t, center.hours).map((line) => (
                  <Text key={line}>{line}</Text>
                ))}
                {center.followsHolidayCalendar ? (
                  <Text className="wr-row-sub">{t("wr.matter.holidays")}</Text>
                ) : null}
              </>,
              "matter-hours",
            )}
          </View>
        ) : null}
      </View>
    );
  };

  return (
    <Page id="window-matter-page" title={t("wr.matter.title")}>
      <LoadState id="window-matter" load={load} error={error} onRetry={() => fetchMatter()} />
      {load === "notVerified" ? <NotVerified id="window-matter-not-verified" /> : null}
      {load === "ready" && detail ? renderDetail(detail) : null}
    </Page>
  );
}
