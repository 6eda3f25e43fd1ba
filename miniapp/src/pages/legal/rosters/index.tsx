import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import { useDidShow } from "@tarojs/taro";
import { useState } from "react";
import { type Lawyer, listLawyers, listRosters, type Roster } from "../../../api/legal-work";
import { Page } from "../../../components/Page";
import { type Translate, useT } from "../../../i18n";
import { isForbidden, legalErrorMessage } from "../../../utils/legal-work-errors";
import { RosterForm } from "./RosterForm";
import { Schedule } from "./Schedule";
import { SettingsForm } from "./SettingsForm";
import "../../../components/Page/staff.scss";
import "./index.scss";
import { LoadState } from "../../../components/LoadState";

type Tab = "rosters" | "schedule" | "settings";
type Load = "loading" | "ready" | "forbidden" | "error";

const TABS: Array<{ tab: Tab; label: "rosters.tabRosters" | "rosters.tabSchedule" | "rosters.tabSettings" }> =
  [
    { tab: "rosters", label: "rosters.tabRosters" },
    { tab: "schedule", label: "rosters.tabSchedule" },
    { tab: "settings", label: "rosters.tabSettings" },
  ];

function weekdayList(t: Translate, weekdays: number[]): string {
  return weekdays
    .map((day) => t("lw.weekdayLabel", { day: t(`lw.weekday.${day}` as "lw.weekday.1") }))
    .join(t("lw.weekdayJoin"));
}

function RosterCard({ roster, lawyer, t }: { roster: Roster; lawyer: Lawyer | undefined; t: Translate }) {
  return (
    <View className="card" id={`roster-${roster.id}`}>
      <View className="card-title">
        <Text>{lawyer?.name ?? t("rosters.unknownLawyer", { id: roster.lawyerId })}</Text>
        <Text className={`badge ${roster.mode === "phone" ? "badge-orange" : "badge-green"}`}>
          {t(`lw.modeShort.${roster.mode}`)}
        </Text>
      </View>
      <Text className="rosters-line">
        {t("rosters.summary", {
          from: roster.from,
          to: roster.to,
          weekdays: weekdayList(t, roster.weekdays),
        })}
      </Text>
      <Text className="rosters-line">
        {t("rosters.time", { start: roster.startTime, end: roster.endTime, minutes: roster.slotMinutes })}
      </Text>
      <Text className="lw-muted-row">
        {t("rosters.seatsMode", {
          mode: roster.mode === "phone" ? t("lw.mode.phone") : roster.location,
          seats: roster.seats,
          count: roster.slotCount,
        })}
      </Text>
    </View>
  );
}

export default function RostersPage() {
  const t = useT();
  const [tab, setTab] = useState<Tab>("rosters");
  const [rosters, setRosters] = useState<Roster[]>([]);
  const [lawyers, setLawyers] = useState<Lawyer[]>([]);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [creating, setCreating] = useState(false);

  const fetchAll = async () => {
    setLoad("loading");
    try {
      const [list, people] = await Promise.all([listRosters(), listLawyers()]);
      setRosters(list);
      setLawyers(people);
      setLoad("ready");
    } catch (err) {
      setError(legalErrorMessage(t, err));
      setLoad(isForbidden(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    void fetchAll();
  });

  if (load === "forbidden")
    return (
      <Page id="rosters-page" title={t("rosters.title")}>
        <View className="state" id="rosters-forbidden">
          {t("rosters.forbidden")}
        </View>
      </Page>
    );

  return (
    <Page id="rosters-page" title={t("rosters.title")}>
      <View className="lw-tabs">
        {TABS.map(({ tab: value, label }) => (
          <View
            key={value}
            id={`rosters-tab-${value}`}
            className={`lw-tab${tab === value ? " lw-tab-on" : ""}`}
            onClick={() => setTab(value)}
          >
            {t(label)}
          </View>
        ))}
      </View>

      {tab === "rosters" ? (
        <View id="rosters-list">
          <LoadState id="rosters" load={load} error={error} onRetry={fetchAll} />
          {load === "ready" ? (
            <View>
              {creating ? (
                <RosterForm
                  lawyers={lawyers}
                  onClose={() => setCreating(false)}
                  onCreated={(roster) => {
                    setRosters((prev) => [roster, ...prev.filter((r) => r.id !== roster.id)]);
                    setCreating(false);
                  }}
                />
              ) : (
                <View className="rosters-create">
                  <Button
                    id="roster-create"
                    type="primary"
                    size="large"
                    block
                    onClick={() => setCreating(true)}
                  >
                    {t("rosters.create")}
                  </Button>
                </View>
              )}
              <Text className="section-title">{t("rosters.listTitle")}</Text>
              {rosters.length === 0 ? (
                <View className="state" id="rosters-empty">
                  {t("rosters.empty")}
                </View>
              ) : null}
              {rosters.map((roster) => (
                <RosterCard
                  key={roster.id}
                  roster={roster}
                  lawyer={lawyers.find((l) => l.id === roster.lawyerId)}
                  t={t}
                />
              ))}
            </View>
          ) : null}
        </View>
      ) : null}

      {tab === "schedule" ? <Schedule /> : null}
      {tab === "settings" ? <SettingsForm /> : null}
    </Page>
  );
}
