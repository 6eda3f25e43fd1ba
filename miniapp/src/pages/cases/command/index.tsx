import { Text, View } from "@tarojs/components";
import Taro, { usePullDownRefresh } from "@tarojs/taro";
import { useEffect, useRef, useState } from "react";
import { type CommandCenter, getCommandCenter } from "../../../api/command-center";
import { getCommunities } from "../../../api/requests";
import type { Community } from "../../../api/types";
import { CsvExport } from "../../../components/CsvExport";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { PeriodPicker } from "../../../components/PeriodPicker";
import { usePeriodStats } from "../../../components/PeriodPicker/usePeriodStats";
import {
  StatsBars,
  StatsRateBars,
  StatsStack,
  StatsTile,
  StatsTiles,
  type StatsTone,
} from "../../../components/Stats";
import { type Translate, useT } from "../../../i18n";
import { useSession } from "../../../store/session";
import {
  byCount,
  casesWorkErrorMessage,
  categoryLabel,
  countCsvRows,
  departmentsCsvRows,
  groupThousands,
  isForbidden,
  kindStatusLabel,
  overdueCsvRows,
  splitCaseKey,
  staffCommunity,
  statusOrder,
  votesCsvRows,
} from "../../../utils/cases-work";
import {
  formatPercent,
  PRESETS,
  type Preset,
  periodProblem,
  presetPeriod,
} from "../../../utils/stats-period";
import { formatShanghai } from "../../../utils/time";
import { CaseRow } from "../work/CaseRow";
import "../../../components/Page/staff.scss";
import "./index.scss";

// The charts are Views and CSS (components/Stats), not a chart library: see the note there
// (Taro 4.2's vendors.js would carry the library into the weapp main package, and a canvas chart
// cannot be rendered in the weapp test harness).

const STATUS_TONES: Record<string, StatsTone> = {
  submitted: "orange",
  filed: "orange",
  dispatched: "blue",
  assigned: "blue",
  in_progress: "teal",
  in_mediation: "teal",
  resolved: "green",
};

/** "1,509 / 1,515": settled of those that ended settled or not (withdrawn left out, as the rate). */
function mediationFigures(t: Translate, center: CommandCenter) {
  const { settled, notSettled, withdrawn, rate } = center.mediation;
  return {
    value: `${groupThousands(settled)} / ${groupThousands(settled + notSettled)}`,
    label: t("cw.cc.mediationRate", { rate: formatPercent(rate) }),
    note: withdrawn > 0 ? t("cw.cc.mediationNote", { withdrawn }) : undefined,
  };
}

/**
 * 指挥中心: one screen for the community's cases — what is open, what has lit up, how each
 * department keeps its time limits, how mediation ends, today's window and legal desk, the votes
 * running — with a period for the finished-case figures and a CSV export under every list.
 */
