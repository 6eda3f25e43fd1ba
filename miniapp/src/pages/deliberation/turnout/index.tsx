import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { useState } from "react";
import {
  closeVote,
  getResults,
  getTopic,
  getTurnout,
  type TopicDetail,
  type VoteResults,
  type VoteTurnout,
} from "../../../api/deliberation";
import { Confirm } from "../../../components/Confirm";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import { resultsPublic } from "../../../utils/deliberation-format";
import {
  areaText,
  canCloseVote,
  canRecordPaper,
  deliberationErrorMessage,
  filterUnits,
  isForbidden,
  paperHouseholdId,
  percentText,
  sortBuildings,
  staffCommunityOf,
  type TurnoutUnit,
  UNIT_FILTERS,
  type UnitFilter,
  unitCounts,
} from "../../../utils/deliberation-work";
import { formatShanghai } from "../../../utils/time";
import { PaperSheet } from "../work/PaperSheet";
import { ResultsCard } from "../work/ResultsCard";
import "../../../components/Page/staff.scss";
import "../work/index.scss";
import "./index.scss";

type Load = "loading" | "ready" | "error" | "forbidden";

export default function DeliberationTurnoutPage() {
  const t = useT();
  const { user } = useSession();
  const communityId = staffCommunityOf(user);
  const topicId = useRouter().params.id ?? "";
  const [load, setLoad] = useState<Load>(communityId ? "loading" : "forbidden");
  const [error, setError] = useState("");
  const [topic, setTopic] = useState<TopicDetail | null>(null);
  const [turnout, setTurnout] = useState<VoteTurnout | null>(null);
  const [results, setResults] = useState<VoteResults | null>(null);
  const [filter, setFilter] = useState<UnitFilter>("notvoted");
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const [paper, setPaper] = useState<{ unit: TurnoutUnit; householdId: string } | null>(null);
  const [closing, setClosing] = useState(false);
  const [closeBusy, setCloseBusy] = useState(false);
  const [closeError, setCloseError] = useState("");
  const [notice, setNotice] = useState("");

  const fetchAll = async () => {
    if (!communityId) return;
    if (!topicId) {
      setError(t("dw.turnout.noId"));
      setLoad("error");
      return;
    }
    try {
      const detail = await getTopic(topicId);
      // The electorate (and so the turnout) exists only once the vote has opened.
      const opened = detail.vote && detail.vote.status !== "scheduled";
      const [nextTurnout, nextResults] = opened
        ? await Promise.all([
            getTurnout(topicId),
            detail.vote && resultsPublic(detail.vote, true) ? getResults(topicId) : Promise.resolve(null),
          ])
        : [null, null];
      setTopic(detail);
      setTurnout(nextTurnout);
      setResults(nextResults);
      setLoad("ready");
    } catch (err) {
      setError(deliberationErrorMessage(t, err));
      setLoad(isForbidden(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    if (!paper && !closing) void fetchAll();
  });

  const retry = () => {
    setLoad("loading");
    void fetchAll();
  };

  const close = async () => {
    if (closeBusy) return;
    setCloseBusy(true);
    setCloseError("");
    try {
      setResults(await closeVote(topicId));
      setClosing(false);
      setNotice(t("dw.close.done"));
      void Taro.showToast({ title: t("dw.close.done"), icon: "none" });
      void fetchAll();
    } catch (err) {
      setCloseError(deliberationErrorMessage(t, err));
    } finally {
      setCloseBusy(false);
    }
  };

  if (load === "forbidden")
    return (
      <Page id="deliberation-turnout-page" title={t("dw.turnout.title")}>
        <View className="state" id="dw-forbidden">
          {t("dw.forbidden")}
        </View>
      </Page>
    );

  const vote = topic?.vote ?? null;
  const now = new Date();

  return (
    <Page id="deliberation-turnout-page" title={t("dw.turnout.title")}>
      <LoadState id="dw-turnout" load={load} error={error} onRetry={topicId ? retry : undefined} />

      {load === "ready" && topic ? (
        <View className="card" id="dw-turnout-topic">
          <View className="dw-topic-head">
            <Text className="dw-topic-title">{topic.title}</Text>
            <Text className="badge badge-grey">{t(`dw.status.${topic.status}`)}</Text>
          </View>
          <Text className="dw-meta">{topic.scopeLabel}</Text>
          {vote ? (
            <View id="dw-turnout-vote">
              <Text className="dw-meta">
                {t("dw.row.voteRule", {
                  rule: t(`dw.rule.${vote.rule}`),
                  electorate: t(`dw.electorate.${vote.electorate}`),
                })}
                {" · "}
                {t(vote.secret ? "dw.vote.secretShort" : "dw.vote.publicShort")}
                {" · "}
                <Text id="dw-turnout-vote-status">{t(`dw.voteStatus.${vote.status}`)}</Text>
              </Text>
              <Text className="dw-meta">
                {t("dw.row.voteTimes", {
                  opens: formatShanghai(vote.opensAt),
                  closes: formatShanghai(vote.closesAt),
                })}
              </Text>
            </View>
          ) : null}
          <View className="dw-actions">
            <Button
              id="dw-turnout-view"
              size="small"
              fill="outline"
              onClick={() => void Taro.navigateTo({ url: `${ROUTES.deliberationTopic}?id=${topic.id}` })}
            >
              {t("dw.action.view")}
            </Button>
            <Button id="dw-turnout-refresh" size="small" fill="outline" onClick={() => void fetchAll()}>
              {t("dw.refresh")}
            </Button>
          </View>
        </View>
      ) : null}

      {notice ? (
        <View className="dw-result" id="dw-notice">
          {notice}
        </View>
      ) : null}

      {load === "ready" && topic && !vote ? (
        <View className="state" id="dw-turnout-no-vote">
          {t("dw.turnout.noVote")}
        </View>
      ) : null}

      {load === "ready" && vote && vote.status === "scheduled" ? (
        <View className="state" id="dw-turnout-not-open">
          {t("dw.turnout.notOpen", { time: formatShanghai(vote.opensAt) })}
        </View>
      ) : null}

      {load === "ready" && vote && turnout ? (
        <View>
          <View className="card" id="dw-turnout-summary">
            <View className="dw-figures">
              <View className="dw-figure">
                <Text className="dw-figure-value" id="dw-turnout-percent">
                  {percentText(turnout.participated.count, turnout.eligible.count)}
                </Text>
                <Text className="dw-figure-label" id="dw-turnout-count">
                  {t("dw.turnout.summary", {
                    voted: turnout.participated.count,
                    eligible: turnout.eligible.count,
                  })}{" "}
                  {t(`dw.turnout.units.${vote.electorate}`)}
                </Text>
              </View>
              {vote.electorate === "owners" &&
              turnout.eligible.area !== undefined &&
              turnout.participated.area !== undefined ? (
                <View className="dw-figure">
                  <Text className="dw-figure-value" id="dw-turnout-area-percent">
                    {percentText(turnout.participated.area, turnout.eligible.area)}
                  </Text>
                  <Text className="dw-figure-label" id="dw-turnout-area">
                    {t("dw.turnout.summaryArea", {
                      voted: areaText(turnout.participated.area),
                      eligible: areaText(turnout.eligible.area),
                    })}
                  </Text>
                </View>
              ) : null}
            </View>
          </View>

          {results ? (
            <ResultsCard results={results} options={vote.options} />
          ) : vote.status === "open" ? (
            <Text className="lw-muted-row" id="dw-results-sealed">
              {t("dw.results.sealed")}
            </Text>
          ) : null}

          {vote.status === "open" ? (
            <View className="card dw-close-card" id="dw-close-card">
              {canCloseVote(vote, now) ? (
                <View>
                  {now.getTime() < Date.parse(vote.closesAt) ? (
                    <Text className="hint">{t("dw.close.early")}</Text>
                  ) : null}
                  <Button
                    id="dw-close-vote"
                    type="danger"
                    size="large"
                    block
                    className="dw-submit"
                    onClick={() => {
                      setCloseError("");
                      setClosing(true);
                    }}
                  >
                    {t("dw.close.button")}
                  </Button>
                </View>
              ) : (
                <Text className="hint" id="dw-close-not-yet">
                  {t("dw.close.notYet", { time: formatShanghai(vote.closesAt) })}
                </Text>
              )}
            </View>
          ) : null}

          <Text className="section-title">{t("dw.turnout.byBuilding")}</Text>
          <View className="card" id="dw-buildings">
            <Text className="lw-muted-row">{t("dw.turnout.buildingHint")}</Text>
            {sortBuildings(turnout.byBuilding).map((row) => (
              <View
                key={row.buildingId}
                id={`dw-building-${row.buildingId}`}
                className={`dw-building${buildingId === row.buildingId ? " dw-building-on" : ""}`}
                onClick={() => setBuildingId((prev) => (prev === row.buildingId ? null : row.buildingId))}
              >
                <View className="dw-building-head">
                  <Text className="dw-building-name">{row.buildingName}</Text>
                  <Text>
                    {row.voted}/{row.eligible} · {percentText(row.voted, row.eligible)}
                  </Text>
                </View>
                <View className="dw-track">
                  <View
                    className="dw-fill"
                    style={{ width: `${row.eligible ? (row.voted * 100) / row.eligible : 0}%` }}
                  />
                </View>
              </View>
            ))}
          </View>

          <Text className="section-title">{t("dw.turnout.units")}</Text>
          <UnitList
            turnout={turnout}
            filter={filter}
            buildingId={buildingId}
            onFilter={setFilter}
            onAllBuildings={() => setBuildingId(null)}
            paperFor={(unit) => {
              const householdId = paperHouseholdId(unit);
              return householdId && canRecordPaper(vote, unit, now) ? householdId : null;
            }}
            onPaper={(unit, householdId) => {
              setNotice("");
              setPaper({ unit, householdId });
            }}
            residentsVote={vote.electorate === "residents"}
          />
        </View>
      ) : null}

      {paper && vote ? (
        <PaperSheet
          topicId={topicId}
          unit={paper.unit}
          householdId={paper.householdId}
          options={vote.options}
          collector={user?.nickname ?? ""}
          onDismiss={() => setPaper(null)}
          onRecorded={(unitLabel, changed) => {
            setPaper(null);
            const message = t(changed ? "dw.paper.changed" : "dw.paper.done", { unit: unitLabel });
            setNotice(message);
            void Taro.showToast({ title: message, icon: "none" });
            void fetchAll();
          }}
        />
      ) : null}

      {closing && vote ? (
        <Confirm
          id="dw-close-confirm"
          title={t("dw.close.confirmTitle")}
          body={t("dw.close.confirmBody")}
          confirmId="dw-close-confirm-ok"
          confirmText={t("dw.close.confirmOk")}
          cancelId="dw-close-confirm-cancel"
          cancelText={t("dw.back")}
          danger
          busy={closeBusy}
          onConfirm={() => void close()}
          onCancel={() => setClosing(false)}
        >
          {Date.now() < Date.parse(vote.closesAt) ? (
            <Text className="lw-warn">
              {t("dw.close.confirmEarly", { time: formatShanghai(vote.closesAt) })}
            </Text>
          ) : null}
          {closeError ? (
            <Text className="lw-error" id="dw-close-error">
              {closeError}
            </Text>
          ) : null}
        </Confirm>
      ) : null}
    </Page>
  );
}

interface UnitListProps {
  turnout: VoteTurnout;
  filter: UnitFilter;
  buildingId: string | null;
  onFilter(filter: UnitFilter): void;
  onAllBuildings(): void;
  /** The household a paper ballot would be recorded for, or null when this unit takes none now. */
  paperFor(unit: TurnoutUnit): string | null;
  onPaper(unit: TurnoutUnit, householdId: string): void;
  residentsVote: boolean;
}

/** The voting units: who has not voted yet (to follow up), who has and how, and paper ballots. */
function UnitList({
  turnout,
  filter,
  buildingId,
  onFilter,
  onAllBuildings,
  paperFor,
  onPaper,
  residentsVote,
}: UnitListProps) {
  const t = useT();
  const counts = unitCounts(turnout.units, buildingId);
  const units = filterUnits(turnout.units, filter, buildingId);
  const building = turnout.byBuilding.find((row) => row.buildingId === buildingId);

  return (
    <View id="dw-units">
      <View className="lw-chips dw-filters">
        {UNIT_FILTERS.map((value) => (
          <View
            key={value}
            id={`dw-filter-${value}`}
            className={`lw-chip${filter === value ? " lw-chip-on" : ""}`}
            onClick={() => onFilter(value)}
          >
            {t(`dw.turnout.filter.${value}`, { count: counts[value] })}
          </View>
        ))}
        {building ? (
          <View id="dw-filter-building" className="lw-chip lw-chip-on" onClick={onAllBuildings}>
            {t("dw.turnout.onlyBuilding", { name: building.buildingName })} ×
          </View>
        ) : null}
      </View>
      <Text className="hint dw-filters" id="dw-secret-note">
        {t(turnout.secret ? "dw.turnout.secretNote" : "dw.turnout.publicNote")}
      </Text>
      {residentsVote ? (
        <Text className="hint dw-filters" id="dw-residents-note">
          {t("dw.turnout.residentsNote")}
        </Text>
      ) : null}

      {units.length === 0 ? (
        <View className="state" id="dw-units-empty">
          {t("dw.turnout.noUnits")}
        </View>
      ) : null}
      {units.map((unit) => {
        const householdId = paperFor(unit);
        return (
          <View key={unit.unitId} id={`dw-unit-${unit.unitId}`} className="card dw-unit">
            <View className="dw-unit-text">
              <Text className="dw-unit-label">{unit.label}</Text>
              {unit.area !== undefined ? <Text className="dw-meta">{areaText(unit.area)}</Text> : null}
              <Text
                className={`badge dw-unit-status ${unit.voted ? "badge-green" : "badge-orange"}`}
                id={`dw-unit-status-${unit.unitId}`}
              >
                {!unit.voted
                  ? t("dw.turnout.notVoted")
                  : t(unit.via === "paper" ? "dw.turnout.paper" : "dw.turnout.online", {
                      time: unit.votedAt ? formatShanghai(unit.votedAt) : "",
                    })}
              </Text>
              {!turnout.secret && unit.choice ? (
                <Text className="badge badge-grey dw-unit-status" id={`dw-unit-choice-${unit.unitId}`}>
                  {t("dw.turnout.choice", { choice: t(`dw.choice.${unit.choice}`) })}
                </Text>
              ) : null}
            </View>
            {householdId ? (
              <Button
                id={`dw-paper-${householdId}`}
                size="small"
                type="primary"
                fill="outline"
                onClick={() => onPaper(unit, householdId)}
              >
                {t(unit.voted ? "dw.turnout.paperChange" : "dw.turnout.paperButton")}
              </Button>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
