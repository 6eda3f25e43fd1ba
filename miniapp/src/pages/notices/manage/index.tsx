import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { useState } from "react";
import { listManaged, type ManageItem, type NoticeState, withdrawNotice } from "../../../api/notices";
import { Sheet } from "../../../components/BehalfDialog";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { usePagedList } from "../../../components/usePagedList";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import {
  isForbidden,
  isNoticeStaff,
  MANAGE_TABS,
  noticeErrorMessage,
  REASON_MAX,
  reasonProblem,
  scheduleErrorText,
  withdrawFailure,
} from "../../../utils/notices-compose";
import { categoryTone, flagTone } from "../../../utils/notices-format";
import { formatShanghai } from "../../../utils/time";
import { passScheduleError, takeLandingTab } from "../compose/parts/landing";
import "../../../components/Page/staff.scss";
import "./index.scss";

const isTab = (value: string | undefined): value is NoticeState =>
  (MANAGE_TABS as string[]).includes(value ?? "");

/** The withdrawal reason (kept with the notice and in the audit log), asked before withdrawing. */
function WithdrawSheet({
  item,
  busy,
  error,
  onConfirm,
  onDismiss,
}: {
  item: ManageItem;
  busy: boolean;
  error: string;
  onConfirm(reason: string): void;
  onDismiss(): void;
}) {
  const t = useT();
  const [reason, setReason] = useState("");
  const [invalid, setInvalid] = useState("");
  const confirm = () => {
    const problem = reasonProblem(reason);
    if (problem) setInvalid(t(problem.key, problem.params));
    else onConfirm(reason.trim());
  };
  return (
    <Sheet
      id="nm-withdraw-sheet"
      title={t("nw.m.withdrawTitle", { title: item.title })}
      footer={
        <>
          {invalid || error ? (
            <Text className="od-sheet-error" id="nm-withdraw-error">
              {invalid || error}
            </Text>
          ) : null}
          <View className="od-sheet-actions">
            <Button
              id="nm-withdraw-cancel"
              size="normal"
              className="od-sheet-action"
              disabled={busy}
              onClick={onDismiss}
            >
              {t("nw.c.back")}
            </Button>
            <Button
              id="nm-withdraw-confirm"
              size="normal"
              type="danger"
              className="od-sheet-action"
              loading={busy}
              onClick={confirm}
            >
              {t("nw.m.withdrawOk")}
            </Button>
          </View>
        </>
      }
    >
      <Text className="hint">{t(`nw.m.withdrawHint.${item.state}`)}</Text>
      <Textarea
        id="nm-withdraw-reason"
        className={`textarea od-sheet-textarea${invalid ? " textarea-invalid" : ""}`}
        value={reason}
        maxlength={REASON_MAX}
        placeholder={t("nw.m.withdrawPlaceholder")}
        onInput={(e) => {
          setReason(e.detail.value);
          setInvalid("");
        }}
      />
    </Sheet>
  );
}

/** The times a row shows, by state: scheduled for, published, expires; when it was last changed. */
function timesOf(t: ReturnType<typeof useT>, item: ManageItem): string[] {
  const parts: string[] = [];
  if (item.state === "scheduled" && item.publishAt)
    parts.push(t("nw.m.scheduledFor", { time: formatShanghai(item.publishAt) }));
  if (item.publishedAt) parts.push(t("nw.m.publishedAt", { time: formatShanghai(item.publishedAt) }));
  if (item.expiresAt && !item.expired)
    parts.push(t("nw.m.expiresAt", { time: formatShanghai(item.expiresAt) }));
  if (item.state === "draft") parts.push(t("nw.m.updatedAt", { time: formatShanghai(item.updatedAt) }));
  if (item.state === "withdrawn") parts.push(t("nw.m.withdrawnAt", { time: formatShanghai(item.updatedAt) }));
  return parts;
}

