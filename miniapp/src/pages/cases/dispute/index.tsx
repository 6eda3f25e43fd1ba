import { Text, View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useState } from "react";
import { type DisputeView, getDispute } from "../../../api/cases";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { categoryLabel, disputeTone } from "../../../utils/cases-labels";
import { formatShanghai } from "../../../utils/time";
import {
  ActionButtons,
  AssigneeRow,
  CaseHistory,
  CaseLoadPage,
  SummaryHead,
  useCaseView,
} from "../common/CaseView";
import { AssignSheet, CloseSheet, type DisputeAction, RecordSheet, ScheduleSheet } from "./DisputeActions";
import "../common/cases-resident.scss";
import "./index.scss";

const ACTIONS: DisputeAction[] = ["assign", "schedule", "record", "close"];
const SESSION_TONE = { scheduled: "orange", held: "green", cancelled: "grey" } as const;
const OUTCOME_TONE = { settled: "green", not_settled: "orange", withdrawn: "grey" } as const;

export default function DisputePage() {
  const t = useT();
  const params = useRouter().params;
  const id = params.id ?? "";
  const fresh = params.new === "1";
  const [acting, setActing] = useState<DisputeAction | null>(null);

  const view = useCaseView(() => getDispute(id));
  const { item: dispute, setItem: setDispute } = view;

  const done = (next: DisputeView, action: DisputeAction) => {
    setDispute(next);
    setActing(null);
    void Taro.showToast({ title: t(`cr.da.done.${action}`), icon: "success" });
  };

  if (!dispute) {
    return (
      <CaseLoadPage pageId="case-dispute-page" title={t("cr.dispute.title")} id="case-dispute" view={view} />
    );
  }

  const d = dispute;
  const actions = ACTIONS.filter((a) => d.can[a]);
  const sessions = [...d.sessions].sort((a, b) => a.n - b.n);

  return (
    <Page id="case-dispute-page" className="cr-page" title={t("cr.dispute.title")}>
      {fresh && d.status === "filed" ? (
        <Text className="cr-banner cr-banner-ok" id="case-new-banner">
          {t("cr.dispute.new", { number: d.number })}
        </Text>
      ) : null}

      <View className="card" id="dispute-summary">
        <SummaryHead
          kindClass="dispute-type"
          kindId="dispute-type"
          kind={categoryLabel(t, d.type)}
          tone={disputeTone[d.status]}
          status={t(`cr.dstatus.${d.status}`)}
          number={d.number}
        />
        <View className="cr-row">
          <Text className="cr-row-label">{t("cr.detail.createdAt")}</Text>
          <View className="cr-row-value">
            <Text id="case-created">{formatShanghai(d.createdAt)}</Text>
            <Text className="cr-row-sub">{t(`cr.dispute.filedVia.${d.filedVia}`)}</Text>
          </View>
        </View>
        <AssigneeRow
          id="dispute-mediator"
          label={t("cr.dispute.mediator")}
          name={d.assignee?.name ?? t("cr.dispute.noMediator")}
          deadline={d}
        />
      </View>

      <View className="card" id="dispute-parties">
        <Text className="card-title">{t("cr.dispute.parties")}</Text>
        {d.parties.map((p, i) => (
          <View key={`${p.side}-${p.name}`} className="cr-row" id={`dispute-party-${i}`}>
            <Text className="cr-row-label">{t(`cr.side.${p.side}`)}</Text>
            <View className="cr-row-value">
              <Text>{p.name}</Text>
              {p.phone ? (
                <Text className="cr-row-sub" id={`dispute-party-${i}-phone`}>
                  {p.phone}
                </Text>
              ) : null}
              {!p.isUser ? <Text className="cr-row-sub">{t("cr.dispute.notUser")}</Text> : null}
            </View>
          </View>
        ))}
      </View>

      <View className="card" id="dispute-description">
        <Text className="card-title">{t("cr.detail.description")}</Text>
        <Text className="cr-text">{d.description}</Text>
      </View>

      <View className="card" id="dispute-sessions">
        <Text className="card-title">{t("cr.dispute.sessions")}</Text>
        {sessions.length === 0 ? <Text className="hint">{t("cr.dispute.noSessions")}</Text> : null}
        {sessions.map((s) => (
          <View key={s.n} className="cr-row" id={`dispute-session-${s.n}`}>
            <Text className="cr-row-label">{t("cr.dispute.sessionN", { n: s.n })}</Text>
            <View className="cr-row-value">
              <Text className="dispute-session-when">{formatShanghai(s.scheduledAt)}</Text>
              <Text className="cr-row-sub">{s.place}</Text>
              <View className="cr-badges">
                <Text
                  className={`badge badge-${SESSION_TONE[s.status]}`}
                  id={`dispute-session-${s.n}-status`}
                >
                  {t(`cr.session.${s.status}`)}
                </Text>
              </View>
              {s.summary ? <Text className="cr-event-note">{s.summary}</Text> : null}
            </View>
          </View>
        ))}
      </View>

      {d.outcome ? (
        <View className="card" id="dispute-outcome">
          <View className="card-title">
            <Text>{t("cr.dispute.outcome")}</Text>
            <Text className={`badge badge-${OUTCOME_TONE[d.outcome]}`} id="dispute-outcome-value">
              {t(`cr.outcome.${d.outcome}`)}
            </Text>
          </View>
          {d.agreement ? (
            <View id="dispute-agreement">
              <Text className="cr-section">{t("cr.dispute.agreement")}</Text>
              <Text className="cr-text">{d.agreement}</Text>
            </View>
          ) : null}
          {d.referredTo ? (
            <Text className="cr-text" id="dispute-referred">
              {t("cr.dispute.referredTo", { body: t(`cr.referred.${d.referredTo}`) })}
            </Text>
          ) : null}
          {d.closeNote ? (
            <View>
              <Text className="cr-section">{t("cr.dispute.closeNote")}</Text>
              <Text className="cr-text">{d.closeNote}</Text>
            </View>
          ) : null}
        </View>
      ) : null}

      <ActionButtons<DisputeAction>
        actions={actions}
        className="dispute-action"
        label={(action) => t(`cr.da.${action}`)}
        type={() => "primary"}
        fill={(action) => (action === "close" ? "outline" : "solid")}
        onPick={setActing}
      />

      <CaseHistory events={d.history} />

      {acting === "assign" ? (
        <AssignSheet dispute={d} onDone={done} onCancel={() => setActing(null)} />
      ) : null}
      {acting === "schedule" ? (
        <ScheduleSheet dispute={d} onDone={done} onCancel={() => setActing(null)} />
      ) : null}
      {acting === "record" ? (
        <RecordSheet dispute={d} onDone={done} onCancel={() => setActing(null)} />
      ) : null}
      {acting === "close" ? <CloseSheet dispute={d} onDone={done} onCancel={() => setActing(null)} /> : null}
    </Page>
  );
}
