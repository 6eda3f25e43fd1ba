import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { type ReactNode, useMemo, useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import {
  bookAppointment,
  type DaySlots,
  getMatter,
  listDaySlots,
  listDays,
  type MatterDetail,
  type WindowDay,
  type WindowSlot,
} from "../../../api/window";
import { Confirm } from "../../../components/Confirm";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSettings } from "../../../store/settings";
import { formatDay, formatWhen, timeRange, weekdayOf } from "../../../utils/legal-format";
import { askForReminders } from "../../../utils/subscribe";
import { shanghaiDate } from "../../../utils/time";
import { localized, slotKey } from "../../../utils/window-format";
import {
  calendarWeeks,
  type DayCell,
  dayCell,
  dayNotes,
  parseIds,
  requiredLeft,
  slotPeriod,
  windowErrorText,
} from "../../../utils/window-rules";
import { forgetTicked } from "../common/checklist";
import { NotVerified } from "../common/NotVerified";
import "../common/window.scss";
import "./index.scss";

type Load = "loading" | "ready" | "notVerified" | "error";
type SlotsLoad = "idle" | "loading" | "ready" | "error";

/** What the resident can do about a refused booking, besides reading why. */
type Remedy = "checklist" | "verify" | "catalog" | "mine" | null;

const REMEDY: Record<string, Remedy> = {
  MATERIALS_INCOMPLETE: "checklist",
  NOT_VERIFIED: "verify",
  MATTER_RETIRED: "catalog",
  MATTER_NOT_FOUND: "catalog",
  BOOKING_LIMIT: "mine",
};

/** The refusals after which the days and slots on screen are out of date. */
const STALE = new Set(["SLOT_FULL", "SLOT_STARTED", "CENTER_CLOSED", "BEYOND_HORIZON"]);

function newKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export default function WindowBookPage() {
  const t = useT();
  const { locale } = useSettings();
  const params = useRouter().params;
  const matterId = params.matterId ?? "";
  const confirmed = useMemo(() => parseIds(params.confirmed), [params.confirmed]);
  const [load, setLoad] = useState<Load>("loading");
  const [loadError, setLoadError] = useState("");
  const [detail, setDetail] = useState<MatterDetail | null>(null);
  const [days, setDays] = useState<WindowDay[]>([]);
  const [today, setToday] = useState(() => shanghaiDate());
  const [date, setDate] = useState<string | null>(null);
  const [closedNote, setClosedNote] = useState("");
  const [slotsLoad, setSlotsLoad] = useState<SlotsLoad>("idle");
  const [slotsError, setSlotsError] = useState("");
  const [daySlots, setDaySlots] = useState<DaySlots | null>(null);
  const [chosen, setChosen] = useState<WindowSlot | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ text: string; remedy: Remedy } | null>(null);
  // One key per intended booking: a retry after a timeout cannot take two seats.
  const bookKey = useRef(newKey());
  // Only the answer for the day on screen may fill the slots.
  const shownDate = useRef<string | null>(null);

  const fetchSlots = async (day: string) => {
    shownDate.current = day;
    setSlotsLoad("loading");
    try {
      const found = await listDaySlots(matterId, day);
      if (shownDate.current !== day) return;
      setDaySlots(found);
      setSlotsLoad("ready");
    } catch (err) {
      if (shownDate.current !== day) return;
      setSlotsError(windowErrorText(t, err));
      setSlotsLoad("error");
    }
  };

  /** The matter and the days; keeps the chosen day while it still has seats, else the first that has. */
  const fetchAll = async () => {
    try {
      const [found, range] = await Promise.all([getMatter(matterId), listDays(matterId)]);
      setDetail(found);
      setDays(range.days);
      setToday(shanghaiDate());
      setLoad("ready");
      const current = range.days.find((d) => d.date === shownDate.current);
      const next =
        current?.open && current.available > 0
          ? current.date
          : (range.days.find((d) => d.open && d.available > 0)?.date ?? null);
      setDate(next);
      if (next) void fetchSlots(next);
      else {
        shownDate.current = null;
        setDaySlots(null);
        setSlotsLoad("idle");
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === "NOT_VERIFIED") {
        setLoad("notVerified");
        return;
      }
      setLoadError(windowErrorText(t, err));
      setLoad("error");
    }
  };

  useDidShow(() => {
    void fetchAll();
  });

  const cells = useMemo(() => days.map((day) => dayCell(t, day, today)), [days, t, today]);
  const notes = useMemo(() => dayNotes(t, days), [days, t]);
  const weeks = useMemo(() => calendarWeeks(cells), [cells]);

  const pickDay = (cell: DayCell) => {
    setFailure(null);
    if (cell.tone === "open") {
      setClosedNote("");
      setDate(cell.date);
      void fetchSlots(cell.date);
      return;
    }
    // Closed or full days say why, in a line under the calendar, and keep the slots shown.
    const day = days.find((d) => d.date === cell.date);
    if (!day || cell.tone === "out") return;
    const when = t("wr.book.dayWeekday", { date: formatDay(t, day.date), weekday: weekdayOf(t, day.date) });
    const why = cell.tone === "full" ? cell.label : (dayNotes(t, [day])[0] ?? `${when} ${cell.label}`);
    setClosedNote(cell.tone === "full" ? `${when} ${why}` : why);
  };

  const choose = (slot: WindowSlot) => {
    if (slot.available <= 0) return;
    setFailure(null);
    bookKey.current = newKey();
    setChosen(slot);
  };

  const book = async () => {
    if (busy || !chosen || !detail) return;
    setBusy(true);
    // Straight from the tap, before any other await: WeChat refuses the request otherwise.
    await askForReminders();
    try {
      const appointment = await bookAppointment(
        { matterId, slotStartsAt: chosen.startsAt, confirmedMaterials: confirmed },
        bookKey.current,
      );
      bookKey.current = newKey();
      forgetTicked(matterId);
      void Taro.redirectTo({ url: `${ROUTES.windowAppointment}?id=${appointment.id}&new=1` });
    } catch (err) {
      setChosen(null);
      const code = err instanceof ApiError ? err.code : "";
      setFailure({ text: windowErrorText(t, err), remedy: REMEDY[code] ?? null });
      // The slots may be far down the page: bring the reason (at the top) into view.
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
      if (STALE.has(code)) void fetchAll();
    } finally {
      setBusy(false);
    }
  };

  const remedy = (which: Remedy) => {
    switch (which) {
      case "checklist":
        return (
          <Button id="book-back-checklist" size="large" block onClick={() => Taro.navigateBack()}>
            {t("wr.book.backToList")}
          </Button>
        );
      case "verify":
        return (
          <Button
            id="book-go-verify"
            type="primary"
            size="large"
            block
            onClick={() => Taro.navigateTo({ url: ROUTES.me })}
          >
            {t("wr.book.goVerify")}
          </Button>
        );
      case "catalog":
        return (
          <Button
            id="book-other-matters"
            size="large"
            block
            onClick={() => Taro.redirectTo({ url: ROUTES.windowCatalog })}
          >
            {t("wr.book.otherMatters")}
          </Button>
        );
      case "mine":
        return (
          <Button
            id="book-open-mine"
            size="large"
            block
            onClick={() => Taro.navigateTo({ url: ROUTES.windowMine })}
          >
            {t("wr.appt.mine")}
          </Button>
        );
      default:
        return null;
    }
  };

  const renderDay = (cell: DayCell) => {
    const day = Number(cell.date.slice(8, 10));
    const number =
      day === 1 ? t("wr.book.monthStart", { month: Number(cell.date.slice(5, 7)) }) : String(day);
    const classes = [
      "wr-day",
      `wr-day-${cell.tone}`,
      cell.tone === "closed" ? "day-closed" : "",
      cell.tone === "full" ? "day-full" : "",
      cell.date === date ? "wr-day-on" : "",
      cell.date === today ? "wr-day-today" : "",
    ];
    return (
      <View
        key={cell.date}
        id={`day-${cell.date}`}
        className={classes.filter(Boolean).join(" ")}
        hoverClass={cell.tone === "out" ? "none" : "cell-pressed"}
        onClick={() => pickDay(cell)}
      >
        {cell.makeUp ? <Text className="wr-day-makeup">{t("wr.book.makeUp")}</Text> : null}
        <Text className="wr-day-number">{number}</Text>
        <Text className="wr-day-label">{cell.label || " "}</Text>
      </View>
    );
  };

  const renderSlot = (slot: WindowSlot) => {
    const full = slot.available <= 0;
    return (
      <View
        key={slot.startsAt}
        id={`slot-${slotKey(slot.startsAt)}`}
        className={`wr-slot${full ? " wr-slot-full" : ""}${chosen?.startsAt === slot.startsAt ? " wr-slot-on" : ""}`}
        hoverClass={full ? "none" : "cell-pressed"}
        onClick={() => choose(slot)}
      >
        <Text className="wr-slot-time">{timeRange(slot.startsAt, slot.endsAt)}</Text>
        <Text className="wr-slot-seats">
          {full ? t("wr.book.slotFull") : t("wr.book.seatsLeft", { count: slot.available })}
        </Text>
      </View>
    );
  };

  const renderSlots = () => {
    if (!date) return null;
    const when = `${formatDay(t, date)} ${weekdayOf(t, date)}`;
    const slots = daySlots?.date === date ? daySlots.slots : [];
    const groups = (["morning", "afternoon"] as const)
      .map((period) => ({ period, slots: slots.filter((s) => slotPeriod(s.startsAt) === period) }))
      .filter((g) => g.slots.length > 0);
    let body: ReactNode = null;
    if (slotsLoad === "loading") body = <View className="wr-slots-state">{t("common.loading")}</View>;
    else if (slotsLoad === "error")
      body = (
        <View className="wr-slots-state">
          <Text className="state-message">{slotsError}</Text>
          <Button id="book-slots-retry" size="small" onClick={() => fetchSlots(date)}>
            {t("common.retry")}
          </Button>
        </View>
      );
    else if (slotsLoad === "ready" && daySlots && !daySlots.day.open)
      body = <View className="wr-slots-state">{t("wr.book.dayClosed")}</View>;
    else if (slotsLoad === "ready" && groups.length === 0)
      body = <View className="wr-slots-state">{t("wr.book.noSlots")}</View>;
    else
      body = groups.map((group) => (
        <View key={group.period}>
          <Text className="wr-slot-period">{t(`wr.book.${group.period}`)}</Text>
          <View className="wr-slots">{group.slots.map(renderSlot)}</View>
        </View>
      ));
    return (
      <View className="card" id="book-slots">
        <View className="card-title">
          <Text>{t("wr.book.pickSlot")}</Text>
          <Text className="wr-slots-day">{when}</Text>
        </View>
        {body}
      </View>
    );
  };

  const renderPage = ({ matter, center }: MatterDetail) => {
    const ticked = new Set(confirmed);
    const materials = matter.materials.filter((m) => ticked.has(m.id));
    const left = requiredLeft(matter.materials, ticked);
    const name = localized(locale, matter.name, matter.nameEn);
    const open = days.some((d) => d.open && d.available > 0);
    return (
      <View>
        <View className="card wr-book-matter" id="book-matter">
          <View className="wr-book-matter-text">
            <Text className="cell-title">{name}</Text>
            <Text className="cell-desc">{t("wr.book.materialsCount", { count: materials.length })}</Text>
          </View>
          <View id="book-edit-materials" className="wr-book-edit" onClick={() => Taro.navigateBack()}>
            {t("wr.book.editMaterials")}
          </View>
        </View>

        {left.length ? (
          <Text className="wr-banner wr-banner-error" id="book-materials-incomplete">
            {t("wr.error.MATERIALS_INCOMPLETE", {
              list: left.map((m) => localized(locale, m.name, m.nameEn)).join(t("wr.list.sep")),
            })}
          </Text>
        ) : null}

        {failure ? (
          <View id="book-error">
            <Text className="wr-banner wr-banner-error">{failure.text}</Text>
            {failure.remedy ? <View className="wr-actions">{remedy(failure.remedy)}</View> : null}
          </View>
        ) : null}

        <View className="card" id="book-days">
          <View className="card-title">
            <Text>{t("wr.book.pickDay")}</Text>
          </View>
          <View className="wr-week wr-week-head">
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <Text key={d} className="wr-weekday">
                {t(`legal.weekday.${d as 1 | 2 | 3 | 4 | 5 | 6 | 7}`)}
              </Text>
            ))}
          </View>
          {weeks.map((week) => (
            <View key={week.find(Boolean)?.date} className="wr-week">
              {week.map((cell, i) =>
                cell ? (
                  renderDay(cell)
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: padding cells have nothing else
                  <View key={`pad-${i}`} className="wr-day wr-day-pad" />
                ),
              )}
            </View>
          ))}
          {closedNote ? (
            <Text className="wr-day-note" id="book-day-note">
              {closedNote}
            </Text>
          ) : null}
          {notes.length ? (
            <View className="wr-notes" id="book-day-notes">
              <Text className="wr-notes-title">{t("wr.book.notes")}</Text>
              {notes.map((note) => (
                <Text key={note} className="wr-note">
                  {note}
                </Text>
              ))}
            </View>
          ) : null}
          {days.some((d) => !d.calendarKnown) ? (
            <Text className="hint">{t("wr.book.calendarUnknown")}</Text>
          ) : null}
        </View>

        {open ? (
          renderSlots()
        ) : (
          <View className="state" id="book-nothing-open">
            {t("wr.book.nothingOpen")}
          </View>
        )}

        {chosen ? (
          <Confirm
            id="book-confirm-dialog"
            title={t("wr.book.confirmTitle")}
            confirmId="book-confirm"
            confirmText={t("wr.book.submit")}
            cancelId="book-back"
            cancelText={t("wr.book.back")}
            busy={busy}
            onConfirm={book}
            onCancel={() => setChosen(null)}
          >
            <View className="wr-row">
              <Text className="wr-row-label">{t("wr.book.matter")}</Text>
              <View className="wr-row-value">
                <Text>{name}</Text>
              </View>
            </View>
            <View className="wr-row">
              <Text className="wr-row-label">{t("wr.book.time")}</Text>
              <View className="wr-row-value">
                <Text className="wr-confirm-when" id="book-confirm-when">
                  {formatWhen(t, chosen.startsAt, chosen.endsAt)}
                </Text>
              </View>
            </View>
            {center ? (
              <View className="wr-row">
                <Text className="wr-row-label">{t("wr.book.place")}</Text>
                <View className="wr-row-value">
                  <Text>{localized(locale, center.name, center.nameEn)}</Text>
                  <Text className="wr-row-sub">{center.address}</Text>
                </View>
              </View>
            ) : null}
            {materials.length ? (
              <View className="wr-row">
                <Text className="wr-row-label">{t("wr.book.materials")}</Text>
                <View className="wr-row-value">
                  {materials.map((m) => (
                    <Text key={m.id} className="wr-confirm-material">
                      ✓ {localized(locale, m.name, m.nameEn)}
                    </Text>
                  ))}
                </View>
              </View>
            ) : null}
            <Text className="hint">{t("wr.book.bring")}</Text>
          </Confirm>
        ) : null}
      </View>
    );
  };

  return (
    <Page id="window-book-page" title={t("wr.book.title")}>
      <LoadState id="window-book" load={load} error={loadError} onRetry={() => fetchAll()} />
      {load === "notVerified" ? <NotVerified id="window-book-not-verified" /> : null}
      {load === "ready" && detail ? renderPage(detail) : null}
    </Page>
  );
}
