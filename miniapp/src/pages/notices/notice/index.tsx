import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Image, Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import { acknowledgeNotice, getNotice, type NoticeDetail } from "../../../api/notices";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import {
  ackedText,
  ackReasonKey,
  ackState,
  categoryKey,
  categoryTone,
  editedText,
  flagKey,
  type Gone,
  goneFrom,
  noteAckSeen,
  noticeErrorText,
  subscribeToastKey,
} from "../../../utils/notices-format";
import { alertTemplate, askForAlert } from "../../../utils/subscribe";
import { formatShanghai } from "../../../utils/time";
import { NoticeBody } from "../common/NoticeBody";
import "../common/notices.scss";
import "./index.scss";

type Load = "loading" | "ready" | "error" | "gone";

/** Refusals of 已知晓 after which the notice on screen is out of date. */
const STALE = new Set(["ACK_NOT_REQUIRED", "NOTICE_NOT_PUBLISHED", "NOT_VERIFIED", "NOT_IN_AUDIENCE"]);

function backToFeed(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: ROUTES.noticesFeed });
}

export default function NoticePage() {
  const t = useT();
  const { user } = useSession();
  const staff = user?.roles.includes("staff") ?? false;
  const [noticeId] = useState(() => Taro.getCurrentInstance().router?.params.id ?? "");

  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [gone, setGone] = useState<Gone | null>(null);
  const [notice, setNotice] = useState<NoticeDetail | null>(null);
  const [ackBusy, setAckBusy] = useState(false);
  // Once shown, a failed refresh (coming back to the page offline) keeps the notice on screen.
  const shown = useRef(false);
  // In WeChat, closing the image preview shows the page again: that show must not refetch (and
  // re-sign every picture). On the web the preview is an overlay and the page is never hidden.
  const previewing = useRef(false);
  const [alertsOn] = useState(() => alertTemplate("notice.emergency") !== null);

  const show = (found: NoticeDetail) => {
    setNotice(found);
    noteAckSeen(found);
  };

  const fetchNotice = async () => {
    if (!noticeId) {
      setGone({ kind: "missing" });
      setLoad("gone");
      return;
    }
    try {
      show(await getNotice(noticeId));
      shown.current = true;
      setLoad("ready");
    } catch (err) {
      const missing = goneFrom(err);
      if (missing) {
        setGone(missing);
        setLoad("gone");
      } else if (shown.current) {
        void Taro.showToast({ title: noticeErrorText(t, err), icon: "none" });
      } else {
        setError(noticeErrorText(t, err));
        setLoad("error");
      }
    }
  };

  useDidShow(() => {
    if (previewing.current) {
      previewing.current = false;
      return;
    }
    void fetchNotice();
  });

  const preview = (current: string, urls: string[]) => {
    previewing.current = process.env.TARO_ENV === "weapp";
    void Taro.previewImage({ current, urls }).catch(() => {
      previewing.current = false;
    });
  };

  // Straight from the tap: WeChat refuses the request after an await.
  const askAlerts = () => {
    void askForAlert("notice.emergency").then((outcome) =>
      Taro.showToast({ title: t(subscribeToastKey(outcome)), icon: "none" }),
    );
  };

  const retry = () => {
    setLoad("loading");
    void fetchNotice();
  };

  const acknowledge = async () => {
    if (!notice || ackBusy) return;
    setAckBusy(true);
    try {
      show(await acknowledgeNotice(notice.id));
      void Taro.showToast({ title: t("nr.notice.ackDone"), icon: "success" });
    } catch (err) {
      const missing = goneFrom(err);
      if (missing) {
        setGone(missing);
        setLoad("gone");
        return;
      }
      void Taro.showToast({ title: noticeErrorText(t, err), icon: "none" });
      if (err instanceof ApiError && STALE.has(err.code)) void fetchNotice();
    } finally {
      setAckBusy(false);
    }
  };

  const renderHead = (n: NoticeDetail) => (
    <View className="card" id="nd-head">
      <View className="nd-tags">
        {n.pinned ? (
          <Text id="nd-pinned" className="badge badge-red">
            {t(flagKey("pinned"))}
          </Text>
        ) : null}
        <Text id="nd-category" className={`badge badge-${categoryTone[n.category]}`}>
          {t(categoryKey(n.category))}
        </Text>
      </View>
      <Text id="nd-title" className="nd-title">
        {n.title}
      </Text>
      <View className="nd-meta">
        {n.publishedAt ? (
          <Text id="nd-time">{t("nr.notice.publishedAt", { time: formatShanghai(n.publishedAt) })}</Text>
        ) : null}
        <Text id="nd-publisher">{t("nr.notice.publisher", { name: n.createdByName })}</Text>
        {n.editedAt ? <Text id="nd-edited">{editedText(t, n.editedAt)}</Text> : null}
      </View>
    </View>
  );

  /** Staff may open a notice residents cannot see (yet, or any more): say so. */
  const renderState = (n: NoticeDetail) => {
    if (n.state === "published") return null;
    const text =
      n.state === "draft"
        ? t("nr.notice.draft")
        : n.state === "scheduled"
          ? t("nr.notice.scheduled", { time: n.publishAt ? formatShanghai(n.publishAt) : "" })
          : t("nr.notice.withdrawnStaff");
    const reason = n.state === "withdrawn" ? n.staff?.withdrawReason : null;
    return (
      <View className="nd-banner" id="nd-state">
        <Text>{text}</Text>
        {reason ? <Text className="nd-banner-sub">{t("nr.notice.withdrawnReason", { reason })}</Text> : null}
      </View>
    );
  };

  const renderImages = (n: NoticeDetail) => {
    if (n.images.length === 0) return null;
    const urls = n.images.map((image) => image.url);
    return (
      <View className="nd-images" id="nd-images">
        {n.images.map((image, i) => (
          <View key={image.key} className="nd-image-cell">
            <Image
              id={`nd-image-${i}`}
              className="nd-image"
              src={image.url}
              mode="aspectFill"
              lazyLoad
              onClick={() => preview(image.url, urls)}
            />
          </View>
        ))}
      </View>
    );
  };

  const renderAck = (n: NoticeDetail) => {
    const verifiedHere = user?.verification.status === "verified" && user.community?.id === n.communityId;
    const state = ackState(n, verifiedHere);
    if (state === "none") return null;
    return (
      <View className="card" id="nd-ack-card">
        {state === "acked" ? (
          <Text id="nd-acked" className="nd-acked">
            ✓ {ackedText(t, n.mine.ackAt)}
          </Text>
        ) : state === "can" ? (
          <View>
            <Text className="nd-ack-ask">{t("nr.notice.ackAsk")}</Text>
            <Button id="nd-ack" type="primary" size="large" block loading={ackBusy} onClick={acknowledge}>
              {t("nr.notice.ack")}
            </Button>
          </View>
        ) : (
          <Text id="nd-ack-why" className="nd-muted">
            {t(ackReasonKey(state))}
          </Text>
        )}
      </View>
    );
  };

  /** An emergency notice offers WeChat alerts for the next one (the web build has none). */
  const renderAlerts = (n: NoticeDetail) => {
    if (n.category !== "emergency" || !alertsOn) return null;
    return (
      <View className="card" id="nd-subscribe-card">
        <Text className="nd-subscribe-text">{t("nr.subscribe.explain")}</Text>
        <Button id="nd-subscribe" size="large" block onClick={askAlerts}>
          {t("nr.subscribe.action")}
        </Button>
      </View>
    );
  };

  const renderStaff = (n: NoticeDetail) => {
    const figures = n.staff;
    if (!staff || !figures) return null;
    return (
      <View className="card" id="nd-staff">
        <Text className="nd-section-title">{t("nr.notice.staffTitle")}</Text>
        <Text className="nd-staff-line" id="nd-audience">
          {t("nr.notice.audience", { label: n.audienceLabel })}
        </Text>
        <Text className="nd-staff-line" id="nd-reads">
          {t("nr.notice.reads", { reads: figures.reads, households: figures.audienceHouseholds })}
        </Text>
        {n.ackRequired ? (
          <Text className="nd-staff-line" id="nd-acks">
            {t("nr.notice.acks", { acks: figures.acks, households: figures.audienceHouseholds })}
          </Text>
        ) : null}
        <Text
          id="nd-reach-link"
          className="nd-link"
          onClick={() =>
            void Taro.navigateTo({ url: `${ROUTES.noticesReach}?id=${n.id}` }).catch(() =>
              Taro.showToast({ title: t("nr.linkUnavailable"), icon: "none" }),
            )
          }
        >
          {t("nr.notice.reachLink")} ›
        </Text>
      </View>
    );
  };

  const renderGone = (g: Gone) => (
    <View className="state state-retry" id="nd-gone">
      <Text className="state-message nd-gone-title">
        {t(g.kind === "withdrawn" ? "nr.notice.withdrawn" : "nr.notice.missing")}
      </Text>
      {g.kind === "withdrawn" && g.reason ? (
        <Text className="state-message nd-gone-reason" id="nd-gone-reason">
          {t("nr.notice.withdrawnReason", { reason: g.reason })}
        </Text>
      ) : null}
      <Button id="nd-back" size="small" onClick={backToFeed}>
        {t("nr.notice.back")}
      </Button>
    </View>
  );

  return (
    <Page id="notice-page" title={t("nr.notice.title")}>
      <LoadState id="nd-load" load={load} error={error} onRetry={retry} />
      {load === "gone" && gone ? renderGone(gone) : null}
      {load === "ready" && notice ? (
        <View>
          {renderHead(notice)}
          {notice.expired ? (
            <View className="nd-banner" id="nd-expired">
              <Text>{t("nr.notice.expired")}</Text>
            </View>
          ) : null}
          {renderState(notice)}
          <View className="card">
            <NoticeBody id="nd-body" blocks={notice.blocks} />
            {renderImages(notice)}
          </View>
          {renderAck(notice)}
          {renderAlerts(notice)}
          {renderStaff(notice)}
        </View>
      ) : null}
    </Page>
  );
}
