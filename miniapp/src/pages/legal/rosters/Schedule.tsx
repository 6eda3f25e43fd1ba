import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Picker, Text, View } from "@tarojs/components";
import { useEffect, useRef, useState } from "react";
import {
  type CancelResult,
  cancelDay,
  cancelSlot,
  getSchedule,
  type LegalSlot,
  type SlotWithBookings,
} from "../../../api/legal-work";
import { BehalfDialog } from "../../../components/BehalfDialog";
import { LoadState } from "../../../components/LoadState";
import { useT } from "../../../i18n";
import { legalErrorMessage } from "../../../utils/legal-work-errors";
import { addDays, shanghaiClock, shanghaiDate } from "../../../utils/time";
import { SlotMeta } from "../common/SlotMeta";
import { dayLabel, weekLabel } from "../lawyer/days";
import { ReasonDialog } from "./ReasonDialog";

type Load = "loading" | "ready" | "error";
type Cancelling = { kind: "slot"; slotId: string; time: string } | { kind: "day" };

const STATUS_TONE = { confirmed: "green", cancelled: "grey", cancelled_by_center: "red" } as const;

export function Schedule() {
  const t = useT();
  const today = shanghaiDate();
  const [date, setDate] = useState(today);
  const [slots, setSlots] = useState<SlotWithBookings[]>([]);
  const [load, setLoad] = useState<Load>("loading");
  const [error, setError] = useState("");
  const [cancelling, setCancelling] = useState<Cancelling | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState("");
  const [result, setResult] = useState<CancelResult | null>(null);
  const [booking, setBooking] = useState<{ slot: LegalSlot; time: string } | null>(null);
  const [booked, setBooked] = useState("");
  const latest = useRef(0);

  const fetchDay = async (day: string) => {
    const ticket = ++latest.current;
    setLoad("loading");
    try {
      const body = await getSchedule(day);
      if (ticket !== latest.current) return;
      setSlots(body.slots);
      setLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(legalErrorMessage(t, err));
      setLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: fetch when the day changes only
  useEffect(() => {
    void fetchDay(date);
  }, [date]);

  const go = (day: string) => {
    setResult(null);
    setBooked("");
    setDate(day);
  };

  const nowIso = new Date().toISOString();
  const cancellable = (entry: SlotWithBookings) => entry.slot.status === "open" && entry.slot.endsAt > nowIso;
  const open = slots.filter((entry) => entry.slot.status === "open");
  const bookedCount = open.reduce((sum, entry) => sum + entry.slot.booked, 0);
  // A seat can be booked for a walk-in resident until the slot starts.
  const bookable = (entry: SlotWithBookings) =>
    entry.slot.status === "open" && entry.slot.available > 0 && entry.slot.startsAt > nowIso;
  const dayLawyers = [
    ...new Map(slots.filter(cancellable).map((e) => [e.slot.lawyer.id, e.slot.lawyer])).values(),
  ];

  const confirm = async (reason: string, lawyerId?: string) => {
    if (!cancelling) return;
    setBusy(true);
    setDialogError("");
    try {
      const done =
        cancelling.kind === "slot"
          ? await cancelSlot(cancelling.slotId, reason)
          : await cancelDay(date, reason, lawyerId);
      setResult(done);
      setBooked("");
      setCancelling(null);
      void fetchDay(date);
    } catch (err) {
      setDialogError(legalErrorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View id="schedule">
      <View className="rosters-daynav">
        <View id="schedule-prev" className="rosters-daynav-step" onClick={() => go(addDays(date, -1))}>
          ‹
        </View>
        <Picker mode="date" value={date} onChange={(e) => go(String(e.detail.value))}>
          <View className="rosters-daynav-date" id="schedule-date">
            <Text className="rosters-daynav-day">{dayLabel(t, date)}</Text>
            <Text className="muted">
              {weekLabel(t, date, today)} · {date}
            </Text>
          </View>
        </Picker>
        <View id="schedule-next" className="rosters-daynav-step" onClick={() => go(addDays(date, 1))}>
          ›
        </View>
      </View>

      {result ? (
        <View className="rosters-result" id="schedule-result">
          {result.cancelledSlots === 0
            ? t("schedule.nothingToCancel")
            : t("schedule.result", {
                slots: result.cancelledSlots,
                bookings: result.cancelledBookings,
                waitlist: result.waitlistClosed,
              })}
        </View>
      ) : null}

      {booked ? (
        <View className="rosters-result rosters-result-ok" id="schedule-booked">
          {booked}
        </View>
      ) : null}

      <LoadState id="schedule" load={load} error={error} onRetry={() => fetchDay(date)} />

      {load === "ready" && slots.length === 0 ? (
        <View className="state" id="schedule-empty">
          {t("schedule.empty")}
        </View>
      ) : null}

      {load === "ready" && slots.length > 0 ? (
        <View>
          <View className="rosters-day-head">
            <Text className="rosters-day-summary">
              {t("schedule.summary", { slots: open.length, booked: bookedCount })}
            </Text>
            {dayLawyers.length > 0 ? (
              <Button
                id="schedule-cancel-day"
                size="small"
                type="danger"
                fill="outline"
                onClick={() => {
                  setDialogError("");
                  setCancelling({ kind: "day" });
                }}
              >
                {t("schedule.cancelDay")}
              </Button>
            ) : null}
          </View>
          {slots.map((entry) => {
            const { slot, bookings } = entry;
            const time = t("lw.timeRange", {
              start: shanghaiClock(slot.startsAt),
              end: shanghaiClock(slot.endsAt),
            });
            return (
              <View
                key={slot.id}
                id={`schedule-slot-${slot.id}`}
                className={`card${slot.status === "cancelled" ? " lw-slot-cancelled" : ""}`}
              >
                <View className="lw-slot-head">
                  <Text className="lw-slot-time">{time}</Text>
                  <Text className={`badge ${slot.mode === "phone" ? "badge-orange" : "badge-green"}`}>
                    {t(`lw.modeShort.${slot.mode}`)}
                  </Text>
                </View>
                <Text className="rosters-slot-lawyer">
                  {slot.lawyer.name}
                  {slot.lawyer.firm ? ` · ${slot.lawyer.firm}` : ""}
                </Text>
                <SlotMeta slot={slot} />
                {bookings.length === 0 && slot.status === "open" ? (
                  <Text className="lw-muted-row">{t("lw.noBookings")}</Text>
                ) : null}
                {bookings.map((booking) => (
                  <View key={booking.id} className="rosters-booking" id={`schedule-booking-${booking.id}`}>
                    <Text className="rosters-booking-name">{booking.residentName}</Text>
                    <Text className="badge badge-green">{t(`lw.category.${booking.category}`)}</Text>
                    {booking.contactPhone ? <Text className="muted">{booking.contactPhone}</Text> : null}
                    <Text className={`badge badge-${STATUS_TONE[booking.status]}`}>
                      {t(`lw.bookingStatus.${booking.status}`)}
                    </Text>
                  </View>
                ))}
                {cancellable(entry) ? (
                  <View className="rosters-slot-actions">
                    {bookable(entry) ? (
                      <Button
                        id={`schedule-book-${slot.id}`}
                        size="small"
                        type="primary"
                        fill="outline"
                        onClick={() => setBooking({ slot, time })}
                      >
                        {t("behalf.open")}
                      </Button>
                    ) : null}
                    <Button
                      id={`schedule-cancel-slot-${slot.id}`}
                      size="small"
                      type="danger"
                      fill="outline"
                      onClick={() => {
                        setDialogError("");
                        setCancelling({ kind: "slot", slotId: slot.id, time });
                      }}
                    >
                      {t("schedule.cancelSlot")}
                    </Button>
                  </View>
                ) : slot.status === "open" ? (
                  <Text className="lw-muted-row">{t("schedule.ended")}</Text>
                ) : null}
              </View>
            );
          })}
        </View>
      ) : null}

      {booking ? (
        <BehalfDialog
          slot={booking.slot}
          time={booking.time}
          onDismiss={() => setBooking(null)}
          onBooked={(name) => {
            setBooked(t("behalf.done", { name, time: booking.time }));
            setResult(null);
            setBooking(null);
            void fetchDay(date);
          }}
        />
      ) : null}

      {cancelling ? (
        <ReasonDialog
          title={
            cancelling.kind === "slot"
              ? t("schedule.cancelSlotTitle", { time: cancelling.time })
              : t("schedule.cancelDayTitle", { date: dayLabel(t, date) })
          }
          lawyers={cancelling.kind === "day" ? dayLawyers : undefined}
          busy={busy}
          error={dialogError}
          onConfirm={confirm}
          onDismiss={() => setCancelling(null)}
        />
      ) : null}
    </View>
  );
}
