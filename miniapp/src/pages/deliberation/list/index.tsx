import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useState } from "react";
import { listTopics, type Topic, type Page as TopicPage } from "../../../api/deliberation";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { usePagedList } from "../../../components/usePagedList";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import {
  deliberationErrorText,
  scopeText,
  statusKey,
  statusTone,
  voteTimeText,
} from "../../../utils/deliberation-format";
import "../common/deliberation.scss";
import "./index.scss";

type Tab = "active" | "voting" | "closed";
const TABS: Tab[] = ["active", "voting", "closed"];

export default function DeliberationListPage() {
  const t = useT();
  const { user } = useSession();
  const verified = user?.verification.status === "verified";
  const staff = user?.roles.includes("staff") ?? false;
  const [nowMs, setNowMs] = useState(() => Date.now());
  const { tab, switchTo, load, error, items, cursor, moreBusy, more, fetchFirst } = usePagedList<
    Tab,
    Topic,
    TopicPage<Topic>
  >({
    firstTab: "active",
    fetchPage: (which, next) => listTopics(which, next),
    onFirstPage: () => setNowMs(Date.now()),
    errorText: (err) => deliberationErrorText(t, err),
  });

  const renderTopic = (topic: Topic) => (
    <View
      key={topic.id}
      id={`dl-topic-${topic.id}`}
      className="card dl-topic"
      hoverClass="cell-pressed"
      onClick={() => Taro.navigateTo({ url: `${ROUTES.deliberationTopic}?id=${topic.id}` })}
    >
      <View className="dl-topic-body">
        <Text className="dl-topic-title">{topic.title}</Text>
        <View className="dl-badges">
          <Text className={`badge badge-${statusTone[topic.status]}`}>{t(statusKey(topic.status))}</Text>
          <Text className="badge badge-grey">{scopeText(t, topic.scope, topic.scopeLabel)}</Text>
        </View>
        {topic.status === "proposed" ? (
          <View>
            <View className="dl-bar">
              <View
                className="dl-bar-fill"
                style={{
                  width: `${topic.secondsNeeded > 0 ? Math.min(100, (topic.seconds * 100) / topic.secondsNeeded) : 0}%`,
                }}
              />
            </View>
            <Text className="dl-muted">
              {t("dr.list.seconds", { seconds: topic.seconds, needed: topic.secondsNeeded })}
            </Text>
          </View>
        ) : null}
        <View className="dl-meta">
          {topic.status === "voting" && topic.vote ? (
            <Text className="dl-list-time">{voteTimeText(t, topic.vote, nowMs)}</Text>
          ) : null}
          <Text>{t("dr.list.comments", { count: topic.commentCount })}</Text>
        </View>
      </View>
      <Text className="cell-arrow">›</Text>
    </View>
  );

  return (
    <Page id="deliberation-list-page" title={t("dr.list.title")}>
      <View className="dl-tabs">
        {TABS.map((which) => (
          <View
            key={which}
            id={`dl-tab-${which}`}
            className={`dl-tab${tab === which ? " dl-tab-on" : ""}`}
            onClick={() => switchTo(which)}
          >
            {t(`dr.tab.${which}`)}
          </View>
        ))}
      </View>

      <View className="dl-actions">
        {verified ? (
          <Button
            id="dl-propose"
            type="primary"
            size="large"
            block
            onClick={() => Taro.navigateTo({ url: ROUTES.deliberationPropose })}
          >
            {t("dr.list.propose")}
          </Button>
        ) : (
          <Text className="dl-hint" id="dl-propose-hint">
            {t("dr.list.proposeHint")}
          </Text>
        )}
      </View>
      {staff ? (
        <Text
          id="dl-manage"
          className="dl-link"
          onClick={() => Taro.navigateTo({ url: ROUTES.deliberationManage })}
        >
          {t("dr.list.manage")} ›
        </Text>
      ) : null}

      <LoadState id="dl-list" load={load} error={error} onRetry={() => fetchFirst(tab)} />

      {load === "ready" ? (
        <View>
          {items.map(renderTopic)}
          {items.length === 0 ? (
            <View className="state" id="dl-list-empty">
              {t(`dr.list.empty.${tab}`)}
            </View>
          ) : null}
          {cursor ? (
            <View className="dl-actions">
              <Button id="dl-list-more" size="normal" block loading={moreBusy} onClick={more}>
                {t("dr.list.more")}
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
