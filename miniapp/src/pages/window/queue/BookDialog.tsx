import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, ScrollView, Text, View } from "@tarojs/components";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import {
  bookOnBehalf,
  getBookableDays,
  getSlots,
  listMatters,
  type Matter,
  type WindowAppointment,
  type WindowDay,
  type WindowSlot,
} from "../../../api/window-work";
import {
  newIdempotencyKey,
  type PickedResident,
  ResidentPicker,
  Sheet,
} from "../../../components/BehalfDialog";
import { LoadState } from "../../../components/LoadState";
import { useT } from "../../../i18n";
import { useSettings } from "../../../store/settings";
import { formatDay, weekdayOf } from "../../../utils/legal-format";
import { shanghaiClock } from "../../../utils/time";
import { feeText, localized, processingText, slotKey } from "../../../utils/window-format";
import { CATEGORIES, requiredLeft } from "../../../utils/window-rules";
import { windowErrorMessage } from "../../../utils/window-work-errors";
import { closedReason } from "../../../utils/window-work-queue";

interface Props {
  communityId: string;
  onBooked(appointment: WindowAppointment, residentName: string): void;
  onDismiss(): void;
}

type Load = "idle" | "loading" | "ready" | "error";
type Field = "resident" | "matter" | "slot" | "materials";

