import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import { type FollowUpList, getReach, getReachCsv, type NoticeReach } from "../../../api/notices";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { type Translate, useT } from "../../../i18n";
import { useSession } from "../../../store/session";
import { staffCommunityOf } from "../../../utils/deliberation-work";
import {
  barWidth,
  csvFileName,
  followUpCounts,
  followUpGroups,
  followUpLists,
  followUpTotal,
  isForbiddenError,
  percentText,
  reachErrorMessage,
  sortBuildingReach,
  withBom,
} from "../../../utils/notices-reach";
import { formatShanghai } from "../../../utils/time";
import "../../../components/Page/staff.scss";
import "./index.scss";

type Load = "loading" | "ready" | "error" | "forbidden";

interface CsvFile {
  path: string;
  name: string;
  text: string;
}

/** On the web build: the CSV as a downloaded file. */
function downloadCsv(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** In WeChat: the CSV as a file in the mini-program's own storage, ready to send in a chat. */
function writeCsv(text: string, name: string): Promise<string> {
  const path = `${Taro.env.USER_DATA_PATH ?? ""}/${name}`;
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath: path,
      data: text,
      encoding: "utf8",
      success: () => resolve(path),
      fail: (res) => reject(new Error(res.errMsg)),
    });
  });
}

const cancelled = (err: unknown) => /cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? err));

/**
 * Sends the file to a chat (the grid member); where WeChat cannot (an old version, the desktop
 * client), the list goes to the clipboard instead. `fallback` false: a failure only leaves the
 * button to try again (WeChat may refuse a share that does not follow a tap straight away).
 */
async function shareCsv(t: Translate, file: CsvFile, fallback: boolean): Promise<void> {
  try {
    if (!Taro.canIUse("shareFileMessage")) throw new Error("shareFileMessage unavailable");
    await Taro.shareFileMessage({ filePath: file.path, fileName: file.name });
  } catch (err) {
    if (cancelled(err) || !fallback) return;
    await copyCsv(t, file.text);
  }
}

async function copyCsv(t: Translate, text: string) {
  await Taro.setClipboardData({ data: text });
  void Taro.showToast({ title: t("nx.csvCopied"), icon: "none", duration: 2500 });
}

