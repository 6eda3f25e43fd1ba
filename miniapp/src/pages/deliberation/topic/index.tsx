import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, Textarea, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { type ReactNode, useEffect, useRef, useState } from "react";
import {
  type Choice,
  castBallot,
  getResults,
  getTopic,
  hideComment,
  listComments,
  postComment,
  secondTopic,
  type TopicComment,
  type TopicDetail,
  type Vote,
  type VoteResults,
} from "../../../api/deliberation";
import { ApiError } from "../../../api/errors";
import { newIdempotencyKey } from "../../../components/BehalfDialog";
import { Confirm } from "../../../components/Confirm";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import { useSettings } from "../../../store/settings";
import {
  areaText,
  type Bar,
  ballotReasonKey,
  barValueText,
  COMMENT_MAX,
  canCast,
  canComment,
  choiceKey,
  countKey,
  deliberationErrorText,
  discussionOpen,
  electorateKey,
  historyKey,
  paragraphs,
  REASON_MAX,
  REASON_MIN,
  resultBars,
  resultsPublic,
  ruleKey,
  scopeText,
  statusKey,
  statusTone,
  voteTimeText,
} from "../../../utils/deliberation-format";
import { formatShanghai } from "../../../utils/time";
import "../common/deliberation.scss";
import "./index.scss";

type Load = "loading" | "ready" | "error";
type ResultsState =
  | { state: "idle" }
  | { state: "loading" }
  | { state: "hidden" }
  | { state: "ready"; data: VoteResults }
  | { state: "error"; error: string };

const CHOICES: Choice[] = ["approve", "reject", "abstain"];
/** Refusals after which the topic on screen is out of date. */
const STALE = new Set(["VOTE_CLOSED", "VOTE_NOT_OPEN", "ALREADY_VOTED", "NOT_ELIGIBLE", "TOPIC_STATUS"]);

const codeOf = (err: unknown) => (err instanceof ApiError ? err.code : "");

