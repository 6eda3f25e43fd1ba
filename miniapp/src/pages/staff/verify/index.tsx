import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { useState } from "react";
import { ApiError } from "../../../api/errors";
import { listPendingRequests, rejectResident, verifyResident } from "../../../api/requests";
import type { StaffRequestItem } from "../../../api/types";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { RequestCard } from "./RequestCard";
import "./index.scss";

type Load = "loading" | "ready" | "forbidden" | "error";

export default function StaffVerifyPage() {
  const t = useT();
  const [items, setItems] = useState<StaffRequestItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>("loading");
  const [busyId, setBusyId] = useState<string | null>(null);

  const fetchPage = async (after?: string) => {
    try {
      const page = await listPendingRequests(after);
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setLoad("ready");
    } catch (err) {
      setLoad(err instanceof ApiError && err.status === 403 ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    void fetchPage();
  });

  const decide = async (item: StaffRequestItem, action: () => Promise<unknown>, done: string) => {
    setBusyId(item.id);
    try {
      await action();
      setItems((prev) => prev.filter((i) => i.id !== item.id));
      void Taro.showToast({ title: done, icon: "success" });
    } catch (err) {
      const message = err instanceof ApiError && err.status > 0 ? err.message : t("common.networkError");
      void Taro.showToast({ title: message, icon: "none" });
    } finally {
      setBusyId(null);
    }
  };

  const verify = (item: StaffRequestItem) => {
    const householdId = item.candidateHouseholdId;
    if (!householdId) return;
    void decide(item, () => verifyResident(item.userId, householdId, item.relation), t("staff.verified"));
  };

  const reject = (item: StaffRequestItem, reason: string) => {
    void decide(item, () => rejectResident(item.userId, reason), t("staff.rejected"));
  };

  return (
    <Page id="staff-verify-page" title={t("staff.title")}>
      {load === "loading" ? <View className="state">{t("common.loading")}</View> : null}
      {load === "forbidden" ? <View className="state">{t("staff.forbidden")}</View> : null}
      {load === "error" ? (
        <View className="state">
          <Text className="staff-block">{t("common.networkError")}</Text>
          <Button size="small" onClick={() => fetchPage()}>
            {t("common.retry")}
          </Button>
        </View>
      ) : null}

      {load === "ready" ? (
        <View>
          {items.length > 0 ? (
            <Text className="section-title">
              {t("staff.pendingCount", { count: cursor ? `${items.length}+` : items.length })}
            </Text>
          ) : null}
          {items.length === 0 ? <View className="state">{t("staff.empty")}</View> : null}
          {items.map((item) => (
            <RequestCard
              key={item.id}
              item={item}
              busy={busyId === item.id}
              onVerify={verify}
              onReject={reject}
            />
          ))}
          {cursor ? (
            <View className="staff-more">
              <Button size="normal" block onClick={() => fetchPage(cursor)}>
                {t("staff.loadMore")}
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