/** Staff book the window for a walk-in resident: who, which matter, when, and the materials checked together. */
export function BookDialog({ communityId, onBooked, onDismiss }: Props) {
  const t = useT();
  const { locale } = useSettings();
  const [resident, setResident] = useState<PickedResident | null>(null);
  const [matters, setMatters] = useState<Matter[]>([]);
  const [mattersLoad, setMattersLoad] = useState<Load>("loading");
  const [search, setSearch] = useState("");
  const [matter, setMatter] = useState<Matter | null>(null);
  const [days, setDays] = useState<WindowDay[]>([]);
  const [daysLoad, setDaysLoad] = useState<Load>("idle");
  const [date, setDate] = useState("");
  const [slots, setSlots] = useState<WindowSlot[]>([]);
  const [slotsLoad, setSlotsLoad] = useState<Load>("idle");
  const [slotStartsAt, setSlotStartsAt] = useState("");
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [loadError, setLoadError] = useState("");
  const [submitError, setSubmitError] = useState("");
  const [busy, setBusy] = useState(false);
  // One key per intended booking: a retry after a lost answer books once; any change is a new booking.
  const key = useRef(newIdempotencyKey());
  const latest = useRef(0);

  const touch = (field: Field) => {
    key.current = newIdempotencyKey();
    setSubmitError("");
    setErrors((prev) => ({ ...prev, [field]: undefined }));
  };

  const fetchMatters = async () => {
    setMattersLoad("loading");
    try {
      setMatters((await listMatters({ communityId })).filter((m) => m.status === "active"));
      setMattersLoad("ready");
    } catch (err) {
      setLoadError(windowErrorMessage(t, err));
      setMattersLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once when the dialog opens
  useEffect(() => {
    void fetchMatters();
  }, []);

  const fetchSlots = async (m: Matter, day: string) => {
    const ticket = ++latest.current;
    setSlotsLoad("loading");
    try {
      const list = await getSlots(m.id, day);
      if (ticket !== latest.current) return;
      setSlots(list);
      setSlotsLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      setLoadError(windowErrorMessage(t, err));
      setSlotsLoad("error");
    }
  };

  const pickDay = (m: Matter, day: string) => {
    setDate(day);
    setSlotStartsAt("");
    touch("slot");
    void fetchSlots(m, day);
  };

  const fetchDays = async (m: Matter) => {
    const ticket = ++latest.current;
    setDaysLoad("loading");
    try {
      const list = await getBookableDays(m.id);
      if (ticket !== latest.current) return;
      setDays(list);
      setDaysLoad("ready");
      const first = list.find((day) => day.open && day.available > 0);
      if (first) pickDay(m, first.date);
    } catch (err) {
      if (ticket !== latest.current) return;
      setLoadError(windowErrorMessage(t, err));
      setDaysLoad("error");
    }
  };

  const pickMatter = (m: Matter) => {
    setMatter(m);
    setDays([]);
    setDate("");
    setSlots([]);
    setSlotsLoad("idle");
    setSlotStartsAt("");
    setChecked(new Set());
    touch("matter");
    setErrors((prev) => ({ ...prev, slot: undefined, materials: undefined }));
    void fetchDays(m);
  };

  const toggleMaterial = (id: string) => {
    const next = new Set(checked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChecked(next);
    touch("materials");
  };

  const submit = async () => {
    if (busy) return;
    const next: Partial<Record<Field, string>> = {};
    if (!resident) next.resident = t("behalf.pickResident");
    if (!matter) next.matter = t("ww.behalf.pickMatter");
    else if (!slotStartsAt) next.slot = t("ww.behalf.pickSlot");
    const unchecked = matter ? requiredLeft(matter.materials, checked) : [];
    if (unchecked.length)
      next.materials = t("ww.behalf.unchecked", {
        names: unchecked.map((m) => localized(locale, m.name, m.nameEn)).join("、"),
      });
    setErrors(next);
    if (!resident || !matter || !slotStartsAt || Object.keys(next).length > 0) return;
    setBusy(true);
    setSubmitError("");
    try {
      const appointment = await bookOnBehalf(
        {
          matterId: matter.id,
          slotStartsAt,
          confirmedMaterials: matter.materials.map((m) => m.id).filter((id) => checked.has(id)),
          onBehalfOf: resident.userId,
        },
        key.current,
      );
      onBooked(appointment, resident.nickname);
    } catch (err) {
      setSubmitError(windowErrorMessage(t, err));
      // A definite answer ends this attempt; a lost one keeps the key so the retry books once.
      if (err instanceof ApiError && err.status > 0) {
        key.current = newIdempotencyKey();
        if (err.code === "SLOT_FULL" || err.code === "SLOT_STARTED") {
          setSlotStartsAt("");
          if (date) void fetchSlots(matter, date);
        }
      }
    } finally {
      setBusy(false);
    }
  };

  // The footer repeats the first problem: the field itself may be scrolled out of sight.
  const firstError = (["resident", "matter", "slot", "materials"] as const)
    .map((f) => errors[f])
    .find(Boolean);
  const words = search.trim().toLowerCase();
  const shown = words
    ? matters.filter((m) => `${m.name} ${m.nameEn ?? ""}`.toLowerCase().includes(words))
    : matters;
  const groups = CATEGORIES.map((category) => ({
    category,
    items: shown.filter((m) => m.category === category),
  })).filter((group) => group.items.length > 0);

  const failed = (id: string, retry: () => void) => (
    <View className="state-retry" id={id}>
      <Text className="od-sheet-error">{loadError}</Text>
      <Button size="small" onClick={retry}>
        {t("common.retry")}
      </Button>
    </View>
  );

  return (
    <Sheet
      id="window-behalf-dialog"
      title={t("ww.behalf.title")}
      footer={
        <>
          {submitError || firstError ? (
            <Text className="od-sheet-error" id="wb-error">
              {submitError || firstError}
            </Text>
          ) : null}
          <View className="od-sheet-actions">
            <Button
              id="wb-dismiss"
              size="normal"
              className="od-sheet-action"
              disabled={busy}
              onClick={onDismiss}
            >
              {t("ww.dismiss")}
            </Button>
            <Button
              id="wb-submit"
              size="normal"
              type="primary"
              className="od-sheet-action"
              loading={busy}
              onClick={submit}
            >
              {t("ww.behalf.submit")}
            </Button>
          </View>
        </>
      }
    >
      <Text className="hint">{t("ww.behalf.hint")}</Text>

      <ResidentPicker
        communityId={communityId}
        value={resident}
        error={errors.resident}
        onChange={(next) => {
          setResident(next);
          touch("resident");
        }}
      />

      <Text className="od-sheet-label">{t("ww.behalf.matter")}</Text>
      {mattersLoad === "loading" || mattersLoad === "error" ? (
        <LoadState id="wb-matters" load={mattersLoad} error={loadError} onRetry={fetchMatters} />
      ) : null}
      {mattersLoad === "ready" && matters.length > 8 ? (
        <Input
          id="wb-matter-search"
          className="od-sheet-input ww-search"
          value={search}
          placeholder={t("ww.behalf.search")}
          onInput={(e) => setSearch(e.detail.value)}
        />
      ) : null}
      {mattersLoad === "ready" && groups.length === 0 ? (
        <Text className="od-sheet-muted">{t("ww.behalf.noMatters")}</Text>
      ) : null}
      <View className={errors.matter ? "od-sheet-chips-invalid" : ""}>
        {groups.map((group) => (
          <View key={group.category} className="ww-matter-group">
            <Text className="ww-matter-group-title">{t(`wr.category.${group.category}`)}</Text>
            <View className="chips">
              {group.items.map((m) => (
                <View
                  key={m.id}
                  id={`wb-matter-${m.id}`}
                  className={`chip${matter?.id === m.id ? " chip-on" : ""}`}
                  onClick={() => pickMatter(m)}
                >
                  {localized(locale, m.name, m.nameEn)}
                </View>
              ))}
            </View>
          </View>
        ))}
      </View>
      {errors.matter ? <Text className="od-sheet-error">{errors.matter}</Text> : null}

      {matter ? (
        <View>
          <Text className="hint">
            {processingText(t, matter.processingDays)} · {feeText(t, matter.fee)}
          </Text>

          <Text className="od-sheet-label">{t("ww.behalf.day")}</Text>
          {daysLoad === "loading" ? <Text className="od-sheet-muted">{t("common.loading")}</Text> : null}
          {daysLoad === "error" ? failed("wb-days-error", () => void fetchDays(matter)) : null}
          {daysLoad === "ready" && !days.some((day) => day.open) ? (
            <Text className="od-sheet-warn" id="wb-no-days">
              {t("ww.behalf.noDays")}
            </Text>
          ) : null}
          {daysLoad === "ready" ? (
            <ScrollView scrollX className="ww-days">
              <View className="ww-days-inner">
                {days.map((day) => {
                  const usable = day.open && day.available > 0;
                  return (
                    <View
                      key={day.date}
                      id={`wb-day-${day.date}`}
                      className={`ww-day${day.date === date ? " ww-day-on" : ""}${usable ? "" : " ww-day-off"}`}
                      onClick={() => usable && pickDay(matter, day.date)}
                    >
                      <Text className="ww-day-week">{weekdayOf(t, day.date)}</Text>
                      <Text className="ww-day-date">{formatDay(t, day.date)}</Text>
                      <Text className="ww-day-note">
                        {day.open
                          ? day.available > 0
                            ? t("ww.behalf.daySeats", { count: day.available })
                            : t("ww.behalf.dayFull")
                          : closedReason(t, day)}
                      </Text>
                    </View>
                  );
                })}
              </View>
            </ScrollView>
          ) : null}

          {date ? (
            <View>
              <Text className="od-sheet-label">{t("ww.behalf.slot")}</Text>
              {slotsLoad === "loading" ? <Text className="od-sheet-muted">{t("common.loading")}</Text> : null}
              {slotsLoad === "error" ? failed("wb-slots-error", () => void fetchSlots(matter, date)) : null}
              {slotsLoad === "ready" && !slots.some((s) => s.available > 0) ? (
                <Text className="od-sheet-warn" id="wb-no-slots">
                  {t("ww.behalf.noSlots")}
                </Text>
              ) : null}
              {slotsLoad === "ready" ? (
                <View className={`chips${errors.slot ? " od-sheet-chips-invalid" : ""}`}>
                  {slots.map((slot) => {
                    const time = shanghaiClock(slot.startsAt);
                    const full = slot.available <= 0;
                    return (
                      <View
                        key={slot.startsAt}
                        id={`wb-slot-${slotKey(slot.startsAt)}`}
                        className={`chip${slotStartsAt === slot.startsAt ? " chip-on" : ""}${full ? " ww-chip-off" : ""}`}
                        onClick={() => {
                          if (full) return;
                          setSlotStartsAt(slot.startsAt);
                          touch("slot");
                        }}
                      >
                        {full
                          ? `${time} ${t("ww.behalf.dayFull")}`
                          : t("ww.behalf.slotSeats", { time, count: slot.available })}
                      </View>
                    );
                  })}
                </View>
              ) : null}
            </View>
          ) : null}
          {errors.slot ? <Text className="od-sheet-error">{errors.slot}</Text> : null}

          <Text className="od-sheet-label">{t("ww.behalf.materials")}</Text>
          {matter.materials.length === 0 ? (
            <Text className="od-sheet-muted">{t("ww.behalf.noMaterialsNeeded")}</Text>
          ) : (
            <View>
              <Text className="od-sheet-muted">{t("ww.behalf.materialsHint")}</Text>
              <View className="ww-checklist">
                {matter.materials.map((material) => {
                  const on = checked.has(material.id);
                  return (
                    <View
                      key={material.id}
                      id={`wb-material-${material.id}`}
                      className={`ww-check${on ? " ww-check-on" : ""}`}
                      onClick={() => toggleMaterial(material.id)}
                    >
                      <View className="ww-check-box">{on ? "✓" : ""}</View>
                      <View className="ww-check-text">
                        <Text className="ww-check-name">
                          {localized(locale, material.name, material.nameEn)}
                          <Text className="muted">
                            {" "}
                            · {material.required ? t("ww.required") : t("ww.notRequired")}
                          </Text>
                        </Text>
                        {material.note ? (
                          <Text className="ww-check-note">
                            {localized(locale, material.note, material.noteEn)}
                          </Text>
                        ) : null}
                      </View>
                    </View>
                  );
                })}
              </View>
              <View
                id="wb-materials-all"
                className="chip ww-all-checked"
                onClick={() => {
                  setChecked(new Set(matter.materials.map((m) => m.id)));
                  touch("materials");
                }}
              >
                {t("ww.behalf.allChecked")}
              </View>
            </View>
          )}
          {errors.materials ? (
            <Text className="od-sheet-error" id="wb-materials-error">
              {errors.materials}
            </Text>
          ) : null}
        </View>
      ) : null}
    </Sheet>
  );
}
