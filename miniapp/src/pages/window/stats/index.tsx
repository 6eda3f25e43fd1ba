import { Picker, Text, View } from "@tarojs/components";
import { useDidShow } from "@tarojs/taro";
import { useRef, useState } from "react";
import { getWindowStats, listMatters, type WindowStats } from "../../../api/window-work";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { type MessageKey, useT } from "../../../i18n";
import { useSession } from "../../../store/session";
import { useSettings } from "../../../store/settings";
import { formatDay, weekdayOf } from "../../../utils/legal-format";
import { shanghaiDate } from "../../../utils/time";
import { localized } from "../../../utils/window-format";
import { isForbidden, isNoCenter, windowErrorMessage } from "../../../utils/window-work-errors";
import {
  barWidths,
  dayRows,
  formatMinutes,
  formatPercent,
  MAX_WINDOW_STATS_DAYS,
  type Period,
  WINDOW_PRESETS,
  type WindowPreset,
  windowPeriodProblem,
  windowPresetPeriod,
} from "../../../utils/window-work-period";
import "../../legal/work.scss";
import "./index.scss";

type Load = "loading" | "ready" | "forbidden" | "error";
type Choice = WindowPreset | "custom";

const LABEL: Record<Choice, MessageKey> = {
  this_week: "ww.stats.this_week",
  this_month: "ww.stats.this_month",
  last_30: "ww.stats.last_30",
  custom: "ww.stats.custom",
};

interface BarRow {
  key: string;
  label: string;
  count: number;
}

function Bars({ idPrefix, rows }: { idPrefix: string; rows: BarRow[] }) {
  const widths = barWidths(Object.fromEntries(rows.map((row) => [row.key, row.count])));
  return (
    <View className="ws-bars">
      {rows.map((row) => (
        <View key={row.key} className="ws-bar-row" id={`${idPrefix}-${row.key}`}>
          <Text className="ws-bar-label">{row.label}</Text>
          <View className="ws-bar-track">
            <View className="ws-bar-fill" style={{ width: `${widths[row.key] ?? 0}%` }} />
          </View>
          <Text className="ws-bar-count">{row.count}</Text>
        </View>
      ))}
    </View>
  );
}

