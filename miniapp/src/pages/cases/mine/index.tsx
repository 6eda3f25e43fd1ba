import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow, usePullDownRefresh, useRouter } from "@tarojs/taro";
import { useRef, useState } from "react";
import { type CaseSummary, listMyDisputes, listMyReports } from "../../../api/cases";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { categoryLabel, dayText, summaryStatus } from "../../../utils/cases-labels";
import { caseErrorText } from "../../../utils/cases-rules";
import { shanghaiDate } from "../../../utils/time";
import "../common/cases-resident.scss";
import "./index.scss";

type Tab = "reports" | "disputes";
type Load = "loading" | "ready" | "error";

const open = (url: string) => void Taro.navigateTo({ url });

export default function CasesMinePage() {
  const t = useT();
  const [tab, setTab] = useState<Tab>(useRouter().params.tab === "disputes" ? "disputes" : "reports");
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [items, setItems] = useState<CaseSummary[]>([]);
  // An answer for a tab no longer shown is dropped.
  const shown = useRef<Tab>(tab);

  const fetchTab = async (which: Tab) => {
    shown.current = which;
    try {
      const found = await (which === "reports" ? listMyReports() : listMyDisputes());
      if (shown.current !== which) return;
      setItems(found);
      setLoad("ready");
    } catch (err) {
      if (shown.current !== which) return;
      setError(caseErrorText(t, err));
      setLoad("error");
    }
  };

  // Back from a case (rated, say) or from a new report: the list is read again.
  useDidShow(() => {
    void fetchTab(shown.current);
  });

  usePullDownRefresh(() => {
    const done = () => Taro.stopPullDownRefresh();
    fetchTab(shown.current).then(done, done);
  });

  const switchTo = (next: Tab) => {
    if (next === tab) return;
    setTab(next);
    setItems([]);
    setLoad("loading");
    void fetchTab(next);
  };

  const renderItem = (c: CaseSummary) => {
    const status = summaryStatus(t, c);
    const url = c.kind === "report" ? ROUTES.casesDetail : ROUTES.casesDispute;
    return (
      <View
        key={c.id}
        id={`case-${c.id}`}
        className="card cr-mine-item"
        hoverClass="cell-pressed"
        onClick={() => open(`${url}?id=${c.id}`)}
      >
        <View className="cr-mine-body">
          <Text className="cell-title">{categoryLabel(t, c.category)}</Text>
          <Text className="cr-number cr-mine-number">{c.number}</Text>
          <Text className="cell-desc">
            {t("cr.created", { date: dayText(t, shanghaiDate(c.createdAt)) })}
            {c.assigneeName ? ` · ${c.assigneeName}` : ""}
          </Text>
          <View className="cr-badges">
            <Text className={`badge badge-${status.tone}`} id={`case-${c.id}-status`}>
              {status.text}
            </Text>
            {c.overdue ? (
              <Text className="badge badge-red" id={`case-${c.id}-overdue`}>
                {t("cr.overdue", { days: Math.max(1, c.overdueDays) })}
              </Text>
            ) : null}
          </View>
        </View>
        <Text className="cell-arrow">›</Text>
      </View>
    );
  };

  return (
    <Page id="cases-mine-page" className="cr-page" title={t("cr.mine.title")}>
      <View className="cr-tabs">
        {(["reports", "disputes"] as const).map((which) => (
          <View
            key={which}
            id={`mine-tab-${which}`}
            className={`cr-tab${tab === which ? " cr-tab-on" : ""}`}
            onClick={() => switchTo(which)}
          >
            {t(which === "reports" ? "cr.mine.reports" : "cr.mine.disputes")}
          </View>
        ))}
      </View>

      <LoadState id="mine" load={load} error={error} onRetry={() => void fetchTab(tab)} />

      {load === "ready" ? (
        <View id={`mine-list-${tab}`}>
          {items.map(renderItem)}
          {items.length === 0 ? (
            <View className="state state-retry" id="mine-empty">
              <Text className="state-message">
                {t(tab === "reports" ? "cr.mine.emptyReports" : "cr.mine.emptyDisputes")}
              </Text>
              {tab === "reports" ? (
                <Button id="mine-report" type="primary" onClick={() => open(ROUTES.casesReport)}>
                  {t("cr.mine.report")}
                </Button>
              ) : (
                <Button id="mine-file" type="primary" onClick={() => open(ROUTES.casesFile)}>
                  {t("cr.mine.file")}
                </Button>
              )}
            </View>
          ) : tab === "reports" ? (
            <View className="cr-actions">
              <Button
                id="mine-report"
                type="primary"
                size="large"
                block
                onClick={() => open(ROUTES.casesReport)}
              >
                {t("cr.mine.report")}
              </Button>
            </View>
          ) : (
            <View className="cr-actions">
              <Button id="mine-file" type="primary" size="large" block onClick={() => open(ROUTES.casesFile)}>
                {t("cr.mine.file")}
              </Button>
            </View>
          )}
        </View>
      ) : null}

      {tab === "reports" ? (
        <Text className="cr-link" id="mine-file-link" onClick={() => open(ROUTES.casesFile)}>
          {t("cr.mine.fileLink")}
        </Text>
      ) : null}
    </Page>
  );
}
