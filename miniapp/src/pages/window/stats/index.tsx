import { Text, View } from "@tarojs/components";
import { useDidShow } from "@tarojs/taro";
import { useState } from "react";
import { getWindowStats, listMatters } from "../../../api/window-work";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { PeriodPicker } from "../../../components/PeriodPicker";
import { usePeriodStats } from "../../../components/PeriodPicker/usePeriodStats";
import { StatsBars, StatsTile, StatsTiles } from "../../../components/Stats";
import { type MessageKey, useT } from "../../../i18n";
import { useSession } from "../../../store/session";
import { useSettings } from "../../../store/settings";
import { formatDay, weekdayOf } from "../../../utils/legal-format";
import { localized } from "../../../utils/window-format";
import { isForbidden, isNoCenter, windowErrorMessage } from "../../../utils/window-work-errors";
import {
  dayRows,
  formatMinutes,
  formatPercent,
  MAX_WINDOW_STATS_DAYS,
  WINDOW_PRESETS,
  type WindowPreset,
  windowPeriodProblem,
  windowPresetPeriod,
} from "../../../utils/window-work-period";
import "../../../components/Page/staff.scss";
import "./index.scss";

type Choice = WindowPreset | "custom";

const LABEL: Record<Choice, MessageKey> = {
  this_week: "ww.stats.this_week",
  this_month: "ww.stats.this_month",
  last_30: "ww.stats.last_30",
  custom: "ww.stats.custom",
};

export default function WindowStatsPage() {
  const t = useT();
  const { today, choice, period, stats, load, error, choose, setCustom, retry } = usePeriodStats({
    firstPreset: "this_week" as WindowPreset,
    presetPeriod: windowPresetPeriod,
    periodProblem: (next) => {
      const problem = windowPeriodProblem(next);
      if (!problem) return null;
      return problem === "order"
        ? t("ww.field.toBeforeFrom")
        : t("ww.stats.rangeTooLong", { days: MAX_WINDOW_STATS_DAYS });
    },
    fetchStats: getWindowStats,
    errorText: (err) =>
      isNoCenter(err) ? `${t("ww.noCenter")}：${t("ww.noCenterHint")}` : windowErrorMessage(t, err),
    isForbidden,
  });
  const [allDays, setAllDays] = useState(false);
  const { locale } = useSettings();
  const { user } = useSession();
  // The statistics name matters in Chinese only: English names come from the catalog.
  const [namesEn, setNamesEn] = useState<Map<string, string | null>>(new Map());

  useDidShow(() => {
    if (locale === "en" && namesEn.size === 0)
      listMatters({ communityId: user?.staffCommunityIds[0], includeRetired: true }).then(
        (matters) => setNamesEn(new Map(matters.map((m) => [m.id, m.nameEn]))),
        () => undefined,
      );
  });

  if (load === "forbidden")
    return (
      <Page id="window-stats-page" title={t("ww.stats.title")}>
        <View className="state" id="wstats-forbidden">
          {t("ww.forbidden")}
        </View>
      </Page>
    );

  const days = stats ? dayRows(period, stats.byDay, allDays) : [];

  return (
    <Page id="window-stats-page" title={t("ww.stats.title")}>
      <PeriodPicker
        id="wstats"
        choices={WINDOW_PRESETS}
        choice={choice}
        label={(value) => t(LABEL[value])}
        onChoose={choose}
        period={period}
        today={today}
        fromLabel={t("ww.stats.from")}
        toLabel={t("ww.stats.to")}
        onCustom={setCustom}
      />

      <Text className="section-title" id="wstats-range">
        {t("ww.stats.range", { from: period.from, to: period.to })}
      </Text>

      <LoadState id="wstats" load={load} error={error} onRetry={retry} />

      {load === "ready" && stats ? (
        <View id="wstats-body">
          <StatsTiles>
            <StatsTile
              id="wstats-appointments"
              value={stats.appointments}
              label={t("ww.stats.appointments")}
              note={t("ww.stats.cancelledNote", { count: stats.cancelled })}
            />
            <StatsTile
              id="wstats-no-show"
              value={formatPercent(stats.noShowRate)}
              label={t("ww.stats.noShowRate")}
              note={t("ww.stats.noShowsNote", { count: stats.noShows })}
            />
            <StatsTile
              id="wstats-first-visit"
              variant="key"
              value={formatPercent(stats.firstVisitRate)}
              label={t("ww.stats.firstVisitRate")}
              note={t("ww.stats.firstVisitNote", {
                first: stats.firstVisitCompletions,
                completed: stats.completed,
              })}
            />
            <StatsTile
              id="wstats-completed"
              value={stats.completed}
              label={t("ww.stats.completed")}
              note={t("ww.stats.missingNote", { count: stats.materialsMissing })}
            />
            <StatsTile
              id="wstats-wait"
              variant="wide"
              value={
                stats.averageWaitMinutes === null
                  ? "—"
                  : t("ww.stats.minutes", { minutes: formatMinutes(stats.averageWaitMinutes) })
              }
              label={t("ww.stats.averageWait")}
              note={t("ww.stats.waitNote")}
            />
          </StatsTiles>
          <Text className="hint ws-note">{t("ww.stats.explain")}</Text>

          {stats.appointments === 0 ? (
            <Text className="hint ws-note" id="wstats-empty">
              {t("ww.stats.noData")}
            </Text>
          ) : (
            <View>
              <View className="card" id="wstats-matters">
                <Text className="card-title">{t("ww.stats.byMatter")}</Text>
                <StatsBars
                  wide
                  idPrefix="wstats-matter"
                  rows={stats.byMatter.map((row) => ({
                    key: row.matterId,
                    label: localized(locale, row.matterName, namesEn.get(row.matterId)),
                    count: row.appointments,
                  }))}
                />
              </View>
              <View className="card" id="wstats-days">
                <View className="card-title">
                  <Text>{t("ww.stats.byDay")}</Text>
                  <Text className="ws-toggle" id="wstats-all-days" onClick={() => setAllDays(!allDays)}>
                    {t(allDays ? "ww.stats.hideEmptyDays" : "ww.stats.showAllDays")}
                  </Text>
                </View>
                <StatsBars
                  wide
                  idPrefix="wstats-day"
                  rows={days.map((row) => ({
                    key: row.date,
                    label: `${formatDay(t, row.date)} ${weekdayOf(t, row.date)}`,
                    count: row.appointments,
                  }))}
                />
              </View>
            </View>
          )}
        </View>
      ) : null}
    </Page>
  );
}
