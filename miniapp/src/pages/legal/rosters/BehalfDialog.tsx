import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, Textarea, View } from "@tarojs/components";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import {
  type Building,
  bookOnBehalf,
  type HouseholdMember,
  type HouseholdRow,
  type LegalCategory,
  type LegalSlot,
  listBuildingHouseholds,
  listBuildings,
  listHouseholdMembers,
} from "../../../api/legal-work";
import { type MessageKey, type Translate, useT } from "../../../i18n";
import { legalErrorMessage } from "../../../utils/legal-work-errors";
import { CATEGORIES, DESCRIPTION_MAX, validateRequest } from "../common/rules";

interface Props {
  slot: LegalSlot;
  /** "09:00–09:30", as the schedule shows it. */
  time: string;
  onBooked(name: string): void;
  onDismiss(): void;
}

type Load = "idle" | "loading" | "ready" | "error";
type Field = "member" | "category" | "description" | "contactPhone";

const BEHALF_CODES = [
  "SLOT_FULL",
  "BOOKING_LIMIT",
  "SLOT_STARTED",
  "SLOT_CANCELLED",
  "ALREADY_BOOKED",
  "NOT_VERIFIED",
  "BOOKING_SUSPENDED",
  "USER_NOT_FOUND",
] as const;

/** What to tell staff when booking for a resident fails: about the resident, not "you". */
export function behalfErrorMessage(t: Translate, err: unknown): string {
  if (err instanceof ApiError && (BEHALF_CODES as readonly string[]).includes(err.code))
    return t(`behalf.err.${err.code}` as MessageKey);
  return legalErrorMessage(t, err);
}

function newKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Staff book a seat for a walk-in resident: building → unit → room → resident, then the request. */
export function BehalfDialog({ slot, time, onBooked, onDismiss }: Props) {
  const t = useT();
  const [buildings, setBuildings] = useState<Building[]>([]);
  const [buildingsLoad, setBuildingsLoad] = useState<Load>("loading");
  const [buildingId, setBuildingId] = useState("");
  const [households, setHouseholds] = useState<HouseholdRow[]>([]);
  const [householdsLoad, setHouseholdsLoad] = useState<Load>("idle");
  const [unit, setUnit] = useState("");
  const [householdId, setHouseholdId] = useState("");
  const [members, setMembers] = useState<HouseholdMember[]>([]);
  const [membersLoad, setMembersLoad] = useState<Load>("idle");
  const [member, setMember] = useState<HouseholdMember | null>(null);
  const [category, setCategory] = useState<LegalCategory | null>(null);
  const [description, setDescription] = useState("");
  const [contactPhone, setContactPhone] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [loadError, setLoadError] = useState("");
  const [submitError, setSubmitError] = useState("");
  const [busy, setBusy] = useState(false);
  // One key per intended booking: a retry after a timeout cannot book twice; any change is a new one.
  const key = useRef(newKey());
  const latest = useRef(0);

  const touch = (field?: Field) => {
    key.current = newKey();
    setSubmitError("");
    if (field) setErrors((prev) => ({ ...prev, [field]: undefined }));
  };

  const fetchBuildings = async () => {
    setBuildingsLoad("loading");
    try {
      setBuildings(await listBuildings(slot.communityId));
      setBuildingsLoad("ready");
    } catch (err) {
      setLoadError(legalErrorMessage(t, err));
      setBuildingsLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once when the dialog opens
  useEffect(() => {
    void fetchBuildings();
  }, []);

  const pickBuilding = async (id: string) => {
    const ticket = ++latest.current;
    setBuildingId(id);
    setUnit("");
    setHouseholdId("");
    setMembers([]);
    setMembersLoad("idle");
    setMember(null);
    touch("member");
    setHouseholdsLoad("loading");
    try {
      const rows = await listBuildingHouseholds(slot.communityId, id);
      if (ticket !== latest.current) return;
      setHouseholds(rows);
      setHouseholdsLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      setLoadError(legalErrorMessage(t, err));
      setHouseholdsLoad("error");
    }
  };

  const pickUnit = (value: string) => {
    ++latest.current;
    setUnit(value);
    setHouseholdId("");
    setMembers([]);
    setMembersLoad("idle");
    setMember(null);
    touch("member");
  };

  const pickHousehold = async (id: string) => {
    const ticket = ++latest.current;
    setHouseholdId(id);
    setMember(null);
    touch("member");
    setMembersLoad("loading");
    try {
      const list = await listHouseholdMembers(id);
      if (ticket !== latest.current) return;
      setMembers(list);
      setMembersLoad("ready");
      if (list.length === 1) setMember(list[0] ?? null);
    } catch (err) {
      if (ticket !== latest.current) return;
      setLoadError(legalErrorMessage(t, err));
      setMembersLoad("error");
    }
  };

  const building = buildings.find((b) => b.id === buildingId);
  const rooms = households.filter((h) => h.unit === unit);

  const submit = async () => {
    const problems = validateRequest({ category, description, contactPhone }, slot.mode);
    const next: Partial<Record<Field, string>> = {};
    if (!member) next.member = t("behalf.pickResident");
    for (const [field, messageKey] of Object.entries(problems) as Array<[Field, MessageKey]>)
      next[field] = t(messageKey);
    setErrors(next);
    if (!member || !category || Object.keys(next).length > 0) return;
    setBusy(true);
    setSubmitError("");
    try {
      await bookOnBehalf(
        {
          slotId: slot.id,
          category,
          description: description.trim(),
          ...(slot.mode === "phone" ? { contactPhone: contactPhone.trim() } : {}),
          onBehalfOf: member.userId,
        },
        key.current,
      );
      onBooked(member.nickname);
    } catch (err) {
      setSubmitError(behalfErrorMessage(t, err));
      // A definite answer from the server ends this attempt; a lost one keeps the key for the retry.
      if (err instanceof ApiError && err.status > 0) key.current = newKey();
    } finally {
      setBusy(false);
    }
  };

  const chip = (id: string, on: boolean, label: string, onClick: () => void) => (
    <View key={id} id={id} className={`lw-chip${on ? " lw-chip-on" : ""}`} onClick={onClick}>
      {label}
    </View>
  );

  const loading = (id: string) => (
    <Text className="lw-muted-row" id={id}>
      {t("common.loading")}
    </Text>
  );

  const failed = (id: string, retry: () => void) => (
    <View className="state-retry" id={id}>
      <Text className="lw-error">{loadError}</Text>
      <Button size="small" onClick={retry}>
        {t("common.retry")}
      </Button>
    </View>
  );

  return (
    <View className="rosters-mask" id="behalf-dialog" catchMove>
      <View className="rosters-dialog">
        <Text className="rosters-dialog-title">{t("behalf.title", { time })}</Text>
        <Text className="hint">
          {slot.lawyer.name} · {t(`lw.modeShort.${slot.mode}`)} · {slot.location}
        </Text>
        <Text className="hint">{t("behalf.hint")}</Text>

        <Text className="lw-label">{t("behalf.building")}</Text>
        {buildingsLoad === "loading" ? loading("behalf-buildings-loading") : null}
        {buildingsLoad === "error" ? failed("behalf-buildings-error", fetchBuildings) : null}
        {buildingsLoad === "ready" && buildings.length === 0 ? (
          <Text className="lw-muted-row" id="behalf-no-buildings">
            {t("behalf.noBuildings")}
          </Text>
        ) : null}
        <View className="lw-chips">
          {buildings.map((b) =>
            chip(`behalf-building-${b.id}`, b.id === buildingId, b.name, () => void pickBuilding(b.id)),
          )}
        </View>

        {building ? (
          <View>
            <Text className="lw-label">{t("behalf.unit")}</Text>
            <View className="lw-chips">
              {building.units.map((u) => chip(`behalf-unit-${u}`, u === unit, u, () => pickUnit(u)))}
            </View>
          </View>
        ) : null}

        {building && unit ? (
          <View>
            <Text className="lw-label">{t("behalf.room")}</Text>
            {householdsLoad === "loading" ? loading("behalf-rooms-loading") : null}
            {householdsLoad === "error"
              ? failed("behalf-rooms-error", () => void pickBuilding(buildingId))
              : null}
            {householdsLoad === "ready" && rooms.length === 0 ? (
              <Text className="lw-muted-row" id="behalf-no-rooms">
                {t("behalf.noRooms")}
              </Text>
            ) : null}
            {householdsLoad === "ready" ? (
              <View className="lw-chips">
                {rooms.map((h) =>
                  chip(`behalf-room-${h.id}`, h.id === householdId, h.room, () => void pickHousehold(h.id)),
                )}
              </View>
            ) : null}
          </View>
        ) : null}

        {householdId ? (
          <View>
            <Text className="lw-label">{t("behalf.resident")}</Text>
            {membersLoad === "loading" ? loading("behalf-members-loading") : null}
            {membersLoad === "error"
              ? failed("behalf-members-error", () => void pickHousehold(householdId))
              : null}
            {membersLoad === "ready" && members.length === 0 ? (
              <Text className="lw-warn" id="behalf-no-members">
                {t("behalf.noMembers")}
              </Text>
            ) : null}
            <View className={`lw-chips${errors.member ? " lw-chips-invalid" : ""}`}>
              {members.map((m) =>
                chip(
                  `behalf-member-${m.userId}`,
                  m.userId === member?.userId,
                  `${m.nickname} · ${t(`relation.${m.relation}`)}`,
                  () => {
                    setMember(m);
                    touch("member");
                  },
                ),
              )}
            </View>
          </View>
        ) : null}
        {errors.member ? (
          <Text className="lw-error" id="behalf-member-error">
            {errors.member}
          </Text>
        ) : null}

        <Text className="lw-label">{t("behalf.category")}</Text>
        <View className={`lw-chips${errors.category ? " lw-chips-invalid" : ""}`}>
          {CATEGORIES.map((c) =>
            chip(`behalf-category-${c}`, c === category, t(`lw.category.${c}`), () => {
              setCategory(c);
              touch("category");
            }),
          )}
        </View>
        {errors.category ? <Text className="lw-error">{errors.category}</Text> : null}

        <Text className="lw-label">{t("behalf.description")}</Text>
        <Textarea
          id="behalf-description"
          className={`textarea${errors.description ? " textarea-invalid" : ""}`}
          value={description}
          maxlength={DESCRIPTION_MAX}
          placeholder={t("behalf.descriptionPlaceholder")}
          onInput={(e) => {
            setDescription(e.detail.value);
            touch("description");
          }}
        />
        {errors.description ? <Text className="lw-error">{errors.description}</Text> : null}

        {slot.mode === "phone" ? (
          <View>
            <Text className="lw-label">{t("behalf.phone")}</Text>
            <Input
              id="behalf-phone"
              className="lw-input rosters-setting-input"
              type="number"
              maxlength={11}
              value={contactPhone}
              placeholder={t("behalf.phonePlaceholder")}
              onInput={(e) => {
                setContactPhone(e.detail.value);
                touch("contactPhone");
              }}
            />
            {errors.contactPhone ? <Text className="lw-error">{errors.contactPhone}</Text> : null}
          </View>
        ) : null}

        {submitError ? (
          <Text className="lw-error" id="behalf-error">
            {submitError}
          </Text>
        ) : null}
        <View className="lw-actions">
          <Button id="behalf-dismiss" size="normal" className="lw-action" disabled={busy} onClick={onDismiss}>
            {t("schedule.dismiss")}
          </Button>
          <Button
            id="behalf-submit"
            size="normal"
            type="primary"
            className="lw-action"
            loading={busy}
            onClick={submit}
          >
            {t("behalf.submit")}
          </Button>
        </View>
      </View>
    </View>
  );
}