export default function DeliberationTopicPage() {
  const t = useT();
  const { locale } = useSettings();
  const { user } = useSession();
  const staff = user?.roles.includes("staff") ?? false;
  const topicId = useRouter().params.id ?? "";

  const [load, setLoad] = useState<Load>("loading");
  const [loadError, setLoadError] = useState("");
  const [topic, setTopic] = useState<TopicDetail | null>(null);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const [results, setResults] = useState<ResultsState>({ state: "idle" });
  const [historyOpen, setHistoryOpen] = useState(false);
  const [secondBusy, setSecondBusy] = useState(false);
  const [secondError, setSecondError] = useState("");

  const [pick, setPick] = useState<Choice | null>(null);
  const [castBusy, setCastBusy] = useState(false);
  const [castError, setCastError] = useState("");
  // One key per confirmation: a retry of the same tap cannot count twice.
  const castKey = useRef(newIdempotencyKey());

  const [comments, setComments] = useState<TopicComment[]>([]);
  const [commentsLoad, setCommentsLoad] = useState<Load>("loading");
  const [commentsError, setCommentsError] = useState("");
  const [commentsCursor, setCommentsCursor] = useState<string | null>(null);
  const [moreBusy, setMoreBusy] = useState(false);
  const [draft, setDraft] = useState("");
  const [sendBusy, setSendBusy] = useState(false);
  const [sendError, setSendError] = useState("");
  const commentKey = useRef(newIdempotencyKey());

  const [hiding, setHiding] = useState<TopicComment | null>(null);
  const [hideReason, setHideReason] = useState("");
  const [hideBusy, setHideBusy] = useState(false);
  const [hideError, setHideError] = useState("");

  // The time left moves on while the page stays open.
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const fetchResults = async (vote: Vote | null) => {
    if (!vote || vote.status === "scheduled") {
      setResults({ state: "idle" });
      return;
    }
    if (!resultsPublic(vote, staff)) {
      setResults({ state: "hidden" });
      return;
    }
    setResults((prev) => (prev.state === "ready" ? prev : { state: "loading" }));
    try {
      setResults({ state: "ready", data: await getResults(topicId) });
    } catch (err) {
      if (codeOf(err) === "RESULTS_NOT_PUBLIC") setResults({ state: "hidden" });
      else setResults({ state: "error", error: deliberationErrorText(t, err) });
    }
  };

  const fetchTopic = async () => {
    try {
      const found = await getTopic(topicId);
      setTopic(found);
      setNowMs(Date.now());
      setLoad("ready");
      void fetchResults(found.vote);
    } catch (err) {
      setLoadError(deliberationErrorText(t, err));
      setLoad("error");
    }
  };

  const fetchComments = async () => {
    try {
      const page = await listComments(topicId);
      setComments(page.items);
      setCommentsCursor(page.nextCursor);
      setCommentsLoad("ready");
    } catch (err) {
      setCommentsError(deliberationErrorText(t, err));
      setCommentsLoad("error");
    }
  };

  useDidShow(() => {
    void fetchTopic();
    void fetchComments();
  });

  const moreComments = async () => {
    if (!commentsCursor || moreBusy) return;
    setMoreBusy(true);
    try {
      const page = await listComments(topicId, commentsCursor);
      // A comment posted here meanwhile may come again: keep one of each.
      setComments((prev) => {
        const seen = new Set(prev.map((c) => c.id));
        return [...prev, ...page.items.filter((c) => !seen.has(c.id))];
      });
      setCommentsCursor(page.nextCursor);
    } catch (err) {
      void Taro.showToast({ title: deliberationErrorText(t, err), icon: "none" });
    } finally {
      setMoreBusy(false);
    }
  };

  const second = async () => {
    if (secondBusy) return;
    setSecondBusy(true);
    setSecondError("");
    try {
      await secondTopic(topicId);
      void Taro.showToast({ title: t("dr.seconds.ok"), icon: "success" });
    } catch (err) {
      setSecondError(deliberationErrorText(t, err));
    } finally {
      setSecondBusy(false);
      void fetchTopic();
    }
  };

  const choose = (choice: Choice) => {
    castKey.current = newIdempotencyKey();
    setCastError("");
    setPick(choice);
  };

  const cast = async () => {
    if (!pick || castBusy) return;
    setCastBusy(true);
    try {
      const answer = await castBallot(topicId, pick, castKey.current);
      setPick(null);
      void Taro.showToast({
        title: t(answer.changed ? "dr.ballot.changed" : "dr.ballot.cast"),
        icon: "success",
      });
      void fetchTopic();
    } catch (err) {
      setPick(null);
      setCastError(deliberationErrorText(t, err));
      if (STALE.has(codeOf(err))) void fetchTopic();
    } finally {
      setCastBusy(false);
    }
  };

  const send = async () => {
    if (sendBusy) return;
    const text = draft.trim();
    if (!text) {
      setSendError(t("dr.comments.empty_input"));
      return;
    }
    setSendBusy(true);
    setSendError("");
    try {
      const comment = await postComment(topicId, text, commentKey.current);
      commentKey.current = newIdempotencyKey();
      setDraft("");
      setComments((prev) => [...prev.filter((c) => c.id !== comment.id), comment]);
      setTopic((prev) => (prev ? { ...prev, commentCount: prev.commentCount + 1 } : prev));
      void Taro.showToast({ title: t("dr.comments.sent"), icon: "success" });
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const fields = err.fieldErrors();
        setSendError(fields.body ?? deliberationErrorText(t, err));
      } else setSendError(deliberationErrorText(t, err));
      if (codeOf(err) === "DISCUSSION_CLOSED") void fetchTopic();
    } finally {
      setSendBusy(false);
    }
  };

  const startHide = (comment: TopicComment) => {
    setHideReason("");
    setHideError("");
    setHiding(comment);
  };

  const hide = async () => {
    if (!hiding || hideBusy) return;
    const reason = hideReason.trim();
    if (reason.length < REASON_MIN) {
      setHideError(t("dr.comments.hideReasonShort"));
      return;
    }
    setHideBusy(true);
    try {
      const hidden = await hideComment(topicId, hiding.id, reason);
      setComments((prev) => prev.map((c) => (c.id === hidden.id ? hidden : c)));
      setHiding(null);
      void Taro.showToast({ title: t("dr.comments.hidden_ok"), icon: "success" });
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED")
        setHideError(err.fieldErrors().reason ?? deliberationErrorText(t, err));
      else setHideError(deliberationErrorText(t, err));
    } finally {
      setHideBusy(false);
    }
  };

  const row = (label: string, value: ReactNode, id?: string) => (
    <View className="dl-row" id={id}>
      <Text className="dl-row-label">{label}</Text>
      <View className="dl-row-value">{value}</View>
    </View>
  );

  const renderHead = (topic: TopicDetail) => (
    <View className="card" id="dl-topic-head">
      <Text className="dl-title" id="dl-title">
        {topic.title}
      </Text>
      <View className="dl-badges">
        <Text className={`badge badge-${statusTone[topic.status]}`} id="dl-status">
          {t(statusKey(topic.status))}
        </Text>
        <Text className="badge badge-grey">{t(`dr.topic.origin.${topic.origin}`)}</Text>
      </View>
      {row(t("dr.topic.scope"), <Text>{scopeText(t, topic.scope, topic.scopeLabel)}</Text>, "dl-scope")}
      {row(t("dr.topic.proposer"), <Text>{topic.createdByName}</Text>, "dl-proposer")}
      {row(t("dr.topic.createdAt"), <Text>{formatShanghai(topic.createdAt)}</Text>)}
      <View id="dl-body">
        {paragraphs(topic.body).map((text, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have nothing else to key on
          <Text key={i} className="dl-paragraph">
            {text}
          </Text>
        ))}
      </View>
    </View>
  );

  const renderStaffBar = (topic: TopicDetail) => (
    <View className="dl-actions" id="dl-staff-bar">
      <Button
        id="dl-staff-manage"
        size="large"
        block
        onClick={() => Taro.navigateTo({ url: `${ROUTES.deliberationManage}?topic=${topic.id}` })}
      >
        {t("dr.topic.staffManage")}
      </Button>
      {topic.vote ? (
        <Button
          id="dl-staff-turnout"
          size="large"
          block
          onClick={() => Taro.navigateTo({ url: `${ROUTES.deliberationTurnout}?id=${topic.id}` })}
        >
          {t("dr.topic.staffTurnout")}
        </Button>
      ) : null}
    </View>
  );

  const renderSeconds = (topic: TopicDetail) => {
    const share = topic.secondsNeeded > 0 ? Math.min(100, (topic.seconds * 100) / topic.secondsNeeded) : 0;
    return (
      <View className="card" id="dl-seconds-card">
        <View className="dl-section-head">
          <Text>{t("dr.seconds.title")}</Text>
        </View>
        <Text className="dl-big" id="dl-seconds">
          {t("dr.seconds.progress", { seconds: topic.seconds, needed: topic.secondsNeeded })}
        </Text>
        <View className="dl-bar">
          <View className="dl-bar-fill" style={{ width: `${share}%` }} />
        </View>
        <Text className="dl-hint">{t("dr.seconds.explain", { needed: topic.secondsNeeded })}</Text>
        {secondError ? (
          <Text className="dl-error" id="dl-second-error">
            {secondError}
          </Text>
        ) : null}
        {topic.secondedByMe ? (
          <Text className="badge badge-green dl-seconded" id="dl-seconded">
            ✓ {t("dr.seconds.done")}
          </Text>
        ) : topic.inScope ? (
          <View className="dl-choices">
            <Button id="dl-second" type="primary" size="large" block loading={secondBusy} onClick={second}>
              {t("dr.seconds.action")}
            </Button>
          </View>
        ) : staff ? null : (
          <Text className="dl-hint">{t("dr.seconds.notInScope")}</Text>
        )}
      </View>
    );
  };

  const renderBallot = (vote: Vote, ballot: NonNullable<TopicDetail["myBallot"]>) => {
    const lines: { key: string; text: string; id?: string }[] = [];
    let head: string;
    if (!ballot.eligible) {
      head = t(ballotReasonKey(ballot.reason));
    } else if (ballot.voted) {
      const via = t(ballot.via === "paper" ? "dr.ballot.via.paper" : "dr.ballot.via.online");
      head = t(vote.electorate === "residents" ? "dr.ballot.votedPerson" : "dr.ballot.votedHousehold", {
        via,
      });
      if (ballot.votedAt)
        lines.push({ key: "at", text: t("dr.ballot.votedAt", { time: formatShanghai(ballot.votedAt) }) });
      if (ballot.castByMe && ballot.choice)
        lines.push({
          key: "choice",
          id: "dl-my-choice",
          text: t("dr.ballot.myChoice", { choice: t(choiceKey(ballot.choice)) }),
        });
    } else {
      head = t(
        vote.status === "scheduled"
          ? "dr.ballot.scheduled"
          : vote.status === "closed"
            ? "dr.ballot.didNotVote"
            : "dr.ballot.notYet",
      );
    }
    if (ballot.eligible && ballot.unitLabel)
      lines.push({ key: "unit", text: t("dr.ballot.unit", { unit: ballot.unitLabel }) });
    if (ballot.voted && vote.changeable && vote.status === "open")
      lines.push({ key: "change", text: t("dr.ballot.canChange") });
    return (
      <View className={`dl-ballot${ballot.voted ? " dl-ballot-voted" : ""}`} id="dl-my-ballot">
        <Text className="dl-ballot-head">{head}</Text>
        {lines.map((line) => (
          <Text key={line.key} id={line.id} className="dl-ballot-line">
            {line.text}
          </Text>
        ))}
      </View>
    );
  };

  const renderVote = (topic: TopicDetail, vote: Vote) => {
    const eligibleCount = vote.eligible
      ? t("dr.vote.eligibleCount", { count: t(countKey(vote.electorate), { count: vote.eligible.count }) })
      : null;
    const choices = CHOICES.filter((c) => vote.options.includes(c));
    return (
      <View className="card" id="dl-vote-card">
        <View className="dl-section-head">
          <Text>{t("dr.vote.title")}</Text>
        </View>
        {row(
          t("dr.vote.rule"),
          <View>
            <Text id="dl-vote-rule">{t(ruleKey(vote.rule))}</Text>
            <Text className="dl-muted">{t("dr.rule.counting")}</Text>
          </View>,
        )}
        {row(
          t("dr.vote.electorate"),
          <View>
            <Text id="dl-vote-electorate">{t(electorateKey(vote.electorate))}</Text>
            {eligibleCount ? <Text className="dl-muted">{eligibleCount}</Text> : null}
          </View>,
        )}
        {row(t("dr.vote.ballot"), <Text id="dl-vote-secret">{t(`dr.secret.${vote.secret}`)}</Text>)}
        {row(
          t("dr.vote.change"),
          <Text id="dl-vote-changeable">{t(`dr.changeable.${vote.changeable}`)}</Text>,
        )}
        {row(
          t("dr.vote.time"),
          <View>
            <Text>
              {t("dr.time.window", { from: formatShanghai(vote.opensAt), to: formatShanghai(vote.closesAt) })}
            </Text>
            <Text className="dl-time" id="dl-vote-time">
              {voteTimeText(t, vote, nowMs)}
            </Text>
          </View>,
        )}

        {topic.myBallot ? renderBallot(vote, topic.myBallot) : null}

        {castError ? (
          <Text className="dl-error" id="dl-cast-error">
            {castError}
          </Text>
        ) : null}

        {canCast(topic) ? (
          <View className="dl-choices" id="dl-choices">
            <Text className="dl-label">{t("dr.ballot.pick")}</Text>
            {choices.map((choice) => (
              <Button
                key={choice}
                id={`dl-choice-${choice}`}
                size="large"
                block
                type={choice === "approve" ? "primary" : choice === "reject" ? "danger" : "default"}
                fill={choice === "approve" ? "solid" : "outline"}
                onClick={() => choose(choice)}
              >
                {t(choiceKey(choice))}
              </Button>
            ))}
          </View>
        ) : null}
      </View>
    );
  };

  const renderBar = (b: Bar) => (
    <View key={b.id} className="dl-measure" id={`dl-bar-${b.id}`}>
      <View className="dl-measure-head">
        <Text className="dl-measure-label">
          {t(b.label)} · {t(b.need)}
        </Text>
        {b.met === null ? null : (
          <Text className={`badge ${b.met ? "badge-green" : "badge-orange"}`}>
            {t(b.met ? "dr.results.met" : "dr.results.notMet")}
          </Text>
        )}
      </View>
      <View className={`dl-bar${b.met ? " dl-bar-met" : ""}`}>
        <View className="dl-bar-fill" style={{ width: `${b.share * 100}%` }} />
        <View className="dl-bar-line" style={{ left: `${b.line * 100}%` }} />
      </View>
      <Text className="dl-measure-value">
        {barValueText(t, b)} · {t("dr.results.line", { line: b.lineText })}
      </Text>
    </View>
  );

  const renderResultsBody = (vote: Vote, data: VoteResults) => {
    const owners = data.electorate === "owners";
    const count = (n: number) => t(countKey(data.electorate), { count: n });
    const area = (n: number | undefined) => t("dr.results.area", { area: areaText(n ?? 0) });
    const shown = CHOICES.filter((c) => vote.options.includes(c) || data[c].count > 0);
    return (
      <View>
        <View className="dl-tally">
          {shown.map((choice) => (
            <View key={choice} className={`dl-tally-item dl-tally-${choice}`} id={`dl-results-${choice}`}>
              <Text className="dl-tally-name">{t(choiceKey(choice))}</Text>
              <Text className="dl-tally-count">{count(data[choice].count)}</Text>
              {owners ? <Text className="dl-tally-area">{area(data[choice].area)}</Text> : null}
            </View>
          ))}
        </View>
        <Text className="dl-hint" id="dl-results-participation">
          {t("dr.results.participation", {
            part: count(data.participated.count),
            total: count(data.eligible.count),
          })}
        </Text>
        {owners ? (
          <Text className="dl-hint">
            {t("dr.results.participationArea", {
              part: area(data.participated.area),
              total: area(data.eligible.area),
            })}
          </Text>
        ) : null}
        {resultBars(data).map(renderBar)}
        {data.passed !== null ? (
          <Text
            className={`dl-verdict ${data.passed ? "dl-verdict-passed" : "dl-verdict-failed"}`}
            id="dl-results-passed"
          >
            {t(data.passed ? "dr.results.passed" : "dr.results.failed")}
          </Text>
        ) : null}
        <Text className="dl-explanation" id="dl-results-explanation">
          {locale === "en" ? data.explanationEn : data.explanation}
        </Text>
      </View>
    );
  };

  const renderResults = (vote: Vote) => {
    if (results.state === "idle") return null;
    let body: ReactNode;
    if (results.state === "hidden")
      body = (
        <Text className="dl-hint" id="dl-results-hidden">
          {t("dr.results.hidden")}
        </Text>
      );
    else if (results.state === "loading") body = <View className="dl-hint">{t("common.loading")}</View>;
    else if (results.state === "error")
      body = (
        <View className="state-retry">
          <Text className="dl-error">{results.error}</Text>
          <Button id="dl-results-retry" size="small" onClick={() => fetchResults(vote)}>
            {t("common.retry")}
          </Button>
        </View>
      );
    else body = renderResultsBody(vote, results.data);
    return (
      <View className="card" id="dl-results">
        <View className="dl-section-head">
          <Text>{t(vote.status === "closed" ? "dr.results.title" : "dr.results.live")}</Text>
        </View>
        {body}
      </View>
    );
  };

  const renderHistory = (topic: TopicDetail) => {
    const events = historyOpen ? topic.history : topic.history.slice(-1);
    return (
      <View className="card" id="dl-history">
        <View className="dl-section-head">
          <Text>{t("dr.topic.history")}</Text>
          {topic.history.length > 1 ? (
            <Text id="dl-history-toggle" className="dl-toggle" onClick={() => setHistoryOpen((v) => !v)}>
              {historyOpen
                ? t("dr.topic.historyHide")
                : t("dr.topic.historyShow", { count: topic.history.length })}
            </Text>
          ) : null}
        </View>
        {events.map((event) => (
          <View key={`${event.at}-${event.action}`} className="dl-event">
            <View className="dl-event-dot" />
            <Text className="dl-event-what">{t(historyKey(event.action))}</Text>
            <Text className="dl-muted">
              {event.byName} · {formatShanghai(event.at)}
            </Text>
            {/* The result's note is the Chinese explanation; English readers get it in the results. */}
            {event.note && !(locale === "en" && event.action.startsWith("vote_")) ? (
              <Text className="dl-event-note">{event.note}</Text>
            ) : null}
          </View>
        ))}
      </View>
    );
  };

  const renderComment = (comment: TopicComment) => {
    let body: ReactNode;
    if (comment.body === null)
      body = (
        <Text className="dl-comment-hidden">
          {t("dr.comments.hidden", { reason: comment.hiddenReason ?? "" })}
        </Text>
      );
    else
      body = (
        <View>
          <Text className="dl-comment-body">{comment.body}</Text>
          {comment.hidden ? (
            <Text className="dl-comment-hidden">
              {comment.mine
                ? t("dr.comments.mineHidden", { reason: comment.hiddenReason ?? "" })
                : t("dr.comments.hidden", { reason: comment.hiddenReason ?? "" })}
            </Text>
          ) : null}
        </View>
      );
    return (
      <View key={comment.id} className="dl-comment" id={`dl-comment-${comment.id}`}>
        <View className="dl-comment-head">
          <Text className="dl-comment-name">{comment.authorName}</Text>
          {comment.byStaff ? <Text className="badge badge-green">{t("dr.comments.staff")}</Text> : null}
          {comment.mine ? <Text className="badge badge-grey">{t("dr.comments.mine")}</Text> : null}
          {comment.authorPlace ? <Text className="muted">{comment.authorPlace}</Text> : null}
        </View>
        {body}
        <View className="dl-comment-foot">
          <Text className="muted">{formatShanghai(comment.createdAt)}</Text>
          {staff && !comment.hidden ? (
            <Button
              id={`dl-comment-hide-${comment.id}`}
              size="small"
              fill="outline"
              type="danger"
              onClick={() => startHide(comment)}
            >
              {t("dr.comments.hide")}
            </Button>
          ) : null}
        </View>
      </View>
    );
  };

  const renderComposer = (topic: TopicDetail) => {
    if (!canComment(topic, staff))
      return (
        <Text className="dl-hint" id="dl-comment-closed">
          {t(discussionOpen(topic.status) ? "dr.comments.notInScope" : "dr.comments.closed")}
        </Text>
      );
    const length = draft.length;
    return (
      <View className="dl-composer" id="dl-composer">
        <Textarea
          id="dl-comment-input"
          className="textarea"
          value={draft}
          maxlength={COMMENT_MAX}
          placeholder={t("dr.comments.placeholder")}
          placeholderClass="dl-placeholder"
          onInput={(e) => {
            setDraft(e.detail.value);
            setSendError("");
          }}
        />
        {sendError ? (
          <Text className="dl-error" id="dl-comment-error">
            {sendError}
          </Text>
        ) : null}
        <View className="dl-composer-row">
          <Text className={`dl-count${length > COMMENT_MAX ? " dl-count-over" : ""}`}>
            {t("dr.comments.count", { count: length })}
          </Text>
          <Button id="dl-comment-send" type="primary" loading={sendBusy} onClick={send}>
            {t("dr.comments.send")}
          </Button>
        </View>
      </View>
    );
  };

  const renderComments = (topic: TopicDetail) => (
    <View className="card" id="dl-comments">
      <View className="dl-section-head">
        <Text>{t("dr.comments.title", { count: Math.max(topic.commentCount, comments.length) })}</Text>
      </View>
      <LoadState id="dl-comments" load={commentsLoad} error={commentsError} onRetry={fetchComments} />
      {commentsLoad === "ready" ? (
        <View>
          {comments.length === 0 ? (
            <Text className="dl-hint" id="dl-comments-empty">
              {t("dr.comments.empty")}
            </Text>
          ) : null}
          {comments.map(renderComment)}
          {commentsCursor ? (
            <Button id="dl-comments-more" size="normal" block loading={moreBusy} onClick={moreComments}>
              {t("dr.comments.more")}
            </Button>
          ) : null}
        </View>
      ) : null}
      {renderComposer(topic)}
    </View>
  );

  const choiceName = pick ? t(choiceKey(pick)) : "";
  const vote = topic?.vote ?? null;
  const ballot = topic?.myBallot ?? null;
  const unitLine = () => {
    if (!vote) return "";
    if (vote.electorate === "residents") return t("dr.confirm.person");
    if (!ballot?.unitLabel) return t("dr.confirm.unitUnknown");
    return t(vote.electorate === "owners" ? "dr.confirm.owner" : "dr.confirm.household", {
      unit: ballot.unitLabel,
    });
  };

  return (
    <Page id="deliberation-topic-page" title={t("dr.topic.title")}>
      <LoadState id="dl-topic" load={load} error={loadError} onRetry={() => fetchTopic()} />
      {load === "ready" && topic ? (
        <View>
          {renderHead(topic)}
          {staff ? renderStaffBar(topic) : null}
          {topic.status === "proposed" ? renderSeconds(topic) : null}
          {topic.vote ? renderVote(topic, topic.vote) : null}
          {topic.vote ? renderResults(topic.vote) : null}
          {topic.history.length > 0 ? renderHistory(topic) : null}
          {renderComments(topic)}
        </View>
      ) : null}

      {pick && vote ? (
        <Confirm
          id="dl-confirm"
          title={t(ballot?.voted ? "dr.confirm.changeTitle" : "dr.confirm.title", { choice: choiceName })}
          confirmId="dl-confirm-ok"
          confirmText={t("dr.confirm.ok")}
          cancelId="dl-confirm-cancel"
          cancelText={t("common.cancel")}
          busy={castBusy}
          onConfirm={cast}
          onCancel={() => setPick(null)}
        >
          <Text className="dl-confirm-choice" id="dl-confirm-choice">
            {t("dr.confirm.choice", { choice: choiceName })}
          </Text>
          <Text className="dl-confirm-line" id="dl-confirm-unit">
            {unitLine()}
          </Text>
          <Text className="dl-confirm-line" id="dl-confirm-change">
            {t(vote.changeable ? "dr.confirm.changeable" : "dr.confirm.final")}
          </Text>
        </Confirm>
      ) : null}

      {hiding ? (
        <Confirm
          id="dl-hide-dialog"
          title={t("dr.comments.hideTitle")}
          body={t("dr.comments.hideBody")}
          confirmId="dl-hide-ok"
          confirmText={t("dr.comments.hideOk")}
          cancelId="dl-hide-cancel"
          cancelText={t("common.cancel")}
          danger
          busy={hideBusy}
          onConfirm={hide}
          onCancel={() => setHiding(null)}
        >
          <View className={`dl-field${hideError ? " dl-field-invalid" : ""}`}>
            <Textarea
              id="dl-hide-reason"
              className="textarea"
              value={hideReason}
              maxlength={REASON_MAX}
              placeholder={t("dr.comments.hideReason")}
              placeholderClass="dl-placeholder"
              onInput={(e) => {
                setHideReason(e.detail.value);
                setHideError("");
              }}
            />
            {hideError ? (
              <Text className="dl-field-error" id="dl-hide-error">
                {hideError}
              </Text>
            ) : null}
          </View>
        </Confirm>
      ) : null}
    </Page>
  );
}