export default function WindowStatsPage() {
  const t = useT();
  const today = shanghaiDate();
  const [choice, setChoice] = useState<Choice>("this_week");
  const [period, setPeriod] = useState<Period>(() => windowPresetPeriod("this_week", today));
  const [stats, setStats] = useState<WindowStats | null>(null);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [allDays, setAllDays] = useState(false);
  const { locale } = useSettings();
  const { user } = useSession();
  // The statistics name matters in Chinese only: English names come from the catalog.
  const [namesEn, setNamesEn] = useState<Map<string, string | null>>(new Map());
  const latest = useRef(0);

  const fetchStats = async (next: Period) => {
    const ticket = ++latest.current;
    const problem = windowPeriodProblem(next);
    if (problem) {
      setError(
        problem === "order"
          ? t("ww.field.toBeforeFrom")
          : t("ww.stats.rangeTooLong", { days: MAX_WINDOW_STATS_DAYS }),
      );
      setLoad("error");
      return;
    }
    setLoad("loading");
    try {
      const body = await getWindowStats(next.from, next.to);
      if (ticket !== latest.current) return;
      setStats(body);
      setLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(isNoCenter(err) ? `${t("ww.noCenter")}：${t("ww.noCenterHint")}` : windowErrorMessage(t, err));
      setLoad(isForbidden(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    void fetchStats(period);
    if (locale === "en" && namesEn.size === 0)
      listMatters({ communityId: user?.staffCommunityIds[0], includeRetired: true }).then(
        (matters) => setNamesEn(new Map(matters.map((m) => [m.id, m.nameEn]))),
        () => undefined,
      );
  });

  const choose = (next: Choice) => {
    setChoice(next);
    if (next === "custom") return;
    const range = windowPresetPeriod(next, today);
    setPeriod(range);
    void fetchStats(range);
  };

  const setCustom = (patch: Partial<Period>) => {
    const next = { ...period, ...patch };
    setPeriod(next);
    void fetchStats(next);
  };

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
      <View className="lw-chips ws-presets">
        {[...WINDOW_PRESETS, "custom" as const].map((value) => (
          <View
            key={value}
            id={`wstats-preset-${value}`}
            className={`lw-chip${choice === value ? " lw-chip-on" : ""}`}
            onClick={() => choose(value)}
          >
            {t(LABEL[value])}
          </View>
        ))}
      </View>

      {choice === "custom" ? (
        <View className="card ws-custom">
          <View className="lw-field-row">
            <Text className="lw-field-label">{t("ww.stats.from")}</Text>
            <View className="lw-field-control">
              <Picker
                mode="date"
                value={period.from}
                end={today}
                onChange={(e) => setCustom({ from: String(e.detail.value) })}
              >
                <View className="lw-picker" id="wstats-from">
                  <Text>{period.from}</Text>
                  <Text className="lw-arrow">›</Text>
                </View>
              </Picker>
            </View>
          </View>
          <View className="lw-field-row">
            <Text className="lw-field-label">{t("ww.stats.to")}</Text>
            <View className="lw-field-control">
              <Picker
                mode="date"
                value={period.to}
                onChange={(e) => setCustom({ to: String(e.detail.value) })}
              >
                <View className="lw-picker" id="wstats-to">
                  <Text>{period.to}</Text>
                  <Text className="lw-arrow">›</Text>
                </View>
              </Picker>
            </View>
          </View>
        </View>
      ) : null}

      <Text className="section-title" id="wstats-range">
        {t("ww.stats.range", { from: period.from, to: period.to })}
      </Text>

      <LoadState
        id="wstats"
        load={load}
        error={error}
        onRetry={windowPeriodProblem(period) ? undefined : () => fetchStats(period)}
      />

      {load === "ready" && stats ? (
        <View id="wstats-body">
          <View className="ws-tiles">
            <View className="ws-tile" id="wstats-appointments">
              <Text className="ws-tile-value">{stats.appointments}</Text>
              <Text className="ws-tile-label">{t("ww.stats.appointments")}</Text>
              <Text className="ws-tile-note">{t("ww.stats.cancelledNote", { count: stats.cancelled })}</Text>
            </View>
            <View className="ws-tile" id="wstats-no-show">
              <Text className="ws-tile-value">{formatPercent(stats.noShowRate)}</Text>
              <Text className="ws-tile-label">{t("ww.stats.noShowRate")}</Text>
              <Text className="ws-tile-note">{t("ww.stats.noShowsNote", { count: stats.noShows })}</Text>
            </View>
            <View className="ws-tile ws-tile-key" id="wstats-first-visit">
              <Text className="ws-tile-value">{formatPercent(stats.firstVisitRate)}</Text>
              <Text className="ws-tile-label">{t("ww.stats.firstVisitRate")}</Text>
              <Text className="ws-tile-note">
                {t("ww.stats.firstVisitNote", {
                  first: stats.firstVisitCompletions,
                  completed: stats.completed,
                })}
              </Text>
            </View>
            <View className="ws-tile" id="wstats-completed">
              <Text className="ws-tile-value">{stats.completed}</Text>
              <Text className="ws-tile-label">{t("ww.stats.completed")}</Text>
              <Text className="ws-tile-note">
                {t("ww.stats.missingNote", { count: stats.materialsMissing })}
              </Text>
            </View>
            <View className="ws-tile ws-tile-wide" id="wstats-wait">
              <Text className="ws-tile-value">
                {stats.averageWaitMinutes === null
                  ? "—"
                  : t("ww.stats.minutes", { minutes: formatMinutes(stats.averageWaitMinutes) })}
              </Text>
              <Text className="ws-tile-label">{t("ww.stats.averageWait")}</Text>
              <Text className="ws-tile-note">{t("ww.stats.waitNote")}</Text>
            </View>
          </View>
          <Text className="hint ws-note">{t("ww.stats.explain")}</Text>

          {stats.appointments === 0 ? (
            <Text className="hint ws-note" id="wstats-empty">
              {t("ww.stats.noData")}
            </Text>
          ) : (
            <View>
              <View className="card" id="wstats-matters">
                <Text className="card-title">{t("ww.stats.byMatter")}</Text>
                <Bars
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
                <Bars
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
