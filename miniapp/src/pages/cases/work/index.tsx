import { Text, View } from "@tarojs/components";
import Taro, { useDidShow, usePullDownRefresh } from "@tarojs/taro";
import { useRef, useState } from "react";
import {
  type CaseSummary,
  type CommandCenter,
  getCommandCenter,
  listDisputes,
  listReports,
} from "../../../api/command-center";
import { ApiError } from "../../../api/errors";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { useSession } from "../../../store/session";
import {
  caseDeskOf,
  casesWorkErrorMessage,
  deskOrder,
  deskView,
  isForbidden,
  needsTriage,
  splitCaseKey,
} from "../../../utils/cases-work";
import { presetPeriod } from "../../../utils/stats-period";
import { shanghaiDate } from "../../../utils/time";
import { CaseRow } from "./CaseRow";
import "../../../components/Page/staff.scss";
import "./index.scss";

type Tab = "reports" | "disputes";
type Load = "loading" | "ready" | "error" | "forbidden" | "private";

/** What staff who may not see disputes are shown instead: the command center's counts. */
function privateCounts(center: CommandCenter) {
  const open = center.open.byStatus
    .filter((row) => splitCaseKey(row.key).kind === "dispute")
    .reduce((sum, row) => sum + row.count, 0);
  // Staff who may not see disputes get no dispute lines in the overdue list, but the total counts
  // them: what is overdue and not a report is a dispute.
  const overdue = center.open.overdue - center.overdue.filter((row) => row.kind === "report").length;
  return { open, overdue, closed: center.mediation.closed, settled: center.mediation.settled };
}

/**
 * 案件办理: staff see the community's unfinished reports and disputes, the triage queue first; a
 * department handler sees the cases sent to their department. Overdue rows are red with their
 * days and level; a tap opens the case.
 */
export default function CaseWorkPage() {
  const t = useT();
  const { user } = useSession();
  const view = deskView(user);
  const department = caseDeskOf(user).departments[0];
  const [tab, setTab] = useState<Tab>("reports");
  const [load, setLoad] = useState<Load>(view ? "loading" : "forbidden");
  const [error, setError] = useState("");
  const [rows, setRows] = useState<CaseSummary[]>([]);
  const [counts, setCounts] = useState<ReturnType<typeof privateCounts> | null>(null);
  const latest = useRef(0);

  const fetchTab = async (which: Tab) => {
    if (!view) return;
    const ticket = ++latest.current;
    try {
      const items =
        which === "reports"
          ? await listReports(view.scope, view.communityId)
          : await listDisputes(view.scope, view.communityId).catch((err) => {
              // Staff who also mediate for a studio see the disputes given to them.
              if (
                err instanceof ApiError &&
                err.code === "DISPUTES_PRIVATE" &&
                view.scope === "open" &&
                department
              )
                return listDisputes("assigned", view.communityId);
              throw err;
            });
      if (ticket !== latest.current) return;
      setRows(deskOrder(items));
      setLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      if (err instanceof ApiError && err.code === "DISPUTES_PRIVATE") {
        setRows([]);
        setLoad("private");
        const month = presetPeriod("this_month", shanghaiDate());
        getCommandCenter(month.from, month.to, view.communityId).then(
          (center) => ticket === latest.current && setCounts(privateCounts(center)),
          () => undefined,
        );
        return;
      }
      setError(casesWorkErrorMessage(t, err));
      setLoad(isForbidden(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    void fetchTab(tab);
  });

  usePullDownRefresh(() => {
    const done = () => Taro.stopPullDownRefresh();
    fetchTab(tab).then(done, done);
  });

  const choose = (next: Tab) => {
    if (next === tab) return;
    setTab(next);
    setRows([]);
    setCounts(null);
    setLoad("loading");
    void fetchTab(next);
  };

  if (load === "forbidden" || !view)
    return (
      <Page id="cases-work-page" title={t("cw.work.title")}>
        <View className="state" id="cw-forbidden">
          {t("cw.forbidden")}
        </View>
      </Page>
    );

  const triage = rows.filter(needsTriage);
  const inHand = rows.filter((row) => !needsTriage(row));

  return (
    <Page id="cases-work-page" title={t("cw.work.title")}>
      <View className="lw-tabs">
        {(["reports", "disputes"] as const).map((value) => (
          <View
            key={value}
            id={`cw-tab-${value}`}
            className={`lw-tab${tab === value ? " lw-tab-on" : ""}`}
            onClick={() => choose(value)}
          >
            {t(value === "reports" ? "cw.work.tabReports" : "cw.work.tabDisputes")}
          </View>
        ))}
      </View>

      <View className="cw-scope">
        <Text className="cw-scope-text" id="cw-scope">
          {view.scope === "assigned"
            ? t("cw.work.scopeHandler", {
                department: caseDeskOf(user)
                  .departments.filter((d) => d.communityId === view.communityId)
                  .map((d) => d.name)
                  .join("、"),
              })
            : t("cw.work.scopeStaff")}
        </Text>
        <Text className="cw-refresh" id="cw-refresh" onClick={() => void fetchTab(tab)}>
          {t("cw.refresh")}
        </Text>
      </View>

      <LoadState
        id="cw-list"
        load={load}
        error={error}
        onRetry={() => {
          setLoad("loading");
          void fetchTab(tab);
        }}
      />

      {load === "private" ? (
        <View className="card" id="cw-disputes-private">
          <Text className="cw-private-title">{t("cw.disputesPrivate")}</Text>
          {counts ? (
            <Text className="hint cw-private-counts" id="cw-disputes-counts">
              {t("cw.work.privateCounts", counts)}
            </Text>
          ) : null}
        </View>
      ) : null}

      {load === "ready" && rows.length === 0 ? (
        <View className="state" id="cw-empty">
          {t("cw.work.empty")}
        </View>
      ) : null}

      {load === "ready" && triage.length > 0 ? (
        <View id="cw-triage">
          <Text className="section-title cw-section">{t("cw.work.triage", { count: triage.length })}</Text>
          <Text className="hint cw-section-hint">{t("cw.work.triageHint")}</Text>
          {triage.map((row) => (
            <CaseRow key={row.id} row={row} idPrefix="cw-case" />
          ))}
        </View>
      ) : null}

      {load === "ready" && inHand.length > 0 ? (
        <View id="cw-in-hand">
          <Text className="section-title cw-section">{t("cw.work.inHand", { count: inHand.length })}</Text>
          {inHand.map((row) => (
            <CaseRow key={row.id} row={row} idPrefix="cw-case" />
          ))}
        </View>
      ) : null}

      {load === "ready" && rows.length > 0 ? (
        <Text className="cw-pull-hint">{t("cw.work.pullHint")}</Text>
      ) : null}
    </Page>
  );
}
