import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { useState } from "react";
import { type Center, listCenters, listMatters, type Matter, updateMatter } from "../../../api/window-work";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { type MessageKey, useT } from "../../../i18n";
import { useSession } from "../../../store/session";
import { useSettings } from "../../../store/settings";
import { feeText, localized, processingText } from "../../../utils/window-format";
import { isForbidden, windowErrorMessage } from "../../../utils/window-work-errors";
import { groupByCategory, withStatus } from "../../../utils/window-work-matter";
import { CenterForm } from "./CenterForm";
import { Closures } from "./Closures";
import { MatterForm } from "./MatterForm";
import "../../../components/Page/staff.scss";
import "./index.scss";

type Tab = "matters" | "center" | "closures";
type Load = "loading" | "ready" | "error" | "forbidden";

const TABS: Array<{ tab: Tab; label: MessageKey }> = [
  { tab: "matters", label: "ww.manage.tabMatters" },
  { tab: "center", label: "ww.manage.tabCenter" },
  { tab: "closures", label: "ww.manage.tabClosures" },
];

export default function WindowManagePage() {
  const t = useT();
  const { locale } = useSettings();
  const { user } = useSession();
  const communityId = user?.staffCommunityIds[0];
  const [tab, setTab] = useState<Tab>("matters");
  const [center, setCenter] = useState<Center | null>(null);
  const [matters, setMatters] = useState<Matter[]>([]);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  // The matter being edited: "new" for a new one.
  const [editing, setEditing] = useState<Matter | "new" | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const fetchAll = async () => {
    setLoad("loading");
    try {
      const [centers, list] = await Promise.all([
        listCenters(communityId),
        listMatters({ communityId, includeRetired: true }),
      ]);
      setCenter(centers[0] ?? null);
      setMatters(list);
      setLoad("ready");
      // Nothing can be booked without a center: start there.
      if (!centers[0]) setTab("center");
    } catch (err) {
      setError(windowErrorMessage(t, err));
      setLoad(isForbidden(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    if (!editing) void fetchAll();
  });

  const toggleStatus = async (matter: Matter) => {
    if (busyId) return;
    const status = matter.status === "active" ? "retired" : "active";
    setBusyId(matter.id);
    try {
      const saved = await updateMatter(matter.id, withStatus(matter, status), matter.updatedAt);
      setMatters((prev) => prev.map((m) => (m.id === saved.id ? saved : m)));
      void Taro.showToast({
        title: t(status === "retired" ? "ww.matters.retiredDone" : "ww.matters.restoredDone", {
          name: localized(locale, saved.name, saved.nameEn),
        }),
        icon: "none",
      });
    } catch (err) {
      void Taro.showToast({ title: windowErrorMessage(t, err), icon: "none", duration: 3000 });
      void fetchAll();
    } finally {
      setBusyId(null);
    }
  };

  if (load === "forbidden")
    return (
      <Page id="window-manage-page" title={t("ww.manage.title")}>
        <View className="state" id="manage-forbidden">
          {t("ww.forbidden")}
        </View>
      </Page>
    );

  const active = matters.filter((m) => m.status === "active").length;

  return (
    <Page id="window-manage-page" title={t("ww.manage.title")}>
      <View className="lw-tabs">
        {TABS.map(({ tab: value, label }) => (
          <View
            key={value}
            id={`manage-tab-${value}`}
            className={`lw-tab${tab === value ? " lw-tab-on" : ""}`}
            onClick={() => setTab(value)}
          >
            {t(label)}
          </View>
        ))}
      </View>

      <LoadState id="manage" load={load} error={error} onRetry={fetchAll} />

      {load === "ready" && tab === "center" ? (
        <CenterForm
          key={center?.updatedAt ?? "new"}
          center={center}
          communityId={communityId}
          onSaved={(saved) => setCenter(saved)}
        />
      ) : null}

      {load === "ready" && tab === "closures" ? (
        center ? (
          <Closures center={center} />
        ) : (
          <View className="state" id="closures-no-center">
            {t("ww.closure.needCenter")}
          </View>
        )
      ) : null}

      {load === "ready" && tab === "matters" ? (
        <View id="matters">
          {editing ? (
            <MatterForm
              key={editing === "new" ? "new" : editing.id}
              matter={editing === "new" ? null : editing}
              communityId={communityId}
              onClose={() => setEditing(null)}
              onStale={() => {
                listMatters({ communityId, includeRetired: true }).then(setMatters, () => undefined);
              }}
              onSaved={(saved) => {
                setMatters((prev) =>
                  prev.some((m) => m.id === saved.id)
                    ? prev.map((m) => (m.id === saved.id ? saved : m))
                    : [...prev, saved],
                );
                setEditing(null);
              }}
            />
          ) : (
            <View>
              {!center ? (
                <View className="wm-result wm-result-warn" id="matters-no-center">
                  {t("ww.closure.needCenter")}
                </View>
              ) : null}
              <View className="wm-create">
                <Button
                  id="matter-create"
                  type="primary"
                  size="large"
                  block
                  disabled={!center}
                  onClick={() => setEditing("new")}
                >
                  {t("ww.matters.create")}
                </Button>
              </View>
              <Text className="section-title" id="matters-count">
                {t("ww.matters.count", { active, retired: matters.length - active })}
              </Text>
              {matters.length === 0 ? (
                <View className="state" id="matters-empty">
                  {t("ww.matters.empty")}
                </View>
              ) : null}
              {groupByCategory(matters).map((group) => (
                <View key={group.category} id={`matters-${group.category}`}>
                  <Text className="wm-group-title">{t(`wr.category.${group.category}`)}</Text>
                  {group.matters.map((matter) => (
                    <View
                      key={matter.id}
                      id={`matter-${matter.id}`}
                      className={`card wm-matter${matter.status === "retired" ? " wm-matter-retired" : ""}`}
                    >
                      <View className="card-title">
                        <Text className="wm-matter-name">
                          {localized(locale, matter.name, matter.nameEn)}
                        </Text>
                        {matter.status === "retired" ? (
                          <Text className="badge badge-grey">{t("ww.matters.retired")}</Text>
                        ) : null}
                      </View>
                      <View className="wm-matter-tags">
                        <Text className="badge badge-green">{processingText(t, matter.processingDays)}</Text>
                        <Text className="badge badge-grey">
                          {t("ww.matters.materials", { count: matter.materials.length })}
                        </Text>
                        {matter.proxyAllowed ? (
                          <Text className="badge badge-orange">{t("ww.matters.proxy")}</Text>
                        ) : null}
                        <Text className="badge badge-grey">{feeText(t, matter.fee)}</Text>
                      </View>
                      <Text className="wm-matter-desc">
                        {localized(locale, matter.description, matter.descriptionEn)}
                      </Text>
                      <View className="wm-matter-actions">
                        <Button
                          id={`matter-edit-${matter.id}`}
                          size="small"
                          fill="outline"
                          type="primary"
                          onClick={() => setEditing(matter)}
                        >
                          {t("ww.matters.edit")}
                        </Button>
                        <Button
                          id={`matter-${matter.status === "active" ? "retire" : "restore"}-${matter.id}`}
                          size="small"
                          fill="outline"
                          type={matter.status === "active" ? "danger" : "primary"}
                          loading={busyId === matter.id}
                          onClick={() => void toggleStatus(matter)}
                        >
                          {t(matter.status === "active" ? "ww.matters.retire" : "ww.matters.restore")}
                        </Button>
                      </View>
                    </View>
                  ))}
                </View>
              ))}
            </View>
          )}
        </View>
      ) : null}
    </Page>
  );
}