export default function CommandCenterPage() {
  const t = useT();
  const { user } = useSession();
  const own = staffCommunity(user);
  // A district admin has no community of their own: they pick one (the API wants it named).
  const picks = !own && (user?.roles.includes("admin") ?? false);
  const allowed = Boolean(own) || picks;
  const [communities, setCommunities] = useState<Community[]>([]);
  const [chosen, setChosen] = useState<string | null>(own);
  // Read when the figures are fetched, so a change of community needs no new fetcher.
  const chosenRef = useRef(chosen);
  const {
    today,
    choice,
    period,
    stats,
    load,
    error,
    choose: choosePeriod,
    setCustom,
    retry,
  } = usePeriodStats({
    firstPreset: "this_month" as Preset,
    presetPeriod,
    periodProblem: (next) => {
      const problem = periodProblem(next);
      if (!problem) return null;
      return t(problem === "order" ? "cw.cc.order" : "cw.cc.tooLong");
    },
    fetchStats: (from, to) => {
      if (!allowed) return Promise.reject(new Error("not staff"));
      const communityId = chosenRef.current;
      // An admin's first show comes before the list of communities: wait for the pick.
      return communityId
        ? getCommandCenter(from, to, communityId)
        : new Promise<CommandCenter>(() => undefined);
    },
    errorText: (err) => casesWorkErrorMessage(t, err),
    isForbidden,
  });

  const choose = (communityId: string) => {
    chosenRef.current = communityId;
    setChosen(communityId);
    void retry?.();
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for an admin's list of communities
  useEffect(() => {
    if (!picks) return;
    getCommunities().then(
      (list) => {
        setCommunities(list);
        if (!chosenRef.current && list[0]) choose(list[0].id);
      },
      () => undefined,
    );
  }, []);

  usePullDownRefresh(() => {
    const done = () => Taro.stopPullDownRefresh();
    (retry ? retry() : Promise.resolve()).then(done, done);
  });

  if (!allowed || load === "forbidden")
    return (
      <Page id="cases-command-page" title={t("cw.cc.title")}>
        <View className="state" id="cc-forbidden">
          {t("cw.staffOnly")}
        </View>
      </Page>
    );

  const center = stats;
  const csvPeriod = { from: period.from, to: period.to };

  return (
    <Page id="cases-command-page" title={t("cw.cc.title")}>
      {picks && communities.length > 0 ? (
        <View className="lw-chips cc-communities" id="cc-communities">
          {communities.map((community) => (
            <View
              key={community.id}
              id={`cc-community-${community.id}`}
              className={`lw-chip${chosen === community.id ? " lw-chip-on" : ""}`}
              onClick={() => choose(community.id)}
            >
              {community.name}
            </View>
          ))}
        </View>
      ) : null}

      <PeriodPicker
        id="cc"
        choices={PRESETS}
        choice={choice}
        label={(value) => t(`cw.cc.preset.${value}`)}
        onChoose={choosePeriod}
        period={period}
        today={today}
        fromLabel={t("cw.cc.from")}
        toLabel={t("cw.cc.to")}
        onCustom={setCustom}
      />

      <Text className="section-title" id="cc-range">
        {t("cw.cc.range", { from: period.from, to: period.to })}
      </Text>

      <LoadState id="cc" load={load} error={error} onRetry={retry} />

      {load === "ready" && center ? (
        <View id="cc-body">
          <StatsTiles>
            <StatsTile
              id="cc-open"
              value={center.open.total}
              label={t("cw.cc.open")}
              note={t("cw.cc.openNote")}
            />
            <StatsTile
              id="cc-overdue"
              value={center.open.overdue}
              label={t("cw.cc.overdue")}
              note={t("cw.cc.overdueNote")}
              variant={center.open.overdue > 0 ? "alert" : undefined}
            />
            <StatsTile id="cc-mediation" variant="wide" {...mediationFigures(t, center)} />
            <StatsTile
              id="cc-satisfaction"
              value={formatPercent(
                center.reports.rated > 0 ? center.reports.satisfied / center.reports.rated : null,
              )}
              label={t("cw.cc.satisfaction")}
              note={t("cw.cc.satisfactionNote", {
                satisfied: center.reports.satisfied,
                rated: center.reports.rated,
              })}
            />
            <StatsTile
              id="cc-received"
              value={center.reports.received}
              label={t("cw.cc.received")}
              note={t("cw.cc.receivedNote", { finished: center.reports.finished })}
            />
          </StatsTiles>

          <View className="card cc-overdue-card" id="cc-overdue-list">
            <Text className="card-title cc-overdue-title">
              {t("cw.cc.overdueList")} · {center.overdue.length}
            </Text>
            {center.overdue.length === 0 ? (
              <Text className="hint" id="cc-overdue-none">
                {t("cw.cc.overdueNone")}
              </Text>
            ) : null}
            <CsvExport
              id="cc-overdue"
              name={t("cw.csv.file.overdue")}
              {...csvPeriod}
              rows={() => overdueCsvRows(t, center.overdue)}
            />
          </View>
          {center.overdue.map((row) => (
            <CaseRow key={row.id} row={row} idPrefix="cc-overdue" />
          ))}

          <View className="card" id="cc-categories">
            <Text className="card-title">{t("cw.cc.byCategory")}</Text>
            {center.open.byCategory.length === 0 ? <Text className="hint">{t("cw.cc.noOpen")}</Text> : null}
            <StatsBars
              idPrefix="cc-category"
              wide
              rows={byCount(center.open.byCategory).map((row) => ({
                key: row.key.replace(/[:.]/g, "-"),
                label: categoryLabel(t, row.key),
                count: row.count,
              }))}
            />
            <CsvExport
              id="cc-categories"
              name={t("cw.csv.file.byCategory")}
              {...csvPeriod}
              rows={() =>
                countCsvRows(t, "cw.csv.category", byCount(center.open.byCategory), (key) =>
                  categoryLabel(t, key),
                )
              }
            />
          </View>

          <View className="card" id="cc-statuses">
            <Text className="card-title">{t("cw.cc.byStatus")}</Text>
            {center.open.byStatus.length === 0 ? (
              <Text className="hint">{t("cw.cc.noOpen")}</Text>
            ) : (
              <StatsStack
                id="cc-status"
                parts={statusOrder(center.open.byStatus).map((row) => ({
                  key: row.key.replace(/[:.]/g, "-"),
                  label: kindStatusLabel(t, row.key),
                  count: row.count,
                  tone: STATUS_TONES[splitCaseKey(row.key).key],
                }))}
              />
            )}
          </View>

          <View className="card" id="cc-departments">
            <Text className="card-title">{t("cw.cc.departments")}</Text>
            {center.departments.length === 0 ? (
              <Text className="hint">{t("cw.cc.departmentsNone")}</Text>
            ) : null}
            <StatsRateBars
              idPrefix="cc-department"
              warnBelow={0.9}
              rows={center.departments.map((row) => ({
                key: row.id,
                label: row.name,
                rate: row.rate,
                detail: t("cw.cc.departmentDetail", {
                  finished: row.finished,
                  onTime: row.onTime,
                  open: row.open,
                  overdue: row.overdue,
                }),
              }))}
            />
            <CsvExport
              id="cc-departments"
              name={t("cw.csv.file.departments")}
              {...csvPeriod}
              rows={() => departmentsCsvRows(t, center.departments)}
            />
          </View>

          <View className="card" id="cc-mediation-split">
            <Text className="card-title">{t("cw.cc.mediation")}</Text>
            {center.mediation.closed === 0 ? (
              <Text className="hint">{t("cw.cc.mediationNone")}</Text>
            ) : (
              <StatsStack
                id="cc-outcome"
                parts={[
                  {
                    key: "settled",
                    label: t("cw.cc.outcome.settled"),
                    count: center.mediation.settled,
                    tone: "green",
                  },
                  {
                    key: "notSettled",
                    label: t("cw.cc.outcome.notSettled"),
                    count: center.mediation.notSettled,
                    tone: "orange",
                  },
                  {
                    key: "withdrawn",
                    label: t("cw.cc.outcome.withdrawn"),
                    count: center.mediation.withdrawn,
                    tone: "grey",
                  },
                ]}
              />
            )}
          </View>

          <Text className="section-title">{t("cw.cc.today", { date: center.today.date })}</Text>
          <StatsTiles>
            <StatsTile
              id="cc-today-window"
              value={center.today.windowAppointments}
              label={t("cw.cc.windowAppointments")}
              note={t("cw.cc.windowAttended", { count: center.today.windowAttended })}
            />
            <StatsTile
              id="cc-today-legal"
              value={center.today.legalConsultations}
              label={t("cw.cc.legalConsultations")}
            />
          </StatsTiles>

          <View className="card" id="cc-votes">
            <Text className="card-title">{t("cw.cc.votes")}</Text>
            {center.votes.length === 0 ? <Text className="hint">{t("cw.cc.votesNone")}</Text> : null}
            <StatsRateBars
              idPrefix="cc-vote"
              rows={center.votes.map((vote) => ({
                key: vote.topicId,
                label: vote.title,
                rate: vote.turnout,
                detail: vote.closesAt
                  ? t("cw.cc.voteDetail", {
                      voted: vote.voted,
                      eligible: vote.eligible,
                      closes: formatShanghai(vote.closesAt),
                    })
                  : t("cw.cc.voteNoClose", { voted: vote.voted, eligible: vote.eligible }),
              }))}
            />
            <CsvExport
              id="cc-votes"
              name={t("cw.csv.file.votes")}
              {...csvPeriod}
              rows={() => votesCsvRows(t, center.votes)}
            />
          </View>

          <Text className="cc-generated" id="cc-generated">
            {t("cw.cc.generated", { time: formatShanghai(center.generatedAt) })}
          </Text>
        </View>
      ) : null}
    </Page>
  );
}
