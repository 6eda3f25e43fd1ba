import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Picker, ScrollView, Text, View } from "@tarojs/components";
import { useDidShow } from "@tarojs/taro";
import { useRef, useState } from "react";
import { getLawyerDay, type LawyerDay, type LegalBooking } from "../../../api/legal-work";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { isForbidden, legalErrorMessage } from "../../../utils/legal-work-errors";
import { shanghaiClock, shanghaiDate } from "../../../utils/time";
import { BookingCard } from "./BookingCard";
import { dayLabel, stripDays, weekLabel } from "./days";
import "../../../components/Page/staff.scss";
import "./index.scss";
import { LoadState } from "../../../components/LoadState";
import { SlotMeta } from "../common/SlotMeta";

type Load = "loading" | "ready" | "forbidden" | "error";

export default function LawyerPage() {
  const t = useT();
  const [date, setDate] = useState(() => shanghaiDate());
  const [data, setData] = useState<LawyerDay | null>(null);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  // Only the answer to the latest request counts when days are tapped quickly.
  const latest = useRef(0);
  const today = shanghaiDate();

  const fetchDay = async (day: string) => {
    const ticket = ++latest.current;
    setLoad("loading");
    try {
      const next = await getLawyerDay(day);
      if (ticket !== latest.current) return;
      setData(next);
      setLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(legalErrorMessage(t, err));
      setLoad(isForbidden(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    void fetchDay(date);
  });

  const pick = (day: string) => {
    setDate(day);
    void fetchDay(day);
  };

  const replaceBooking = (saved: LegalBooking) => {
    setData((prev) =>
      prev
        ? {
            ...prev,
            slots: prev.slots.map((entry) => ({
              ...entry,
              bookings: entry.bookings.map((b) => (b.id === saved.id ? saved : b)),
            })),
          }
        : prev,
    );
  };

  const strip = stripDays(today, data?.days ?? [], date);
  const slots = data && data.date === date ? data.slots : [];
  const openSlots = slots.filter((entry) => entry.slot.status === "open");
  const booked = openSlots.reduce((sum, entry) => sum + entry.slot.booked, 0);

  return (
    <Page id="lawyer-page" title={t("lawyer.title")}>
      {load === "forbidden" ? (
        <View className="state" id="lawyer-forbidden">
          {t("lawyer.forbidden")}
        </View>
      ) : (
        <View>
          <Text className="section-title">{t("lawyer.daysTitle")}</Text>
          <ScrollView scrollX className="lw-days" id="lawyer-days">
            <View className="lw-days-inner">
              {strip.map((day) => (
                <View
                  key={day.date}
                  id={`lawyer-day-${day.date}`}
                  className={`lw-day${day.date === date ? " lw-day-on" : ""}`}
                  onClick={() => pick(day.date)}
                >
                  <Text className="lw-day-week">{weekLabel(t, day.date, today)}</Text>
                  <Text className="lw-day-date">{dayLabel(t, day.date)}</Text>
                  <Text className={`lw-day-count${day.slots === 0 ? " lw-day-empty" : ""}`}>
                    {day.slots > 0 ? t("lawyer.dayCount", { booked: day.booked, slots: day.slots }) : "—"}
                  </Text>
                </View>
              ))}
              {/* Any other day, past ones included: results can be recorded or corrected later. */}
              <Picker mode="date" value={date} onChange={(e) => pick(String(e.detail.value))}>
                <View id="lawyer-day-pick" className="lw-day lawyer-day-pick">
                  <Text className="lw-day-week">{t("lawyer.otherDay")}</Text>
                  <Text className="lw-day-date">{t("lw.field.pick")}</Text>
                  <Text className="lw-day-count lw-day-empty">›</Text>
                </View>
              </Picker>
            </View>
          </ScrollView>
          {data && data.days.length === 0 ? (
            <Text className="hint lawyer-hint">{t("lawyer.noDays")}</Text>
          ) : null}

          <LoadState id="lawyer" load={load} error={error} onRetry={() => fetchDay(date)} />

          {load === "ready" ? (
            <View id="lawyer-slots">
              {slots.length === 0 ? (
                <View className="state" id="lawyer-empty">
                  {t("lawyer.emptyDay")}
                </View>
              ) : (
                <Text className="section-title">
                  {dayLabel(t, date)} · {t("lawyer.daySummary", { slots: openSlots.length, booked })}
                </Text>
              )}
              {slots.map(({ slot, bookings }) => (
                <View
                  key={slot.id}
                  id={`lawyer-slot-${slot.id}`}
                  className={`card${slot.status === "cancelled" ? " lw-slot-cancelled" : ""}`}
                >
                  <View className="lw-slot-head">
                    <Text className="lw-slot-time">
                      {t("lw.timeRange", {
                        start: shanghaiClock(slot.startsAt),
                        end: shanghaiClock(slot.endsAt),
                      })}
                    </Text>
                    <Text className={`badge ${slot.mode === "phone" ? "badge-orange" : "badge-green"}`}>
                      {t(`lw.modeShort.${slot.mode}`)}
                    </Text>
                  </View>
                  <SlotMeta slot={slot} />
                  {bookings.length === 0 ? <Text className="lw-muted-row">{t("lw.noBookings")}</Text> : null}
                  {bookings.map((booking) => (
                    <BookingCard key={booking.id} booking={booking} onSaved={replaceBooking} />
                  ))}
                </View>
              ))}
            </View>
          ) : null}
        </View>
      )}
    </Page>
  );
}
