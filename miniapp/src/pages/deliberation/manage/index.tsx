import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useEffect, useRef, useState } from "react";
import {
  acceptTopic,
  declineTopic,
  getTopic,
  listTopics,
  type Topic,
  type Page as TopicPage,
  withdrawTopic,
} from "../../../api/deliberation";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { usePagedList } from "../../../components/usePagedList";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import {
  deliberationErrorMessage,
  isForbidden,
  MANAGE_TABS,
  type ManageTab,
  staffCommunityOf,
  tabOfStatus,
} from "../../../utils/deliberation-work";
import { formatShanghai } from "../../../utils/time";
import { ReasonSheet } from "../work/ReasonSheet";
import { SettingsCard } from "../work/SettingsCard";
import { TopicForm } from "../work/TopicForm";
import { VoteForm } from "../work/VoteForm";
import "../../../components/Page/staff.scss";
import "../work/index.scss";
import "./index.scss";

type Editing = { kind: "topic" } | { kind: "vote"; topic: Topic } | null;
type Asking = { kind: "decline" | "withdraw"; topic: Topic } | null;

const STATUS_TONE: Record<Topic["status"], string> = {
  proposed: "badge-orange",
  discussion: "badge-green",
  voting: "badge-green",
  decided: "badge-green",
  rejected: "badge-red",
  withdrawn: "badge-grey",
};

