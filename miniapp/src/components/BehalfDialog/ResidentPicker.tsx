import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, View } from "@tarojs/components";
import { useEffect, useRef, useState } from "react";
import {
  type Building,
  type HouseholdMember,
  type HouseholdRow,
  listBuildingHouseholds,
  listBuildings,
  listHouseholdMembers,
  registerOfflineResident,
} from "../../api/legal-work";
import type { Relation } from "../../api/types";
import { useT } from "../../i18n";
import { legalErrorMessage } from "../../utils/legal-work-errors";
import "./index.scss";

/** A verified resident chosen at the window, with where they live (for the staff to read back). */
export interface PickedResident extends HouseholdMember {
  householdId: string;
  building: string;
  unit: string;
  room: string;
}

interface Props {
  communityId: string;
  value: PickedResident | null;
  onChange(resident: PickedResident | null): void;
  /** Shown under the residents (e.g. "choose the resident"). */
  error?: string;
  /** Ids are `<idPrefix>-building-<id>`, `-unit-<unit>`, `-room-<id>`, `-member-<userId>`. */
  idPrefix?: string;
}

type Load = "idle" | "loading" | "ready" | "error";

/** Building → unit → room → verified resident: how staff find a walk-in resident without a phone. */
export function ResidentPicker({ communityId, value, onChange, error, idPrefix = "behalf" }: Props) {
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
  const [loadError, setLoadError] = useState("");
  // Registering a resident who has no phone, right here at the window.
  const [adding, setAdding] = useState(false);
  const [newName, setNewName] = useState("");
  const [newRelation, setNewRelation] = useState<Relation>("owner");
  const [addBusy, setAddBusy] = useState(false);
  const [addError, setAddError] = useState("");
  const addKey = useRef(`offline-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`);
  // Answers that arrive after the staff member picked something else are dropped.
  const latest = useRef(0);

  const fetchBuildings = async () => {
    setBuildingsLoad("loading");
    try {
      setBuildings(await listBuildings(communityId));
      setBuildingsLoad("ready");
    } catch (err) {
      setLoadError(legalErrorMessage(t, err));
      setBuildingsLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once when the picker opens
  useEffect(() => {
    void fetchBuildings();
  }, []);

  const building = buildings.find((b) => b.id === buildingId);

  const pickBuilding = async (id: string) => {
    const ticket = ++latest.current;
    setBuildingId(id);
    setUnit("");
    setHouseholdId("");
    setMembers([]);
    setMembersLoad("idle");
    onChange(null);
    setHouseholdsLoad("loading");
    try {
      const rows = await listBuildingHouseholds(communityId, id);
      if (ticket !== latest.current) return;
      setHouseholds(rows);
      setHouseholdsLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      setLoadError(legalErrorMessage(t, err));
      setHouseholdsLoad("error");
    }
  };

  const pickUnit = (next: string) => {
    ++latest.current;
    setUnit(next);
    setHouseholdId("");
    setMembers([]);
    setMembersLoad("idle");
    onChange(null);
  };

  const picked = (member: HouseholdMember, household: HouseholdRow | undefined): PickedResident => ({
    ...member,
    householdId: household?.id ?? "",
    building: building?.name ?? "",
    unit: household?.unit ?? unit,
    room: household?.room ?? "",
  });

  const pickHousehold = async (id: string) => {
    const ticket = ++latest.current;
    setHouseholdId(id);
    onChange(null);
    setMembersLoad("loading");
    try {
      const list = await listHouseholdMembers(id);
      if (ticket !== latest.current) return;
      setMembers(list);
      setMembersLoad("ready");
      const only = list.length === 1 ? list[0] : undefined;
      if (only)
        onChange(
          picked(
            only,
            households.find((h) => h.id === id),
          ),
        );
    } catch (err) {
      if (ticket !== latest.current) return;
      setLoadError(legalErrorMessage(t, err));
      setMembersLoad("error");
    }
  };

  const rooms = households.filter((h) => h.unit === unit);

  const addOffline = async () => {
    const name = newName.trim();
    if (Array.from(name).length < 2) {
      setAddError(t("behalf.offlineNameShort"));
      return;
    }
    setAddBusy(true);
    setAddError("");
    try {
      const member = await registerOfflineResident(
        householdId,
        { name, relation: newRelation },
        addKey.current,
      );
      addKey.current = `offline-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
      setMembers((prev) => [...prev, member]);
      setAdding(false);
      setNewName("");
      onChange(
        picked(
          member,
          households.find((h) => h.id === householdId),
        ),
      );
    } catch (err) {
      setAddError(legalErrorMessage(t, err));
    } finally {
      setAddBusy(false);
    }
  };

  const chip = (id: string, on: boolean, label: string, onClick: () => void) => (
    <View key={id} id={id} className={`chip${on ? " chip-on" : ""}`} onClick={onClick}>
      {label}
    </View>
  );

  const loading = (id: string) => (
    <Text className="od-sheet-muted" id={id}>
      {t("common.loading")}
    </Text>
  );

  const failed = (id: string, retry: () => void) => (
    <View className="state-retry" id={id}>
      <Text className="od-sheet-error">{loadError}</Text>
      <Button size="small" onClick={retry}>
        {t("common.retry")}
      </Button>
    </View>
  );

  return (
    <View id={`${idPrefix}-resident-picker`}>
      <Text className="od-sheet-label">{t("behalf.building")}</Text>
      {buildingsLoad === "loading" ? loading(`${idPrefix}-buildings-loading`) : null}
      {buildingsLoad === "error" ? failed(`${idPrefix}-buildings-error`, fetchBuildings) : null}
      {buildingsLoad === "ready" && buildings.length === 0 ? (
        <Text className="od-sheet-muted" id={`${idPrefix}-no-buildings`}>
          {t("behalf.noBuildings")}
        </Text>
      ) : null}
      <View className="chips">
        {buildings.map((b) =>
          chip(`${idPrefix}-building-${b.id}`, b.id === buildingId, b.name, () => void pickBuilding(b.id)),
        )}
      </View>

      {building ? (
        <View>
          <Text className="od-sheet-label">{t("behalf.unit")}</Text>
          <View className="chips">
            {building.units.map((u) => chip(`${idPrefix}-unit-${u}`, u === unit, u, () => pickUnit(u)))}
          </View>
        </View>
      ) : null}

      {building && unit ? (
        <View>
          <Text className="od-sheet-label">{t("behalf.room")}</Text>
          {householdsLoad === "loading" ? loading(`${idPrefix}-rooms-loading`) : null}
          {householdsLoad === "error"
            ? failed(`${idPrefix}-rooms-error`, () => void pickBuilding(buildingId))
            : null}
          {householdsLoad === "ready" && rooms.length === 0 ? (
            <Text className="od-sheet-muted" id={`${idPrefix}-no-rooms`}>
              {t("behalf.noRooms")}
            </Text>
          ) : null}
          {householdsLoad === "ready" ? (
            <View className="chips">
              {rooms.map((h) =>
                chip(
                  `${idPrefix}-room-${h.id}`,
                  h.id === householdId,
                  h.room,
                  () => void pickHousehold(h.id),
                ),
              )}
            </View>
          ) : null}
        </View>
      ) : null}

      {householdId ? (
        <View>
          <Text className="od-sheet-label">{t("behalf.resident")}</Text>
          {membersLoad === "loading" ? loading(`${idPrefix}-members-loading`) : null}
          {membersLoad === "error"
            ? failed(`${idPrefix}-members-error`, () => void pickHousehold(householdId))
            : null}
          {membersLoad === "ready" && members.length === 0 ? (
            <Text className="od-sheet-warn" id={`${idPrefix}-no-members`}>
              {t("behalf.noMembers")}
            </Text>
          ) : null}
          <View className={`chips${error ? " od-sheet-chips-invalid" : ""}`}>
            {members.map((m) =>
              chip(
                `${idPrefix}-member-${m.userId}`,
                m.userId === value?.userId,
                `${m.nickname} · ${t(`relation.${m.relation}`)}${m.offline ? ` · ${t("behalf.offlineTag")}` : ""}`,
                () =>
                  onChange(
                    picked(
                      m,
                      households.find((h) => h.id === householdId),
                    ),
                  ),
              ),
            )}
          </View>
          {membersLoad === "ready" && !adding ? (
            <Text
              className="od-sheet-link"
              id={`${idPrefix}-add-offline`}
              onClick={() => {
                setAdding(true);
                setAddError("");
              }}
            >
              {t("behalf.addOffline")}
            </Text>
          ) : null}
          {adding ? (
            <View className="od-sheet-add" id={`${idPrefix}-offline-form`}>
              <Text className="od-sheet-muted">{t("behalf.addOfflineHint")}</Text>
              <Input
                id={`${idPrefix}-offline-name`}
                className="od-sheet-input"
                maxlength={30}
                value={newName}
                placeholder={t("behalf.offlineName")}
                onInput={(e) => setNewName(e.detail.value)}
              />
              <View className="chips">
                {(["owner", "tenant", "member"] as const).map((relation) =>
                  chip(
                    `${idPrefix}-offline-relation-${relation}`,
                    relation === newRelation,
                    t(`relation.${relation}`),
                    () => setNewRelation(relation),
                  ),
                )}
              </View>
              {addError ? <Text className="od-sheet-error">{addError}</Text> : null}
              <View className="od-sheet-add-actions">
                <Button size="small" disabled={addBusy} onClick={() => setAdding(false)}>
                  {t("common.cancel")}
                </Button>
                <Button
                  id={`${idPrefix}-offline-save`}
                  size="small"
                  type="primary"
                  loading={addBusy}
                  onClick={() => void addOffline()}
                >
                  {t("behalf.offlineSave")}
                </Button>
              </View>
            </View>
          ) : null}
        </View>
      ) : null}
      {error ? (
        <Text className="od-sheet-error" id={`${idPrefix}-member-error`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}
