import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Picker, ScrollView, Text, View } from "@tarojs/components";
import { useDidShow } from "@tarojs/taro";
import { useRef, useState } from "react";
import { getStats, type LegalCategory, type LegalStats, type Outcome } from "../../../api/legal-work";
import { Page } from "../../../components/Page";
import { type MessageKey, useT } from "../../../i18n";
import { isForbidden, legalErrorMessage } from "../../../utils/legal-work-errors";
import { shanghaiDate } from "../../../utils/time";
import {
  barWidths,
  formatPercent,
  type Period,
  PRESETS,
  type Preset,
  periodProblem,
  presetPeriod,
} from "./period";
import "../work.scss";
import "./index.scss";
import { LoadState } from "../../../components/LoadState";

type Load = "loading" | "ready" | "forbidden" | "error";
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

function Bars<K extends string>(props: {
  idPrefix: string;
  counts: Record<K, number>;
  order: K[];
  label(key: K): string;
  tone?: "green" | "blue";
}) {
  const widths = barWidths(props.counts);
  return (
    <View className="stats-bars">
      {props.order.map((key) => (
        <View key={key} className="stats-bar-row" id={`${props.idPrefix}-${key}`}>
          <Text className="stats-bar-label">{props.label(key)}</Text>
          <View className="stats-bar-track">
            <View
              className={`stats-bar-fill stats-bar-${props.tone ?? "green"}`}
              style={{ width: `${widths[key]}%` }}
            />
          </View>
          <Text className="stats-bar-count">{props.counts[key]}</Text>
        </View>
      ))}
    </View>
  );
}

export default function StatsPage() {
  const t = useT();
  const today = shanghaiDate();
  const [choice, setChoice] = useState<Choice>("this_month");
  const [period, setPeriod] = useState<Period>(() => presetPeriod("this_month", today));
  const [stats, setStats] = useState<LegalStats | null>(null);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const latest = useRef(0);

  const fetchStats = async (next: Period) => {
    const ticket = ++latest.current;
    const problem = periodProblem(next);
    if (problem) {
      setError(t(problem === "order" ? "lw.field.toBeforeFrom" : "stats.rangeTooLong"));
      setLoad("error");
      return;
    }
    setLoad("loading");
    try {
      const body = await getStats(next.from, next.to);
      if (ticket !== latest.current) return;
      setStats(body);
      setLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(legalErrorMessage(t, err));
      setLoad(isForbidden(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    void fetchStats(period);
  });

  const choose = (next: Choice) => {
    setChoice(next);
    if (next === "custom") return;
    const range = presetPeriod(next, today);
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
      <View className="lw-chips stats-presets">
        {[...PRESETS, "custom" as const].map((value) => (
          <View
            key={value}
            id={`stats-preset-${value}`}
            className={`lw-chip${choice === value ? " lw-chip-on" : ""}`}
            onClick={() => choose(value)}
          >
            {t(PRESET_LABEL[value])}
          </View>
        ))}
      </View>

      {choice === "custom" ? (
        <View className="card stats-custom">
          <View className="lw-field-row">
            <Text className="lw-field-label">{t("stats.from")}</Text>
            <View className="lw-field-control">
              <Picker
                mode="date"
                value={period.from}
                end={today}
                onChange={(e) => setCustom({ from: String(e.detail.value) })}
              >
                <View className="lw-picker" id="stats-from">
                  <Text>{period.from}</Text>
                  <Text className="lw-arrow">›</Text>
                </View>
              </Picker>
            </View>
          </View>
          <View className="lw-field-row">
            <Text className="lw-field-label">{t("stats.to")}</Text>
            <View className="lw-field-control">
              <Picker
                mode="date"
                value={period.to}
                onChange={(e) => setCustom({ to: String(e.detail.value) })}
              >
                <View className="lw-picker" id="stats-to">
                  <Text>{period.to}</Text>
                  <Text className="lw-arrow">›</Text>
                </View>
              </Picker>
            </View>
          </View>
        </View>
      ) : null}

      <Text className="section-title" id="stats-range">
        {t("stats.range", { from: period.from, to: period.to })}
      </Text>

      <LoadState
        id="stats"
        load={load}
        error={error}
        onRetry={periodProblem(period) ? undefined : () => fetchStats(period)}
      />

      {load === "ready" && stats ? (
        <View id="stats-body">
          <View className="stats-tiles">
            <View className="stats-tile" id="stats-total">
              <Text className="stats-tile-value">{stats.bookings}</Text>
              <Text className="stats-tile-label">{t("stats.bookings")}</Text>
            </View>
            <View className="stats-tile" id="stats-attended">
              <Text className="stats-tile-value">{stats.attended}</Text>
              <Text className="stats-tile-label">{t("stats.attended")}</Text>
              <Text className="stats-tile-note">{t("stats.noShows", { count: stats.noShows })}</Text>
            </View>
            <View className="stats-tile" id="stats-noshow-rate">
              <Text className="stats-tile-value">{formatPercent(stats.noShowRate)}</Text>
              <Text className="stats-tile-label">{t("stats.noShowRate")}</Text>
            </View>
            <View className="stats-tile" id="stats-cancelled">
              <Text className="stats-tile-value">{cancelled}</Text>
              <Text className="stats-tile-label">{t("stats.cancelled")}</Text>
              <Text className="stats-tile-note">
                {t("stats.cancelledDetail", {
                  resident: stats.cancelled.byResident,
                  center: stats.cancelled.byCenter,
                })}
              </Text>
            </View>
          </View>

          {stats.bookings === 0 ? (
            <Text className="hint stats-note" id="stats-empty">
              {t("stats.noData")}
            </Text>
          ) : (
            <View>
              <View className="card" id="stats-categories">
                <Text className="card-title">{t("stats.byCategory")}</Text>
                <Bars
                  idPrefix="stats-category"
                  counts={stats.byCategory}
                  order={categoryOrder}
                  label={(key) => t(`lw.category.${key}`)}
                />
              </View>
              <View className="card" id="stats-outcomes">
                <Text className="card-title">{t("stats.outcomes")}</Text>
                <Bars
                  idPrefix="stats-outcome"
                  counts={stats.outcomes}
                  order={OUTCOME_ORDER}
                  label={(key) => t(`lw.outcome.${key}`)}
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
