import { Text, View } from "@tarojs/components";
import type { ReactNode } from "react";
import { barWidths } from "../../utils/stats-period";
import "./index.scss";

/** The row of figures at the top of a statistics page. */
export function StatsTiles({ children }: { children: ReactNode }) {
  return <View className="stats-tiles">{children}</View>;
}

interface StatsTileProps {
  id: string;
  value: ReactNode;
  label: string;
  note?: string;
  /** "wide" takes the whole row; "key" is outlined as the figure that matters most. */
  variant?: "wide" | "key";
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
  tone?: "green" | "blue";
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