export default function NoticeReachPage() {
  const t = useT();
  const { user } = useSession();
  const communityId = staffCommunityOf(user);
  const noticeId = useRouter().params.id ?? "";
  const [load, setLoad] = useState<Load>(communityId ? "loading" : "forbidden");
  const [error, setError] = useState("");
  const [reach, setReach] = useState<NoticeReach | null>(null);
  const [list, setList] = useState<FollowUpList>("unread");
  const [fetchedAt, setFetchedAt] = useState("");
  const [refreshing, setRefreshing] = useState(false);
  const [csvBusy, setCsvBusy] = useState(false);
  const [csvFile, setCsvFile] = useState<CsvFile | null>(null);
  const [csvMessage, setCsvMessage] = useState("");
  // Only the answer to the latest request is shown (a list switch can overtake a refresh).
  const latest = useRef(0);

  const fetchReach = async (which: FollowUpList) => {
    if (!communityId) return;
    if (!noticeId) {
      setError(t("nx.noId"));
      setLoad("error");
      return;
    }
    const call = ++latest.current;
    setRefreshing(true);
    try {
      const next = await getReach(noticeId, which);
      if (call !== latest.current) return;
      setReach(next);
      setFetchedAt(new Date().toISOString());
      setLoad("ready");
    } catch (err) {
      if (call !== latest.current) return;
      setError(reachErrorMessage(t, err));
      if (isForbiddenError(err)) setLoad("forbidden");
      else if (reach) void Taro.showToast({ title: reachErrorMessage(t, err), icon: "none" });
      else setLoad("error");
    } finally {
      if (call === latest.current) setRefreshing(false);
    }
  };

  useDidShow(() => {
    void fetchReach(list);
  });

  const switchList = (which: FollowUpList) => {
    if (which === list) return;
    setList(which);
    setCsvFile(null);
    setCsvMessage("");
    void fetchReach(which);
  };

  const exportCsv = async () => {
    if (csvBusy || !reach) return;
    setCsvBusy(true);
    setCsvFile(null);
    setCsvMessage("");
    try {
      const text = withBom(await getReachCsv(noticeId, list));
      const name = csvFileName(t, reach.title, list);
      if (process.env.TARO_ENV === "h5") {
        downloadCsv(text, name);
        setCsvMessage(t("nx.csvDownloaded", { name }));
        return;
      }
      let path: string;
      try {
        path = await writeCsv(text, name);
      } catch {
        await copyCsv(t, text);
        return;
      }
      const file = { path, name, text };
      setCsvFile(file);
      setCsvMessage(t("nx.csvReady", { name }));
      await shareCsv(t, file, false);
    } catch (err) {
      setCsvMessage(err instanceof ApiError ? reachErrorMessage(t, err) : t("nx.csvFailed"));
    } finally {
      setCsvBusy(false);
    }
  };

  if (load === "forbidden")
    return (
      <Page id="notice-reach-page" title={t("nx.reachTitle")}>
        <View className="state" id="nx-forbidden">
          {t("nx.forbidden")}
        </View>
      </Page>
    );

  const shownList = reach?.list === list ? reach : null;
  const groups = shownList ? followUpGroups(shownList) : [];
  const counts = reach ? followUpCounts(reach) : { unread: 0, unacked: 0 };

  return (
    <Page id="notice-reach-page" title={t("nx.reachTitle")}>
      <LoadState
        id="nx-reach"
        load={load}
        error={error}
        onRetry={
          noticeId
            ? () => {
                setLoad("loading");
                void fetchReach(list);
              }
            : undefined
        }
      />

      {load === "ready" && reach ? (
        <View>
          <View className="card" id="nx-summary">
            <Text className="nx-title" id="nx-title">
              {reach.title}
            </Text>
            <View className="nx-figures">
              <View className="nx-figure">
                <Text className="nx-figure-value" id="nx-audience">
                  {reach.audienceHouseholds}
                </Text>
                <Text className="nx-figure-label">{t("nx.audience")}</Text>
              </View>
              <View className="nx-figure">
                <Text className="nx-figure-value" id="nx-reads">
                  {reach.reads}
                </Text>
                <Text className="nx-figure-label">{t("nx.reads")}</Text>
                <Text className="nx-figure-rate" id="nx-read-rate">
                  {percentText(reach.reads, reach.audienceHouseholds)}
                </Text>
              </View>
              {reach.ackRequired ? (
                <View className="nx-figure">
                  <Text className="nx-figure-value" id="nx-acks">
                    {reach.acks}
                  </Text>
                  <Text className="nx-figure-label">{t("nx.acks")}</Text>
                  <Text className="nx-figure-rate" id="nx-ack-rate">
                    {percentText(reach.acks, reach.audienceHouseholds)}
                  </Text>
                </View>
              ) : null}
            </View>

            <Progress
              id="nx-read-progress"
              label={t("nx.progressRead", { reads: reach.reads, audience: reach.audienceHouseholds })}
              width={barWidth(reach.reads, reach.audienceHouseholds)}
            />
            {reach.ackRequired ? (
              <Progress
                id="nx-ack-progress"
                tone="blue"
                label={t("nx.progressAck", { acks: reach.acks, audience: reach.audienceHouseholds })}
                width={barWidth(reach.acks, reach.audienceHouseholds)}
              />
            ) : null}

            <View className="nx-actions">
              <Text className="nx-updated" id="nx-updated">
                {fetchedAt ? t("nx.updatedAt", { time: formatShanghai(fetchedAt) }) : ""}
              </Text>
              <Button
                id="nx-refresh"
                size="small"
                fill="outline"
                loading={refreshing}
                onClick={() => void fetchReach(list)}
              >
                {t("nx.refresh")}
              </Button>
            </View>
            {reach.audienceHouseholds === 0 ? (
              <Text className="hint" id="nx-no-audience">
                {t("nx.noAudience")}
              </Text>
            ) : null}
          </View>

          {reach.buildings.length > 0 ? (
            <View>
              <Text className="section-title">{t("nx.byBuilding")}</Text>
              <View className="card" id="nx-buildings">
                {sortBuildingReach(reach.buildings).map((row) => (
                  <View key={row.buildingId} className="nx-building" id={`nx-building-${row.buildingId}`}>
                    <View className="nx-building-head">
                      <Text className="nx-building-name">{row.buildingName}</Text>
                      <Text className="nx-building-counts">
                        {t("nx.buildingRow", {
                          households: row.households,
                          reads: row.reads,
                          rate: percentText(row.reads, row.households),
                        })}
                        {reach.ackRequired
                          ? ` · ${t("nx.buildingAcks", {
                              acks: row.acks,
                              rate: percentText(row.acks, row.households),
                            })}`
                          : ""}
                      </Text>
                    </View>
                    <View className="nx-track">
                      <View
                        className="nx-fill"
                        style={{ width: `${barWidth(row.reads, row.households)}%` }}
                      />
                    </View>
                    {reach.ackRequired ? (
                      <View className="nx-track nx-track-thin">
                        <View
                          className="nx-fill nx-fill-blue"
                          style={{ width: `${barWidth(row.acks, row.households)}%` }}
                        />
                      </View>
                    ) : null}
                  </View>
                ))}
              </View>
            </View>
          ) : null}

          <Text className="section-title">{t("nx.followUp")}</Text>
          <Text className="hint nx-side" id="nx-followup-hint">
            {t("nx.followUpHint")}
          </Text>
          <View className="lw-chips nx-side" id="nx-lists">
            {followUpLists(reach.ackRequired).map((which) => (
              <View
                key={which}
                id={`nx-list-${which}`}
                className={`lw-chip${list === which ? " lw-chip-on" : ""}`}
                onClick={() => switchList(which)}
              >
                {t("nx.listChip", {
                  name: t(`nx.list.${which}`),
                  count: which === "unacked" ? counts.unacked : counts.unread,
                })}
              </View>
            ))}
          </View>

          <View className="nx-side nx-csv-row">
            <Button
              id="nx-csv"
              size="small"
              type="primary"
              fill="outline"
              loading={csvBusy}
              disabled={!shownList}
              onClick={() => void exportCsv()}
            >
              {csvBusy ? t("nx.csvBusy") : t("nx.csv")}
            </Button>
            {csvFile ? (
              <Button
                id="nx-csv-share"
                size="small"
                type="primary"
                onClick={() => void shareCsv(t, csvFile, true)}
              >
                {t("nx.csvShare")}
              </Button>
            ) : null}
          </View>
          {csvMessage ? (
            <Text className="hint nx-side" id="nx-csv-message">
              {csvMessage}
            </Text>
          ) : null}

          {!shownList ? (
            <View className="state" id="nx-list-loading">
              {t("common.loading")}
            </View>
          ) : groups.length === 0 ? (
            <View className="state nx-all-done" id="nx-all-done">
              {t(`nx.allDone.${list}`)}
            </View>
          ) : (
            <View id="nx-followup">
              <Text className="lw-muted-row nx-side" id="nx-followup-total">
                {t("nx.followUpTotal", { count: followUpTotal(groups) })}
              </Text>
              {groups.map((group) => (
                <View key={group.key} className="card nx-group">
                  <Text className="nx-group-head" id={`nx-fu-${group.key}`}>
                    {t("nx.fuGroup", {
                      building: group.buildingName,
                      unit: group.unit,
                      count: group.households.length,
                    })}
                  </Text>
                  {group.households.map((h) => (
                    <View key={h.householdId} className="nx-household" id={`nx-hh-${h.householdId}`}>
                      <Text className="nx-room">{h.room}</Text>
                      <View className="nx-household-text">
                        <Text className="nx-address">{h.address}</Text>
                        {list === "unacked" ? (
                          <Text
                            className={`badge ${h.readAt ? "badge-grey" : "badge-orange"} nx-read-state`}
                            id={`nx-hh-read-${h.householdId}`}
                          >
                            {h.readAt
                              ? t("nx.fuReadAt", { time: formatShanghai(h.readAt) })
                              : t("nx.fuUnread")}
                          </Text>
                        ) : null}
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

function Progress({
  id,
  label,
  width,
  tone = "green",
}: {
  id: string;
  label: string;
  width: number;
  tone?: "green" | "blue";
}) {
  return (
    <View className="nx-progress" id={id}>
      <Text className="nx-progress-label">{label}</Text>
      <View className="nx-track nx-track-big">
        <View className={`nx-fill${tone === "blue" ? " nx-fill-blue" : ""}`} style={{ width: `${width}%` }} />
      </View>
    </View>
  );
}
