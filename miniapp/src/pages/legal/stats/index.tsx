import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { ScrollView, Text, View } from "@tarojs/components";
import { getStats, type LegalCategory, type Outcome } from "../../../api/legal-work";
import { Page } from "../../../components/Page";
import { PeriodPicker } from "../../../components/PeriodPicker";
import { usePeriodStats } from "../../../components/PeriodPicker/usePeriodStats";
import { StatsBars, StatsTile, StatsTiles } from "../../../components/Stats";
import { type MessageKey, useT } from "../../../i18n";
import { isForbidden, legalErrorMessage } from "../../../utils/legal-work-errors";
import {
  formatPercent,
  PRESETS,
  type Preset,
  periodProblem,
  presetPeriod,
} from "../../../utils/stats-period";
import "../../../components/Page/staff.scss";
import "./index.scss";
import { LoadState } from "../../../components/LoadState";

type Choice = Preset | "custom";

const PRESET_LABEL: Record<Choice, MessageKey> = {
  this_month: "stats.thisMonth",
  last_month: "stats.lastMonth",
  last_90: "stats.last90",
  custom: "stats.custom",
};

const OUTCOME_ORDER: Array<Outcome | "unrecorded"> = [
  "answered",
  "referred_mediation",
  "referred_legal_aid",
  "advised_arbitration_or_court",
  "unrecorded",
];

export default function StatsPage() {
  const t = useT();
  const { today, choice, period, stats, load, error, choose, setCustom, retry } = usePeriodStats({
    firstPreset: "this_month" as Preset,
    presetPeriod,
    periodProblem: (next) => {
      const problem = periodProblem(next);
      if (!problem) return null;
      return t(problem === "order" ? "lw.field.toBeforeFrom" : "stats.rangeTooLong");
    },
    fetchStats: getStats,
    errorText: (err) => legalErrorMessage(t, err),
    isForbidden,
  });

  if (load === "forbidden")
    return (
      <Page id="stats-page" title={t("stats.title")}>
        <View className="state" id="stats-forbidden">
          {t("stats.forbidden")}
        </View>
      </Page>
    );

  const categories = stats ? (Object.keys(stats.byCategory) as LegalCategory[]) : [];
  const categoryOrder = stats
    ? [...categories].sort((a, b) => (stats.byCategory[b] ?? 0) - (stats.byCategory[a] ?? 0))
    : [];
  const cancelled = stats ? stats.cancelled.byResident + stats.cancelled.byCenter : 0;

  return (
    <Page id="stats-page" title={t("stats.title")}>
      <PeriodPicker
        id="stats"
        choices={PRESETS}
        choice={choice}
        label={(value) => t(PRESET_LABEL[value])}
        onChoose={choose}
        period={period}
        today={today}
        fromLabel={t("stats.from")}
        toLabel={t("stats.to")}
        onCustom={setCustom}
      />

      <Text className="section-title" id="stats-range">
        {t("stats.range", { from: period.from, to: period.to })}
      </Text>

      <LoadState id="stats" load={load} error={error} onRetry={retry} />

      {load === "ready" && stats ? (
        <View id="stats-body">
          <StatsTiles>
            <StatsTile id="stats-total" value={stats.bookings} label={t("stats.bookings")} />
            <StatsTile
              id="stats-attended"
              value={stats.attended}
              label={t("stats.attended")}
              note={t("stats.noShows", { count: stats.noShows })}
            />
            <StatsTile
              id="stats-noshow-rate"
              value={formatPercent(stats.noShowRate)}
              label={t("stats.noShowRate")}
            />
            <StatsTile
              id="stats-cancelled"
              value={cancelled}
              label={t("stats.cancelled")}
              note={t("stats.cancelledDetail", {
                resident: stats.cancelled.byResident,
                center: stats.cancelled.byCenter,
              })}
            />
          </StatsTiles>

          {stats.bookings === 0 ? (
            <Text className="hint stats-note" id="stats-empty">
              {t("stats.noData")}
            </Text>
          ) : (
            <View>
              <View className="card" id="stats-categories">
                <Text className="card-title">{t("stats.byCategory")}</Text>
                <StatsBars
                  idPrefix="stats-category"
                  rows={categoryOrder.map((key) => ({
                    key,
                    label: t(`lw.category.${key}`),
                    count: stats.byCategory[key],
                  }))}
                />
              </View>
              <View className="card" id="stats-outcomes">
                <Text className="card-title">{t("stats.outcomes")}</Text>
                <StatsBars
                  idPrefix="stats-outcome"
                  rows={OUTCOME_ORDER.map((key) => ({
                    key,
                    label: t(`lw.outcome.${key}`),
                    count: stats.outcomes[key],
                  }))}
                  tone="blue"
                />
              </View>
            </View>
          )}

          <View className="card" id="stats-lawyers">
            <Text className="card-title">{t("stats.lawyers")}</Text>
            {stats.lawyers.length === 0 ? (
              <Text className="hint">{t("stats.noLawyers")}</Text>
            ) : (
              <ScrollView scrollX className="stats-table-scroll">
                <View className="stats-table">
                  <View className="stats-tr stats-th">
                    <Text className="stats-td stats-td-name">{t("stats.colLawyer")}</Text>
                    <Text className="stats-td">{t("stats.colSlots")}</Text>
                    <Text className="stats-td">{t("stats.colSeats")}</Text>
                    <Text className="stats-td">{t("stats.colBooked")}</Text>
                    <Text className="stats-td">{t("stats.colUtilisation")}</Text>
                    <Text className="stats-td">{t("stats.colAttended")}</Text>
                    <Text className="stats-td">{t("stats.colNoShows")}</Text>
                  </View>
                  {stats.lawyers.map((row) => (
                    <View key={row.lawyerId} className="stats-tr" id={`stats-lawyer-${row.lawyerId}`}>
                      <Text className="stats-td stats-td-name">{row.name}</Text>
                      <Text className="stats-td">{row.slots}</Text>
                      <Text className="stats-td">{row.seats}</Text>
                      <Text className="stats-td">{row.booked}</Text>
                      <Text className="stats-td stats-td-strong">{formatPercent(row.utilisation)}</Text>
                      <Text className="stats-td">{row.attended}</Text>
                      <Text className="stats-td">{row.noShows}</Text>
                    </View>
                  ))}
                </View>
              </ScrollView>
            )}
          </View>
        </View>
      ) : null}
    </Page>
  );
}