export default function DeliberationManagePage() {
  const t = useT();
  const { user } = useSession();
  const communityId = staffCommunityOf(user);
  const params = useRouter().params;
  const [forbidden, setForbidden] = useState(!communityId);
  const [editing, setEditing] = useState<Editing>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [askError, setAskError] = useState("");
  const [busyId, setBusyId] = useState<string | null>(null);
  // The topic the page was opened for (?topic=), or the one just acted on: shown first and outlined.
  const [focus, setFocus] = useState<Topic | null>(null);
  const [notice, setNotice] = useState("");
  const scrolled = useRef(false);

  const list = usePagedList<ManageTab, Topic, TopicPage<Topic>>({
    firstTab: "proposed",
    fetchPage: (tab, cursor) =>
      communityId ? listTopics(tab, cursor, communityId) : Promise.resolve({ items: [], nextCursor: null }),
    errorText: (err) => {
      if (isForbidden(err)) setForbidden(true);
      return deliberationErrorMessage(t, err);
    },
  });

  // ?topic=<id>: its tab, the row outlined; &action=vote opens its vote form when it is in discussion.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the parameters the page opened with
  useEffect(() => {
    const topicId = params.topic;
    if (!topicId || !communityId) return;
    getTopic(topicId).then(
      (topic) => {
        setFocus(topic);
        list.switchTo(tabOfStatus(topic.status));
        if (params.action === "vote" && topic.status === "discussion") setEditing({ kind: "vote", topic });
      },
      (err) => {
        if (isForbidden(err)) setForbidden(true);
        else void Taro.showToast({ title: deliberationErrorMessage(t, err), icon: "none", duration: 3000 });
      },
    );
  }, []);

  useEffect(() => {
    if (!focus || scrolled.current || list.load !== "ready" || editing) return;
    scrolled.current = true;
    setTimeout(() => {
      Taro.pageScrollTo({ selector: `#dw-topic-${focus.id}`, duration: 200, offsetTop: -60 }).catch(
        () => undefined,
      );
    }, 120);
  }, [focus, list.load, editing]);

  const refresh = () => void list.fetchFirst(list.tab);

  const moved = (topic: Topic, message: string) => {
    setNotice(message);
    setFocus(null);
    void Taro.showToast({ title: message, icon: "none" });
    refresh();
    return topic;
  };

  const accept = async (topic: Topic) => {
    if (busyId) return;
    setBusyId(topic.id);
    try {
      moved(await acceptTopic(topic.id), t("dw.accepted", { title: topic.title }));
    } catch (err) {
      void Taro.showToast({ title: deliberationErrorMessage(t, err), icon: "none", duration: 3000 });
      refresh();
    } finally {
      setBusyId(null);
    }
  };

  const confirmReason = async (reason: string) => {
    if (!asking || busyId) return;
    const { kind, topic } = asking;
    setBusyId(topic.id);
    setAskError("");
    try {
      if (kind === "decline")
        moved(await declineTopic(topic.id, reason), t("dw.declined", { title: topic.title }));
      else moved(await withdrawTopic(topic.id, reason), t("dw.withdrawn", { title: topic.title }));
      setAsking(null);
    } catch (err) {
      setAskError(deliberationErrorMessage(t, err));
    } finally {
      setBusyId(null);
    }
  };

  const view = (topic: Topic) => void Taro.navigateTo({ url: `${ROUTES.deliberationTopic}?id=${topic.id}` });
  const turnout = (topic: Topic) =>
    void Taro.navigateTo({ url: `${ROUTES.deliberationTurnout}?id=${topic.id}` });

  if (forbidden || !communityId)
    return (
      <Page id="deliberation-manage-page" title={t("dw.manage.title")}>
        <View className="state" id="dw-forbidden">
          {t("dw.forbidden")}
        </View>
      </Page>
    );

  if (editing?.kind === "topic")
    return (
      <Page id="deliberation-manage-page" title={t("dw.manage.title")}>
        <TopicForm
          communityId={communityId}
          onClose={() => setEditing(null)}
          onCreated={(topic) => {
            setEditing(null);
            setNotice(t("dw.topicCreated", { title: topic.title }));
            setFocus(topic);
            scrolled.current = false;
            if (list.tab === "discussion") refresh();
            else list.switchTo("discussion");
          }}
        />
      </Page>
    );

  if (editing?.kind === "vote")
    return (
      <Page id="deliberation-manage-page" title={t("dw.manage.title")}>
        <VoteForm
          topic={editing.topic}
          onClose={() => setEditing(null)}
          onOpened={(topic) => {
            setEditing(null);
            setNotice(t("dw.voteOpened", { title: topic.title }));
            setFocus(topic);
            scrolled.current = false;
            if (list.tab === "voting") refresh();
            else list.switchTo("voting");
          }}
        />
      </Page>
    );

  // The focused topic first, when it belongs to this tab and is not on the first page.
  const shown =
    focus && tabOfStatus(focus.status) === list.tab && !list.items.some((item) => item.id === focus.id)
      ? [focus, ...list.items]
      : list.items;

  return (
    <Page id="deliberation-manage-page" title={t("dw.manage.title")}>
      <View className="dw-bar">
        <Button
          id="dw-new-topic"
          type="primary"
          size="large"
          className="dw-bar-action"
          onClick={() => {
            setNotice("");
            setEditing({ kind: "topic" });
          }}
        >
          {t("dw.topic.new")}
        </Button>
      </View>

      {notice ? (
        <View className="dw-result" id="dw-notice">
          {notice}
        </View>
      ) : null}

      <View className="lw-tabs dw-tabs">
        {MANAGE_TABS.map((tab) => (
          <View
            key={tab}
            id={`dw-tab-${tab}`}
            className={`lw-tab${list.tab === tab ? " lw-tab-on" : ""}`}
            onClick={() => list.switchTo(tab)}
          >
            {t(`dw.tab.${tab}`)}
          </View>
        ))}
      </View>

      <LoadState id="dw-list" load={list.load} error={list.error} onRetry={refresh} />

      {list.load === "ready" && shown.length === 0 ? (
        <View className="state" id="dw-list-empty">
          {t(`dw.empty.${list.tab}`)}
        </View>
      ) : null}

      {list.load === "ready"
        ? shown.map((topic) => (
            <View
              key={topic.id}
              id={`dw-topic-${topic.id}`}
              className={`card dw-topic${focus?.id === topic.id ? " dw-topic-focus" : ""}`}
            >
              <View className="dw-topic-head">
                <Text className="dw-topic-title">{topic.title}</Text>
                <Text className={`badge ${STATUS_TONE[topic.status]}`}>{t(`dw.status.${topic.status}`)}</Text>
              </View>
              <Text className="dw-meta">
                {t("dw.row.scope", {
                  scope: topic.scope.kind === "community" ? t("dw.row.community") : topic.scopeLabel,
                })}
                {" · "}
                {t(topic.origin === "resident" ? "dw.row.byResident" : "dw.row.byStaff", {
                  name: topic.createdByName,
                })}
              </Text>
              {topic.status === "proposed" ? (
                <Text className="dw-meta" id={`dw-seconds-${topic.id}`}>
                  {t("dw.row.seconds", {
                    seconds: topic.seconds,
                    needed: topic.secondsNeeded,
                    households: topic.householdsInScope,
                  })}
                </Text>
              ) : null}
              {topic.vote ? (
                <View>
                  <Text className="dw-meta">
                    {t("dw.row.voteRule", {
                      rule: t(`dw.rule.${topic.vote.rule}`),
                      electorate: t(`dw.electorate.${topic.vote.electorate}`),
                    })}
                    {" · "}
                    {t(`dw.voteStatus.${topic.vote.status}`)}
                  </Text>
                  <Text className="dw-meta" id={`dw-vote-times-${topic.id}`}>
                    {t("dw.row.voteTimes", {
                      opens: formatShanghai(topic.vote.opensAt),
                      closes: formatShanghai(topic.vote.closesAt),
                    })}
                  </Text>
                </View>
              ) : null}
              <Text className="dw-meta">
                {t("dw.row.comments", { count: topic.commentCount })}
                {" · "}
                {t("dw.row.updated", { time: formatShanghai(topic.updatedAt) })}
              </Text>

              <View className="dw-actions">
                {topic.status === "proposed" ? (
                  <>
                    <Button
                      id={`dw-accept-${topic.id}`}
                      size="small"
                      type="primary"
                      loading={busyId === topic.id && !asking}
                      onClick={() => void accept(topic)}
                    >
                      {t("dw.action.accept")}
                    </Button>
                    <Button
                      id={`dw-decline-${topic.id}`}
                      size="small"
                      fill="outline"
                      type="danger"
                      onClick={() => {
                        setAskError("");
                        setAsking({ kind: "decline", topic });
                      }}
                    >
                      {t("dw.action.decline")}
                    </Button>
                  </>
                ) : null}
                {topic.status === "discussion" ? (
                  <>
                    <Button
                      id={`dw-vote-open-${topic.id}`}
                      size="small"
                      type="primary"
                      onClick={() => {
                        setNotice("");
                        setEditing({ kind: "vote", topic });
                      }}
                    >
                      {t("dw.action.vote")}
                    </Button>
                    <Button
                      id={`dw-withdraw-${topic.id}`}
                      size="small"
                      fill="outline"
                      type="danger"
                      onClick={() => {
                        setAskError("");
                        setAsking({ kind: "withdraw", topic });
                      }}
                    >
                      {t("dw.action.withdraw")}
                    </Button>
                  </>
                ) : null}
                {topic.vote && (topic.status === "voting" || topic.vote.status !== "scheduled") ? (
                  <Button
                    id={`dw-turnout-${topic.id}`}
                    size="small"
                    type="primary"
                    fill="outline"
                    onClick={() => turnout(topic)}
                  >
                    {t("dw.action.turnout")}
                  </Button>
                ) : null}
                <Button id={`dw-view-${topic.id}`} size="small" fill="outline" onClick={() => view(topic)}>
                  {t("dw.action.view")}
                </Button>
              </View>
            </View>
          ))
        : null}

      {list.load === "ready" && list.cursor ? (
        <View className="dw-more">
          <Button
            id="dw-list-more"
            size="large"
            block
            loading={list.moreBusy}
            onClick={() => void list.more()}
          >
            {t("dw.loadMore")}
          </Button>
        </View>
      ) : null}

      <SettingsCard communityId={communityId} />

      {asking ? (
        <ReasonSheet
          title={t(asking.kind === "decline" ? "dw.reason.declineTitle" : "dw.reason.withdrawTitle", {
            title: asking.topic.title,
          })}
          busy={busyId === asking.topic.id}
          error={askError}
          onConfirm={(reason) => void confirmReason(reason)}
          onDismiss={() => setAsking(null)}
        />
      ) : null}
    </Page>
  );
}
