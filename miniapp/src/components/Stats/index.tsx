import { Text, View } from "@tarojs/components";
import type { ReactNode } from "react";
import { barWidths, formatPercent } from "../../utils/stats-period";
import "./index.scss";

// Charts are Views with CSS widths, not a chart library: a library (echarts, F2…) lands in the
// weapp main package through Taro 4.2's shared vendors.js, whichever subpackage imports it, and a
// canvas is not drawn in the weapp test harness (miniprogram-simulate), so nothing could check it.

/** The row of figures at the top of a statistics page. */
export function StatsTiles({ children }: { children: ReactNode }) {
  return <View className="stats-tiles">{children}</View>;
}

interface StatsTileProps {
  id: string;
  value: ReactNode;
  label: string;
  note?: string;
  /**
   * "wide" takes the whole row; "key" is outlined as the figure that matters most; "alert" is red
   * (cases past their deadline) and only when there is something to be alarmed about.
   */
  variant?: "wide" | "key" | "alert";
}

export function StatsTile({ id, value, label, note, variant }: StatsTileProps) {
  return (
    <View className={`stats-tile${variant ? ` stats-tile-${variant}` : ""}`} id={id}>
      <Text className="stats-tile-value">{value}</Text>
      <Text className="stats-tile-label">{label}</Text>
      {note === undefined ? null : <Text className="stats-tile-note">{note}</Text>}
    </View>
  );
}

export interface StatsBarRow {
  key: string;
  label: string;
  count: number;
}

interface StatsBarsProps {
  /** Each row's id is `<idPrefix>-<key>`. */
  idPrefix: string;
  rows: StatsBarRow[];
  tone?: "green" | "blue" | "orange" | "red";
  /** Room for longer labels (matter names, days). */
  wide?: boolean;
}

/** Horizontal bars, each scaled to the largest count. */
export function StatsBars({ idPrefix, rows, tone = "green", wide = false }: StatsBarsProps) {
  const widths = barWidths(Object.fromEntries(rows.map((row) => [row.key, row.count])));
  return (
    <View className={`stats-bars${wide ? " stats-bars-wide" : ""}`}>
      {rows.map((row) => (
        <View key={row.key} className="stats-bar-row" id={`${idPrefix}-${row.key}`}>
          <Text className="stats-bar-label">{row.label}</Text>
          <View className="stats-bar-track">
            <View
              className={`stats-bar-fill stats-bar-${tone}`}
              style={{ width: `${widths[row.key] ?? 0}%` }}
            />
          </View>
          <Text className="stats-bar-count">{row.count}</Text>
        </View>
      ))}
    </View>
  );
}

export interface StatsRateRow {
  key: string;
  label: string;
  /** 0…1, or null when there is nothing to divide by (shown "—", no bar). */
  rate: number | null;
  /** The figures behind the rate ("12/15 按时"). */
  detail?: string;
}

interface StatsRateBarsProps {
  /** Each row's id is `<idPrefix>-<key>`. */
  idPrefix: string;
  rows: StatsRateRow[];
  /** A rate below this is drawn orange (a department late too often, a vote short of its quorum). */
  warnBelow?: number;
}

/**
 * Bars of a share of a whole (on-time rate, turnout), each against 100 % rather than the largest
 * row, the label and the percentage above the bar like the turnout page's buildings.
 */
export function StatsRateBars({ idPrefix, rows, warnBelow }: StatsRateBarsProps) {
  return (
    <View className="stats-rates">
      {rows.map((row) => {
        const pct = row.rate === null ? 0 : Math.max(0, Math.min(100, row.rate * 100));
        const warn = warnBelow !== undefined && row.rate !== null && row.rate < warnBelow;
        return (
          <View key={row.key} className="stats-rate-row" id={`${idPrefix}-${row.key}`}>
            <View className="stats-rate-head">
              <Text className="stats-rate-label">{row.label}</Text>
              <Text className={`stats-rate-value${warn ? " stats-rate-warn" : ""}`}>
                {formatPercent(row.rate)}
              </Text>
            </View>
            <View className="stats-bar-track stats-rate-track">
              <View
                className={`stats-bar-fill ${warn ? "stats-bar-orange" : "stats-bar-green"}`}
                style={{ width: `${pct > 0 ? Math.max(2, pct) : 0}%` }}
              />
            </View>
            {row.detail ? <Text className="stats-rate-detail">{row.detail}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}

export interface StatsPart {
  key: string;
  label: string;
  count: number;
  /** Its colour; without one the parts take the palette in order. */
  tone?: StatsTone;
}

const PART_TONES = ["green", "blue", "orange", "red", "purple", "teal", "grey"] as const;
export type StatsTone = (typeof PART_TONES)[number];

/**
 * One bar split into parts (cases by status, mediation outcomes), with a legend that carries the
 * counts: the parts' widths alone would not say how many. Ids: `<id>` and `<id>-<key>` per part.
 */
export function StatsStack({ id, parts }: { id: string; parts: StatsPart[] }) {
  const total = parts.reduce((sum, part) => sum + part.count, 0);
  const toneOf = (part: StatsPart, index: number) => part.tone ?? PART_TONES[index % PART_TONES.length];
  return (
    <View className="stats-stack" id={id}>
      <View className="stats-stack-bar">
        {total === 0
          ? null
          : parts.map((part, index) =>
              part.count > 0 ? (
                <View
                  key={part.key}
                  className={`stats-stack-part stats-bar-${toneOf(part, index)}`}
                  style={{ width: `${(part.count * 100) / total}%` }}
                />
              ) : null,
            )}
      </View>
      <View className="stats-legend">
        {parts.map((part, index) => (
          <View key={part.key} className="stats-legend-item" id={`${id}-${part.key}`}>
            <View className={`stats-legend-dot stats-bar-${toneOf(part, index)}`} />
            <Text className="stats-legend-label">{part.label}</Text>
            <Text className="stats-legend-count">{part.count}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
