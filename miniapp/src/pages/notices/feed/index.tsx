import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Image, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useState } from "react";
import {
  CATEGORIES,
  listFeed,
  type NoticeCategory,
  type Page as NoticePage,
  type NoticeSummary,
} from "../../../api/notices";
import { getCommunities } from "../../../api/requests";
import type { Community } from "../../../api/types";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { usePagedList } from "../../../components/usePagedList";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import {
  categoryKey,
  categoryTone,
  chooseFeedCommunity,
  feedAcked,
  feedDateText,
  feedRead,
  flagKey,
  flagTone,
  noticeErrorText,
  noticeFlags,
  remember,
  showsVerifyHint,
  subscribeToastKey,
} from "../../../utils/notices-format";
import { alertTemplate, askForAlert } from "../../../utils/subscribe";
import "../common/notices.scss";
import "./index.scss";

type Tab = "live" | "archive";
const TABS: Tab[] = ["live", "archive"];
type Filter = "all" | NoticeCategory;

const EMPTY: NoticePage<NoticeSummary> = { items: [], nextCursor: null };

export default function NoticeFeedPage() {
  const t = useT();
  const { user } = useSession();
  const [filter, setFilter] = useState<Filter>("all");
  const [nowMs, setNowMs] = useState(() => Date.now());
  // Without a community of their own (nor one named by a verification request), the caller reads
  // the board of the first community there is: looked up once, kept for the page's life.
  const [firstCommunity] = useState(() => remember(async () => (await getCommunities())[0] ?? null));
  const [fallbackShown, setFallbackShown] = useState<Community | null>(null);
  const [alertsOn] = useState(() => alertTemplate("notice.emergency") !== null);

  // Straight from the tap: WeChat refuses the request after an await.
  const askAlerts = () => {
    void askForAlert("notice.emergency").then((outcome) =>
      Taro.showToast({ title: t(subscribeToastKey(outcome)), icon: "none" }),
    );
  };

  const { tab, switchTo, load, error, items, cursor, moreBusy, more, fetchFirst } = usePagedList<
    Tab,
    NoticeSummary,
    NoticePage<NoticeSummary>
  >({
    firstTab: "live",
    // Back from a notice, the read dots refresh and a reader deep in the list keeps their place.
    keyOf: (notice) => notice.id,
    fetchPage: async (which, next) => {
      const chosen = await chooseFeedCommunity(user, firstCommunity);
      setFallbackShown(chosen?.fallback ?? null);
      if (!chosen) return EMPTY;
      return listFeed({ cursor: next, archive: which === "archive", communityId: chosen.id });
    },
    onFirstPage: () => setNowMs(Date.now()),
    errorText: (err) => noticeErrorText(t, err),
  });

  const shown = filter === "all" ? items : items.filter((n) => n.category === filter);

  const renderItem = (notice: NoticeSummary) => (
    <View
      key={notice.id}
      id={`nf-item-${notice.id}`}
      className={`card nf-item${feedRead(notice) ? "" : " nf-item-unread"}`}
      hoverClass="cell-pressed"
      onClick={() => Taro.navigateTo({ url: `${ROUTES.noticesNotice}?id=${notice.id}` })}
    >
      <View className="nf-item-main">
        <View className="nf-tags">
          {noticeFlags({ ...notice, acked: feedAcked(notice) }, nowMs).map((flag) => (
            <Text
              key={flag}
              id={
                flag === "pinned"
                  ? `nf-pin-${notice.id}`
                  : flag === "ackNeeded"
                    ? `nf-ackneeded-${notice.id}`
                    : `nf-expired-${notice.id}`
              }
              className={`badge badge-${flagTone[flag]}`}
            >
              {t(flagKey(flag))}
            </Text>
          ))}
          <Text id={`nf-cat-${notice.id}`} className={`badge badge-${categoryTone[notice.category]}`}>
            {t(categoryKey(notice.category))}
          </Text>
        </View>
        <View className="nf-title-row">
          {feedRead(notice) ? null : (
            <View id={`nf-unread-${notice.id}`} className="nf-dot" ariaLabel={t("nr.unread")} />
          )}
          <Text className="nf-title">{notice.title}</Text>
        </View>
        {notice.excerpt ? <Text className="nf-excerpt">{notice.excerpt}</Text> : null}
        <View className="nf-meta">
          <Text id={`nf-date-${notice.id}`}>{feedDateText(t, notice.publishedAt, nowMs)}</Text>
          {notice.editedAt ? <Text id={`nf-edited-${notice.id}`}>{t("nr.edited")}</Text> : null}
        </View>
      </View>
      {notice.coverUrl ? (
        <Image
          id={`nf-cover-${notice.id}`}
          className="nf-cover"
          src={notice.coverUrl}
          mode="aspectFill"
          lazyLoad
        />
      ) : null}
    </View>
  );

  const emptyText =
    items.length > 0 && filter !== "all"
      ? t("nr.empty.filtered", { category: t(categoryKey(filter)) })
      : t(tab === "live" ? "nr.empty.live" : "nr.empty.archive");

  return (
    <Page id="notices-feed-page" title={t("nr.title")}>
      <View className="nf-tabs">
        {TABS.map((which) => (
          <View
            key={which}
            id={`nf-tab-${which}`}
            className={`nf-tab${tab === which ? " nf-tab-on" : ""}`}
            onClick={() => switchTo(which)}
          >
            {t(`nr.tab.${which}`)}
          </View>
        ))}
      </View>

      <View className="nf-chips">
        {(["all", ...CATEGORIES] as Filter[]).map((which) => (
          <View
            key={which}
            id={`nf-chip-${which}`}
            className={`nf-chip${filter === which ? " nf-chip-on" : ""}${
              which === "emergency" ? " nf-chip-emergency" : ""
            }`}
            onClick={() => setFilter(which)}
          >
            {which === "all" ? t("nr.chip.all") : t(categoryKey(which))}
          </View>
        ))}
      </View>

      {showsVerifyHint(user) ? (
        <View className="nf-hint" id="nf-verify-hint">
          <Text className="nf-hint-text">{t("nr.verifyHint")}</Text>
          {fallbackShown ? (
            <Text className="nf-hint-sub" id="nf-fallback-community">
              {t("nr.showing", { community: fallbackShown.name })}
            </Text>
          ) : null}
          {user?.verification.status !== "pending" ? (
            <Text
              className="nf-hint-link"
              id="nf-verify-link"
              onClick={() => Taro.navigateTo({ url: ROUTES.me })}
            >
              {t("nr.verifyAction")} ›
            </Text>
          ) : null}
        </View>
      ) : null}

      {alertsOn ? (
        <View className="nf-subscribe-card" id="nf-subscribe-card">
          <Text className="nf-subscribe-text">{t("nr.subscribe.explain")}</Text>
          <Button id="nf-subscribe" size="normal" block onClick={askAlerts}>
            {t("nr.subscribe.action")}
          </Button>
        </View>
      ) : null}

      <LoadState id="nf-list" load={load} error={error} onRetry={() => fetchFirst(tab)} />

      {load === "ready" ? (
        <View>
          {shown.map(renderItem)}
          {shown.length === 0 ? (
            <View className="state" id="nf-empty">
              {emptyText}
            </View>
          ) : null}
          {cursor ? (
            <View className="nf-actions">
              <Button id="nf-more" size="normal" block loading={moreBusy} onClick={more}>
                {t("nr.more")}
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
