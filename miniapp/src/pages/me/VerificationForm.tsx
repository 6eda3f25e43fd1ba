import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Picker, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/errors";
import { getBuildings, getCommunities, submitVerification } from "../../api/requests";
import type { Building, Community, Relation } from "../../api/types";
import { useT } from "../../i18n";
import { type VerificationDraft, validateDraft } from "./validate";

const RELATIONS: Relation[] = ["owner", "tenant", "member"];

type Field = keyof VerificationDraft;

function newKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

interface Props {
  /** Preselects the resident's community when they already belong to one. */
  communityId?: string;
  onSubmitted(): void;
}

export function VerificationForm({ communityId, onSubmitted }: Props) {
  const t = useT();
  const [communities, setCommunities] = useState<Community[]>([]);
  const [buildings, setBuildings] = useState<Building[]>([]);
  const [draft, setDraft] = useState<VerificationDraft>({
    communityId: communityId ?? "",
    buildingId: "",
    unit: "",
    room: "",
    relation: "owner",
    realName: "",
    phone: "",
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [submitting, setSubmitting] = useState(false);
  // One key per intended submission: a retry after a timeout cannot create a second request.
  const idempotencyKey = useRef(newKey());

  useEffect(() => {
    getCommunities()
      .then((list) => {
        setCommunities(list);
        if (list.length === 1 && list[0])
          setDraft((d) => (d.communityId ? d : { ...d, communityId: list[0]?.id ?? "" }));
      })
      .catch(() => Taro.showToast({ title: t("common.networkError"), icon: "none" }));
  }, [t]);

  useEffect(() => {
    setBuildings([]);
    if (!draft.communityId) return;
    getBuildings(draft.communityId)
      .then(setBuildings)
      .catch(() => Taro.showToast({ title: t("common.networkError"), icon: "none" }));
  }, [draft.communityId, t]);

  const set = (patch: Partial<VerificationDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch) as Field[]) delete next[key];
      return next;
    });
  };

  const building = buildings.find((b) => b.id === draft.buildingId);
  const communityIndex = communities.findIndex((c) => c.id === draft.communityId);
  const buildingIndex = buildings.findIndex((b) => b.id === draft.buildingId);
  const units = building?.units ?? [];

  const submit = async () => {
    if (submitting) return;
    const local = validateDraft(draft);
    if (Object.keys(local).length > 0) {
      const shown: Partial<Record<Field, string>> = {};
      for (const [field, key] of Object.entries(local)) if (key) shown[field as Field] = t(key);
      setErrors(shown);
      return;
    }
    setSubmitting(true);
    try {
      await submitVerification(
        { ...draft, room: draft.room.trim(), realName: draft.realName.trim(), phone: draft.phone.trim() },
        idempotencyKey.current,
      );
      idempotencyKey.current = newKey();
      void Taro.showToast({ title: t("form.submitted"), icon: "success" });
      onSubmitted();
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        setErrors(err.fieldErrors());
      } else if (err instanceof ApiError && err.code === "VERIFICATION_PENDING") {
        void Taro.showToast({ title: t("form.pendingConflict"), icon: "none" });
        onSubmitted();
      } else {
        const message = err instanceof ApiError && err.status > 0 ? err.message : t("common.networkError");
        void Taro.showToast({ title: message, icon: "none" });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const row = (field: Field, label: string, control: ReactNode) => (
    <View className={`field${errors[field] ? " field-invalid" : ""}`} id={`field-${field}`}>
      <View className="field-row">
        <Text className="field-label">{label}</Text>
        <View className="field-control">{control}</View>
      </View>
      {errors[field] ? <Text className="field-error">{errors[field]}</Text> : null}
    </View>
  );

  const textRow = (field: "room" | "realName" | "phone", maxlength: number, type?: "number") =>
    row(
      field,
      t(`form.${field}`),
      <Input
        className="field-input"
        type={type}
        value={draft[field]}
        maxlength={maxlength}
        placeholder={t(`form.${field}Placeholder`)}
        placeholderClass="field-placeholder"
        onInput={(e) => set({ [field]: e.detail.value })}
      />,
    );

  const pickerValue = (text: string | undefined) => (
    <View className={`field-picker${text ? "" : " field-placeholder"}`}>
      <Text>{text ?? t("common.pick")}</Text>
      <Text className="field-arrow">›</Text>
    </View>
  );

  return (
    <View className="card form" id="verification-form">
      <Text className="card-title">{t("form.title")}</Text>

      {row(
        "communityId",
        t("form.community"),
        <Picker
          mode="selector"
          range={communities.map((c) => c.name)}
          value={Math.max(communityIndex, 0)}
          onChange={(e) =>
            set({ communityId: communities[Number(e.detail.value)]?.id ?? "", buildingId: "", unit: "" })
          }
        >
          {pickerValue(communities[communityIndex]?.name)}
        </Picker>,
      )}

      {row(
        "buildingId",
        t("form.building"),
        <Picker
          mode="selector"
          range={buildings.map((b) => b.name)}
          value={Math.max(buildingIndex, 0)}
          disabled={buildings.length === 0}
          onChange={(e) => set({ buildingId: buildings[Number(e.detail.value)]?.id ?? "", unit: "" })}
        >
          {pickerValue(building?.name)}
        </Picker>,
      )}

      {row(
        "unit",
        t("form.unit"),
        <Picker
          mode="selector"
          range={units}
          value={Math.max(units.indexOf(draft.unit), 0)}
          disabled={units.length === 0}
          onChange={(e) => set({ unit: units[Number(e.detail.value)] ?? "" })}
        >
          {pickerValue(draft.unit || undefined)}
        </Picker>,
      )}

      {textRow("room", 8)}

      {row(
        "relation",
        t("form.relation"),
        <View className="chips">
          {RELATIONS.map((relation) => (
            <View
              key={relation}
              id={`relation-${relation}`}
              className={`chip${draft.relation === relation ? " chip-on" : ""}`}
              onClick={() => set({ relation })}
            >
              {t(`relation.${relation}`)}
            </View>
          ))}
        </View>,
      )}

      {textRow("realName", 30)}

      {textRow("phone", 11, "number")}

      <Text className="hint">{t("form.privacy")}</Text>

      <Button
        id="verification-submit"
        type="primary"
        size="large"
        block
        loading={submitting}
        onClick={submit}
        className="form-submit"
      >
        {t("form.submit")}
      </Button>
    </View>
  );
}