export default function NoticeManagePage() {
  const t = useT();
  const { user } = useSession();
  const params = useRouter().params;
  const [forbidden, setForbidden] = useState(!isNoticeStaff(user));
  const [asking, setAsking] = useState<ManageItem | null>(null);
  const [askError, setAskError] = useState("");
  const [busy, setBusy] = useState(false);

  const list = usePagedList<NoticeState, ManageItem, Awaited<ReturnType<typeof listManaged>>>({
    firstTab: isTab(params.tab) ? params.tab : "published",
    fetchPage: (tab, cursor) =>
      forbidden ? Promise.resolve({ items: [], nextCursor: null }) : listManaged(tab, cursor),
    errorText: (err) => {
      if (isForbidden(err)) setForbidden(true);
      return noticeErrorMessage(t, err);
    },
  });

  // Back from compose: show the tab where the notice now is (the list reloads on show anyway).
  useDidShow(() => {
    const tab = takeLandingTab();
    if (tab) list.switchTo(tab);
  });

  const refresh = () => void list.fetchFirst(list.tab);
  const go = (route: string, id?: string) =>
    void Taro.navigateTo({ url: id ? `${route}?id=${encodeURIComponent(id)}` : route });

  const withdraw = async (reason: string) => {
    if (!asking || busy) return;
    setBusy(true);
    setAskError("");
    try {
      await withdrawNotice(asking.id, reason);
      void Taro.showToast({ title: t("nw.m.withdrawn", { title: asking.title }), icon: "none" });
      setAsking(null);
      refresh();
    } catch (err) {
      const failure = withdrawFailure(err);
      if (failure === "withdrawn" || failure === "gone") {
        // Nothing left to withdraw: say so and show the list as it is now.
        setAsking(null);
        void Taro.showToast({
          title: t(failure === "withdrawn" ? "nw.m.alreadyWithdrawn" : "nw.m.gone", { title: asking.title }),
          icon: "none",
          duration: 2500,
        });
        refresh();
      } else if (failure === "conflict") setAskError(t("nw.m.withdrawConflict"));
      else setAskError(noticeErrorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  if (forbidden)
    return (
      <Page id="notices-manage-page" title={t("nw.manageTitle")}>
        <View className="state" id="nm-forbidden">
          {t("nw.forbidden")}
        </View>
      </Page>
    );

  return (
    <Page id="notices-manage-page" title={t("nw.manageTitle")}>
      <View className="nm-bar">
        <Button
          id="nm-new"
          type="primary"
          size="large"
          className="nm-bar-main"
          onClick={() => go(ROUTES.noticesCompose)}
        >
          {t("nw.m.new")}
        </Button>
        <Button id="nm-grids" size="large" className="nm-bar-side" onClick={() => go(ROUTES.noticesGrids)}>
          {t("nw.m.grids")}
        </Button>
      </View>

      <View className="lw-tabs nm-tabs">
        {MANAGE_TABS.map((tab) => (
          <View
            key={tab}
            id={`nm-tab-${tab}`}
            className={`lw-tab${list.tab === tab ? " lw-tab-on" : ""}`}
            onClick={() => list.switchTo(tab)}
          >
            {t(`nw.tab.${tab}`)}
          </View>
        ))}
      </View>

      <LoadState id="nm-list" load={list.load} error={list.error} onRetry={refresh} />

      {list.load === "ready" && list.items.length === 0 ? (
        <View className="state" id="nm-empty">
          {t(`nw.m.empty.${list.tab}`)}
        </View>
      ) : null}

      {list.load === "ready"
        ? list.items.map((item) => (
            <View key={item.id} id={`nm-item-${item.id}`} className="card nm-item">
              <View className="nm-head">
                <Text className="nm-title">{item.title}</Text>
              </View>
              <View className="nm-tags">
                <Text className={`badge badge-${categoryTone[item.category]}`}>
                  {t(`nr.category.${item.category}`)}
                </Text>
                {item.pinned ? (
                  <Text className={`badge badge-${flagTone.pinned}`} id={`nm-pinned-${item.id}`}>
                    {t("nw.tag.pinned")}
                  </Text>
                ) : null}
                {item.ackRequired ? (
                  <Text className="badge badge-green" id={`nm-ack-${item.id}`}>
                    {t("nw.tag.ack")}
                  </Text>
                ) : null}
                {item.expired ? (
                  <Text className="badge badge-grey" id={`nm-expired-${item.id}`}>
                    {t("nw.tag.expired")}
                  </Text>
                ) : null}
                {item.editedAt ? (
                  <Text className="badge badge-grey" id={`nm-edited-${item.id}`}>
                    {t("nw.tag.edited")}
                  </Text>
                ) : null}
              </View>
              <Text className="nm-meta" id={`nm-audience-${item.id}`}>
                {t("nw.m.audience", { audience: item.audienceLabel })}
              </Text>
              {timesOf(t, item).map((line) => (
                <Text key={line} className="nm-meta">
                  {line}
                </Text>
              ))}
              {item.state === "draft" && item.scheduleError ? (
                <Text className="nm-schedule-error" id={`nm-schedule-error-${item.id}`}>
                  {scheduleErrorText(t, item.scheduleError)}
                </Text>
              ) : null}
              {item.expired && item.expiresAt ? (
                <Text className="nm-meta">
                  {t("nw.m.expiredAt", { time: formatShanghai(item.expiresAt) })}
                </Text>
              ) : null}

              <View className="nm-actions">
                <Button
                  id={`nm-view-${item.id}`}
                  size="small"
                  fill="outline"
                  onClick={() => go(ROUTES.noticesNotice, item.id)}
                >
                  {t("nw.m.view")}
                </Button>
                {item.state !== "withdrawn" ? (
                  <Button
                    id={`nm-edit-${item.id}`}
                    size="small"
                    type="primary"
                    fill="outline"
                    onClick={() => {
                      passScheduleError(item.id, item.state === "draft" ? item.scheduleError : null);
                      go(ROUTES.noticesCompose, item.id);
                    }}
                  >
                    {t("nw.m.edit")}
                  </Button>
                ) : null}
                {item.state === "published" ? (
                  <Button
                    id={`nm-reach-${item.id}`}
                    size="small"
                    type="primary"
                    onClick={() => go(ROUTES.noticesReach, item.id)}
                  >
                    {t("nw.m.reach")}
                  </Button>
                ) : null}
                {item.state !== "withdrawn" ? (
                  <Button
                    id={`nm-withdraw-${item.id}`}
                    size="small"
                    fill="outline"
                    type="danger"
                    onClick={() => {
                      setAskError("");
                      setAsking(item);
                    }}
                  >
                    {t("nw.m.withdraw")}
                  </Button>
                ) : null}
              </View>
            </View>
          ))
        : null}

      {list.load === "ready" && list.cursor ? (
        <View className="nm-more">
          <Button id="nm-more" size="large" block loading={list.moreBusy} onClick={() => void list.more()}>
            {t("nw.m.more")}
          </Button>
        </View>
      ) : null}

      {asking ? (
        <WithdrawSheet
          item={asking}
          busy={busy}
          error={askError}
          onConfirm={(reason) => void withdraw(reason)}
          onDismiss={() => setAsking(null)}
        />
      ) : null}
    </Page>
  );
}
