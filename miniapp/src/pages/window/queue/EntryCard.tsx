import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import type { QueueEntry } from "../../../api/window-work";
import { useT } from "../../../i18n";
import { useSettings } from "../../../store/settings";
import { shanghaiClock } from "../../../utils/time";
import { localized, spacedCode } from "../../../utils/window-format";
import { canRecordResult, minutesSince, STATUS_TONE } from "../../../utils/window-work-queue";

interface Props {
  entry: QueueEntry;
  /** Just checked in (or found by its code): highlighted, with its result panel. */
  focused: boolean;
  /** The entry's check-in button is offered (today, booked or marked no-show). */
  checkInOffered: boolean;
  proxyOffered: boolean;
  proxyTaken: boolean;
  /** The button being worked on ("checkin" / "done"), for its spinner. */
  busy: "checkin" | "done" | null;
  now: string;
  onCheckIn(): void;
  onDone(): void;
  onMissing(): void;
  onProxy(): void;
}

export function toneClass(tone: string): string {
  return tone === "blue" ? "ww-badge-blue" : `badge-${tone}`;
}

/** One appointment in the day's queue: ticket, resident, matter, status and what staff can do next. */
export function EntryCard(props: Props) {
  const { entry, focused } = props;
  const t = useT();
  const { locale } = useSettings();
  const cancelled = entry.status === "cancelled" || entry.status === "cancelled_by_center";
  const waited = minutesSince(entry.checkedInAt, entry.completedAt ?? props.now);
  const resultOpen = canRecordResult(entry);
  const materialNames = entry.missing.map((m) => localized(locale, m.name, m.nameEn)).join("、");

  return (
    <View
      id={`queue-entry-${entry.id}`}
      className={`ww-entry${focused ? " ww-entry-focus" : ""}${cancelled ? " ww-entry-cancelled" : ""}`}
    >
      <View className="ww-entry-head">
        <Text className="ww-ticket" id={`queue-ticket-${entry.id}`}>
          {spacedCode(entry.ticketCode)}
        </Text>
        <Text className={`badge ${toneClass(STATUS_TONE[entry.status])}`} id={`queue-status-${entry.id}`}>
          {t(`wr.status.${entry.status}`)}
        </Text>
      </View>
      <View className="ww-entry-who">
        <Text className="ww-entry-name">{entry.residentName}</Text>
        {entry.bookedVia === "staff" ? (
          <Text className="badge badge-grey" id={`queue-by-staff-${entry.id}`}>
            {t("ww.entry.byStaff")}
          </Text>
        ) : null}
        {props.proxyTaken ? <Text className="badge badge-green">{t("ww.entry.proxyTaken")}</Text> : null}
      </View>
      <Text className="ww-entry-matter">
        {localized(locale, entry.matterName, entry.matterNameEn)}
        <Text className="muted"> · {t(`wr.category.${entry.category}`)}</Text>
      </Text>

      {entry.checkedInAt ? (
        <Text className="ww-entry-line">
          {t("ww.entry.checkedInAt", { time: shanghaiClock(entry.checkedInAt) })}
          {waited !== null && !entry.completedAt ? ` · ${t("ww.entry.waiting", { minutes: waited })}` : ""}
        </Text>
      ) : null}
      {entry.completedAt ? (
        <Text className="ww-entry-line">
          {t("ww.entry.completedAt", { time: shanghaiClock(entry.completedAt) })}
          {waited !== null ? ` · ${t("ww.entry.waited", { minutes: waited })}` : ""}
        </Text>
      ) : null}
      {entry.missing.length ? (
        <Text className="ww-entry-missing" id={`queue-missing-${entry.id}`}>
          {t("ww.entry.missing", { names: materialNames })}
        </Text>
      ) : null}
      {entry.note ? <Text className="ww-entry-line">{t("ww.entry.note", { note: entry.note })}</Text> : null}

      {resultOpen ? (
        <View className="ww-result-panel" id={`result-panel-${entry.id}`}>
          <Button
            id={`result-done-${entry.id}`}
            type="primary"
            size="large"
            className="ww-result-button"
            loading={props.busy === "done"}
            onClick={props.onDone}
          >
            {t("ww.entry.done")}
          </Button>
          <Button
            id={`result-missing-${entry.id}`}
            type="warning"
            fill="outline"
            size="large"
            className="ww-result-button"
            disabled={props.busy === "done"}
            onClick={props.onMissing}
          >
            {t("ww.entry.materialsMissing")}
          </Button>
        </View>
      ) : null}

      {props.checkInOffered || props.proxyOffered ? (
        <View className="ww-entry-actions">
          {props.checkInOffered ? (
            <Button
              id={`checkin-${entry.id}`}
              size="small"
              type="primary"
              fill="outline"
              loading={props.busy === "checkin"}
              onClick={props.onCheckIn}
            >
              {t("ww.entry.checkIn")}
            </Button>
          ) : null}
          {props.proxyOffered ? (
            <Button id={`proxy-open-${entry.id}`} size="small" fill="outline" onClick={props.onProxy}>
              {t("ww.entry.proxy")}
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
