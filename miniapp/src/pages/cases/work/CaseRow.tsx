import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import type { CaseSummary } from "../../../api/command-center";
import { useT } from "../../../i18n";
import {
  caseUrl,
  categoryLabel,
  dueDay,
  escalationLabel,
  needsTriage,
  overdueLabel,
  statusLabel,
} from "../../../utils/cases-work";
import { formatShanghai } from "../../../utils/time";
import "./CaseRow.scss";

/**
 * A case in a list (the case desk, the command center's overdue list): number, category, status,
 * who has it and its deadline; red with "超期 N 天" and its level once past the deadline. Tapping
 * opens the report's or the dispute's page. Ids: `<idPrefix>-<case id>` and `…-overdue`, `…-level`.
 */
export function CaseRow({ row, idPrefix }: { row: CaseSummary; idPrefix: string }) {
  const t = useT();
  const id = `${idPrefix}-${row.id}`;
  const overdue = overdueLabel(t, row);
  const level = escalationLabel(t, row.escalationLevel);
  const triage = needsTriage(row);
  return (
    <View
      id={id}
      className={`card cw-row${row.overdue ? " cw-row-overdue" : ""}${triage ? " cw-row-triage" : ""}`}
      hoverClass="cell-pressed"
      onClick={() => void Taro.navigateTo({ url: caseUrl(row) })}
    >
      <View className="cw-row-text">
        <View className="cw-row-head">
          <Text className="cw-row-category">{categoryLabel(t, row.category, row.kind)}</Text>
          <Text className={`badge ${triage ? "badge-orange" : "badge-grey"} cw-row-status`}>
            {statusLabel(t, row.status, row.kind)}
          </Text>
        </View>
        <Text className="cw-row-number" id={`${id}-number`}>
          {row.number}
        </Text>
        {overdue ? (
          <View className="cw-row-alert">
            <Text className="cw-row-overdue-text" id={`${id}-overdue`}>
              {overdue}
            </Text>
            {level ? (
              <Text
                className={`badge badge-red cw-row-level cw-level-${row.escalationLevel}`}
                id={`${id}-level`}
              >
                {level}
              </Text>
            ) : null}
          </View>
        ) : null}
        <Text className="cw-row-meta">
          {row.assigneeName ? t("cw.work.assignee", { name: row.assigneeName }) : t("cw.work.noAssignee")}
          {" · "}
          {row.dueAt ? t("cw.work.due", { date: dueDay(row.dueAt) ?? "" }) : t("cw.work.noDue")}
        </Text>
        <Text className="cw-row-meta">
          {t(row.kind === "dispute" ? "cw.work.filed" : "cw.work.created", {
            time: formatShanghai(row.createdAt),
          })}
        </Text>
      </View>
      <Text className="cell-arrow">›</Text>
    </View>
  );
}
