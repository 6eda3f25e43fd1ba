import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { ScrollView, Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { useMemo, useState } from "react";
import { ApiError } from "../../../api/errors";
import { type LegalSlot, listSlots, type SlotRange } from "../../../api/legal";
import { Page } from "../../../components/Page";
import { initial } from "../../../components/tone";
import { type Translate, useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { timeRange, weekdayOf } from "../../../utils/legal-format";
import { addDays, dayRange, shanghaiDate } from "../../../utils/time";
import { bookableDays, errorText, groupByLawyer, type SlotState, slotState } from "../common/rules";
import "../common/legal.scss";
import "./index.scss";
import { LoadState } from "../../../components/LoadState";

const DAYS = 14;

type Load = "loading" | "ready" | "notVerified" | "error";

function dayLabel(t: Translate, date: string, today: string): string {
  if (date === today) return t("legal.today");
  if (date === addDays(today, 1)) return t("legal.tomorrow");
  return weekdayOf(t, date);
}

const STATE_BADGE: Record<SlotState, string> = {
  open: "badge-green",
  full: "badge-orange",
  booked: "slot-badge-mine",
  waitlisted: "badge-orange",
  cancelled: "badge-grey",
  started: "badge-grey",
};

function stateText(t: Translate, slot: LegalSlot, state: SlotState): string {
  switch (state) {
    case "open":
      return t("legal.slots.seatsLeft", { count: slot.available });
    case "full":
      return t("legal.slots.full");
    case "booked":
      return t("legal.slots.booked");
    case "waitlisted":
      return t("legal.slots.waitlisted", { position: slot.mine?.waitlistPosition ?? "-" });
    case "cancelled":
      return t("legal.slots.cancelled");
    case "started":
      return t("legal.slots.started");
  }
}

export default function LegalSlotsPage() {
  const t = useT();
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [range, setRange] = useState<SlotRange | null>(null);
  const [day, setDay] = useState<string | null>(null);
  const [lawyerId, setLawyerId] = useState<string | null>(null);
  // One clock reading per load, so the list does not change under the finger between renders.
  const [nowIso, setNowIso] = useState(() => new Date().toISOString());

  const fetchSlots = async () => {
    try {
      const next = await listSlots();
      setNowIso(new Date().toISOString());
      setRange(next);
      setLoad("ready");
    } catch (err) {
      if (err instanceof ApiError && err.code === "NOT_VERIFIED") {
        setLoad("notVerified");
        return;
      }
      setError(errorText(t, err));
      setLoad("error");
    }
  };

  useDidShow(() => {
    void fetchSlots();
  });

  const today = range?.from ?? shanghaiDate(new Date());
  const days = dayRange(today, DAYS);
  const slots = range?.slots ?? [];
  const open = useMemo(() => bookableDays(slots, nowIso), [slots, nowIso]);
  const lawyers = useMemo(() => groupByLawyer(slots).map((g) => g.lawyer), [slots]);
  // Until the resident picks a day, show the first one with a bookable slot.
  const shownDay = day ?? days.find((d) => open.has(d)) ?? today;
  const groups = groupByLawyer(
    slots.filter((s) => s.date === shownDay && (!lawyerId || s.lawyer.id === lawyerId)),
  );

  const openSlot = (slot: LegalSlot, state: SlotState) => {
    if (state === "booked" && slot.mine?.bookingId) {
      void Taro.navigateTo({ url: `${ROUTES.legalBooking}?id=${slot.mine.bookingId}` });
    } else if (state !== "cancelled" && state !== "started") {
      void Taro.navigateTo({ url: `${ROUTES.legalBook}?slotId=${slot.id}` });
    }
  };

  return (
    <Page id="legal-slots-page" title={t("legal.slots.title")}>
      <View className="card slots-intro">
        <Text className="slots-intro-text">{t("legal.slots.intro")}</Text>
        <View
          id="legal-mine-link"
          className="slots-mine"
          hoverClass="cell-pressed"
          onClick={() => Taro.navigateTo({ url: ROUTES.legalMine })}
        >
          <Text>{t("legal.slots.mine")}</Text>
          <Text className="cell-arrow">›</Text>
        </View>
      </View>

      <LoadState id="legal-slots" load={load} error={error} onRetry={() => fetchSlots()} />
      {load === "notVerified" ? (
        <View className="state" id="legal-not-verified">
          <Text className="state-message">{t("legal.slots.notVerified")}</Text>
          <Button id="legal-go-verify" type="primary" onClick={() => Taro.navigateTo({ url: ROUTES.me })}>
            {t("legal.slots.goVerify")}
          </Button>
        </View>
      ) : null}

      {load === "ready" ? (
        <View>
          <ScrollView scrollX className="days" scrollIntoView={`legal-day-${shownDay}`} scrollWithAnimation>
            {days.map((d) => (
              <View
                key={d}
                id={`legal-day-${d}`}
                className={`day${d === shownDay ? " day-on" : ""}`}
                onClick={() => setDay(d)}
              >
                <Text className="day-name">{dayLabel(t, d, today)}</Text>
                <Text className="day-date">{`${Number(d.slice(5, 7))}/${Number(d.slice(8, 10))}`}</Text>
                <View className={`day-dot${open.has(d) ? " day-dot-on" : ""}`} />
              </View>
            ))}
          </ScrollView>

          {lawyers.length > 1 ? (
            <ScrollView scrollX className="lawyer-filter">
              <View
                id="legal-lawyer-all"
                className={`filter-chip${lawyerId ? "" : " filter-chip-on"}`}
                onClick={() => setLawyerId(null)}
              >
                {t("legal.slots.allLawyers")}
              </View>
              {lawyers.map((lawyer) => (
                <View
                  key={lawyer.id}
                  id={`legal-lawyer-${lawyer.id}`}
                  className={`filter-chip${lawyerId === lawyer.id ? " filter-chip-on" : ""}`}
                  onClick={() => setLawyerId(lawyer.id)}
                >
                  {lawyer.name}
                </View>
              ))}
            </ScrollView>
          ) : null}

          {groups.length === 0 ? (
            <View className="state" id="legal-slots-empty">
              <Text className="state-message">{t("legal.slots.empty")}</Text>
              <Text className="muted">{t("legal.slots.emptyHint")}</Text>
            </View>
          ) : null}

          {groups.map((group) => (
            <View key={group.lawyer.id} className="card slot-group" id={`legal-group-${group.lawyer.id}`}>
              <View className="legal-lawyer">
                <View className="avatar">{initial(group.lawyer.name)}</View>
                <View className="legal-lawyer-text">
                  <Text className="legal-lawyer-name">{group.lawyer.name}</Text>
                  {group.lawyer.firm ? <Text className="muted">{group.lawyer.firm}</Text> : null}
                </View>
              </View>
              {group.slots.map((slot) => {
                const state = slotState(slot, nowIso);
                const inactive = state === "cancelled" || state === "started";
                return (
                  <View
                    key={slot.id}
                    id={`legal-slot-${slot.id}`}
                    className={`slot${inactive ? " slot-inactive" : ""}`}
                    hoverClass={inactive ? "none" : "cell-pressed"}
                    onClick={() => openSlot(slot, state)}
                  >
                    <View className="slot-main">
                      <Text className="slot-time">{timeRange(slot.startsAt, slot.endsAt)}</Text>
                      <Text className={`badge ${slot.mode === "phone" ? "slot-mode-phone" : "badge-grey"}`}>
                        {t(`legal.mode.${slot.mode}`)}
                      </Text>
                    </View>
                    <Text className={`badge ${STATE_BADGE[state]}`}>{stateText(t, slot, state)}</Text>
                    {inactive ? null : <Text className="cell-arrow">›</Text>}
                  </View>
                );
              })}
            </View>
          ))}
        </View>
      ) : null}
    </Page>
  );
}
