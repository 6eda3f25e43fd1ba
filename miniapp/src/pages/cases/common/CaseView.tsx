import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow, usePullDownRefresh } from "@tarojs/taro";
import { useState } from "react";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { deadlineText, eventLabel, eventNote, overdueText } from "../../../utils/cases-labels";
import { caseErrorText, isRefusal } from "../../../utils/cases-rules";
import { formatShanghai } from "../../../utils/time";
import { type CaseEvent, History } from "./parts";

type Load = "loading" | "ready" | "error";

interface ViewOptions<V> {
  /** After each fetch that found the case. */
  onFetched?(found: V): void;
  /** True when this show of the page should not fetch again (back from a photo preview). */
  skipShow?(): boolean;
}

/**
 * One case (report or dispute) on its page: fetched on each show and on a pull down. Once shown, a
 * failed fetch keeps it and says why in a toast; before, the page says why (with a retry unless refused).
 */
export function useCaseView<V>(get: () => Promise<V>, options: ViewOptions<V> = {}) {
  const t = useT();
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [refused, setRefused] = useState(false);
  const [item, setItem] = useState<V | null>(null);

  const fetch = async () => {
    try {
      const found = await get();
      setItem(found);
      setLoad("ready");
      options.onFetched?.(found);
    } catch (err) {
      setRefused(isRefusal(err));
      setError(caseErrorText(t, err));
      setLoad((prev) => (prev === "ready" ? prev : "error"));
      if (item) void Taro.showToast({ title: caseErrorText(t, err), icon: "none" });
    }
  };

  useDidShow(() => {
    if (options.skipShow?.()) return;
    void fetch();
  });

  usePullDownRefresh(() => {
    const done = () => Taro.stopPullDownRefresh();
    fetch().then(done, done);
  });

  return { load, error, refused, item, setItem, fetch };
}

/** The page while its case is not there: loading, or why not. */
export function CaseLoadPage({
  pageId,
  title,
  id,
  view,
}: {
  pageId: string;
  title: string;
  id: string;
  view: Pick<ReturnType<typeof useCaseView>, "load" | "error" | "refused" | "fetch">;
}) {
  return (
    <Page id={pageId} className="cr-page" title={title}>
      <LoadState
        id={id}
        load={view.load}
        error={view.error}
        onRetry={view.refused ? undefined : () => void view.fetch()}
      />
    </Page>
  );
}

/** The case's number, to be copied. */
export function NumberRow({ number }: { number: string }) {
  const t = useT();
  return (
    <View className="cr-row">
      <Text className="cr-row-label">{t("cr.detail.number")}</Text>
      <Text className="cr-row-value cr-number" id="case-number" userSelect>
        {number}
      </Text>
    </View>
  );
}

interface Deadline {
  dueDate: string | null;
  dueWorkingDays: number | null;
  overdue: boolean;
  overdueDays: number;
}

/** Who has the case (or `none`), by when, and how late. */
export function AssigneeRow({
  id,
  label,
  name,
  deadline,
}: {
  id: string;
  label: string;
  name: string;
  deadline: Deadline;
}) {
  const t = useT();
  const due = deadlineText(t, deadline);
  const late = overdueText(t, deadline);
  return (
    <View className="cr-row">
      <Text className="cr-row-label">{label}</Text>
      <View className="cr-row-value" id={id}>
        <Text>{name}</Text>
        {due ? (
          <Text className={`cr-row-sub${deadline.overdue ? " cr-overdue" : ""}`} id="case-deadline">
            {due}
          </Text>
        ) : null}
        {late ? (
          <Text className="cr-overdue" id="case-overdue">
            {late}
          </Text>
        ) : null}
      </View>
    </View>
  );
}

/** The actions the viewer may take (`action-<action>`), each opening its sheet. */
export function ActionButtons<A extends string>({
  actions,
  className,
  label,
  type,
  fill,
  onPick,
}: {
  actions: A[];
  /** `<className>s` around `<className>` buttons. */
  className: string;
  label(action: A): string;
  type(action: A): "default" | "primary";
  fill(action: A): "solid" | "outline";
  onPick(action: A): void;
}) {
  const t = useT();
  if (actions.length === 0) return null;
  return (
    <View className="card" id="case-actions">
      <Text className="card-title">{t("cr.act.title")}</Text>
      <View className={`${className}s`}>
        {actions.map((action) => (
          <Button
            key={action}
            id={`action-${action}`}
            size="large"
            type={type(action)}
            fill={fill(action)}
            className={className}
            onClick={() => onPick(action)}
          >
            {label(action)}
          </Button>
        ))}
      </View>
    </View>
  );
}

/** What was done to the case, newest first. */
export function CaseHistory({ events, onPreview }: { events: CaseEvent[]; onPreview?(): void }) {
  const t = useT();
  return (
    <View className="card" id="case-history">
      <Text className="card-title">{t("cr.detail.history")}</Text>
      <History
        events={events}
        idPrefix="case-event"
        label={(event) => eventLabel(t, event)}
        note={(event) => eventNote(t, event)}
        at={(event) => formatShanghai(event.at)}
        onPreview={onPreview}
      />
    </View>
  );
}

/** The top of a case's summary card: what kind of case, its status as a badge, then its number. */
export function SummaryHead({
  kindClass,
  kindId,
  kind,
  tone,
  status,
  number,
}: {
  kindClass: string;
  kindId: string;
  kind: string;
  tone: string;
  status: string;
  number: string;
}) {
  return (
    <>
      <View className="card-title">
        <Text className={kindClass} id={kindId}>
          {kind}
        </Text>
        <Text className={`badge badge-${tone}`} id="case-status">
          {status}
        </Text>
      </View>
      <NumberRow number={number} />
    </>
  );
}
