import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import Switch from "@nutui/nutui-react-taro/dist/es/packages/switch/index";
import "@nutui/nutui-react-taro/dist/es/packages/switch/style/css";
import { Input, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import { createMatter, type Matter, updateMatter } from "../../../api/window-work";
import { newIdempotencyKey } from "../../../components/BehalfDialog";
import { type Translate, useT } from "../../../i18n";
import { issuesByPath, issueUnder, windowErrorMessage } from "../../../utils/window-work-errors";
import {
  addMaterial,
  CATEGORIES,
  MAX_MATERIALS,
  type MatterDraft,
  type MatterErrors,
  matterDraft,
  matterInput,
  moveMaterial,
  newMatterDraft,
  removeMaterial,
  updateMaterial,
  validateMatter,
} from "../../../utils/window-work-matter";
import { Field, scrollToFirstError, TextInput } from "./Field";

interface Props {
  /** Null: a new matter. */
  matter: Matter | null;
  communityId: string | undefined;
  onSaved(matter: Matter): void;
  onClose(): void;
  /** Someone else saved the matter meanwhile: the list is reloaded so reopening it shows theirs. */
  onStale(): void;
}

function shown(t: Translate, errors: MatterErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, problem] of Object.entries(errors)) out[path] = t(problem.key, problem.params);
  return out;
}

/** Create or edit a matter: names, category, description, the materials list, time, proxy and fee. */
export function MatterForm({ matter, communityId, onSaved, onClose, onStale }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<MatterDraft>(() => (matter ? matterDraft(matter) : newMatterDraft()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState("");
  const [saving, setSaving] = useState(false);
  // One key per intended matter: a retry after a lost answer creates it once.
  const key = useRef(newIdempotencyKey());

  const clear = (...paths: string[]) => {
    setFormError("");
    key.current = newIdempotencyKey();
    setErrors((prev) => {
      const next = { ...prev };
      for (const path of Object.keys(next))
        if (paths.some((field) => path === field || path.startsWith(`${field}.`))) delete next[path];
      return next;
    });
  };

  const set = (patch: Partial<MatterDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    clear(...Object.keys(patch));
  };

  const save = async () => {
    if (saving) return;
    const local = validateMatter(draft);
    if (Object.keys(local).length > 0) {
      setErrors(shown(t, local));
      setFormError(t("ww.matter.formInvalid"));
      scrollToFirstError();
      return;
    }
    setSaving(true);
    setFormError("");
    try {
      const input = matterInput(draft);
      const saved = matter
        ? await updateMatter(matter.id, input, matter.updatedAt)
        : await createMatter({ ...input, ...(communityId ? { communityId } : {}) }, key.current);
      key.current = newIdempotencyKey();
      void Taro.showToast({ title: t(matter ? "ww.matter.saved" : "ww.matter.created"), icon: "success" });
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const rules = shown(t, validateMatter(draft));
        setErrors(issuesByPath(t, err.details, (path) => rules[path] ?? null));
        scrollToFirstError();
      }
      setFormError(windowErrorMessage(t, err));
      if (err instanceof ApiError && err.code === "EDIT_CONFLICT") onStale();
      if (err instanceof ApiError && err.status > 0) key.current = newIdempotencyKey();
    } finally {
      setSaving(false);
    }
  };

  const materials = draft.materials;
  const setMaterials = (next: MatterDraft["materials"]) => {
    setDraft((d) => ({ ...d, materials: next }));
    clear("materials");
  };

  return (
    <View className="card" id="matter-form">
      <View className="card-title">
        <Text>{t(matter ? "ww.matter.editTitle" : "ww.matter.newTitle")}</Text>
        <Text className="wm-close" id="matter-close" onClick={onClose}>
          ×
        </Text>
      </View>

      <Field id="matter-name" label={t("ww.matter.name")} error={errors.name} stacked>
        <TextInput
          id="matter-name"
          value={draft.name}
          maxlength={60}
          placeholder={t("ww.matter.namePlaceholder")}
          invalid={!!errors.name}
          onChange={(name) => set({ name })}
        />
      </Field>
      <Field id="matter-name-en" label={t("ww.matter.nameEn")} error={errors.nameEn} stacked>
        <TextInput
          id="matter-name-en"
          value={draft.nameEn}
          maxlength={120}
          placeholder={t("ww.optional")}
          invalid={!!errors.nameEn}
          onChange={(nameEn) => set({ nameEn })}
        />
      </Field>

      <Field id="matter-category" label={t("ww.matter.category")} error={errors.category} stacked>
        <View className={`lw-chips${errors.category ? " lw-chips-invalid" : ""}`}>
          {CATEGORIES.map((category) => (
            <View
              key={category}
              id={`matter-category-${category}`}
              className={`lw-chip${draft.category === category ? " lw-chip-on" : ""}`}
              onClick={() => set({ category })}
            >
              {t(`wr.category.${category}`)}
            </View>
          ))}
        </View>
      </Field>

      <Field id="matter-description" label={t("ww.matter.description")} error={errors.description} stacked>
        <TextInput
          id="matter-description"
          multiline
          value={draft.description}
          maxlength={1000}
          placeholder={t("ww.matter.descriptionPlaceholder")}
          invalid={!!errors.description}
          onChange={(description) => set({ description })}
        />
      </Field>
      <Field
        id="matter-description-en"
        label={t("ww.matter.descriptionEn")}
        error={errors.descriptionEn}
        stacked
      >
        <TextInput
          id="matter-description-en"
          multiline
          value={draft.descriptionEn}
          maxlength={2000}
          placeholder={t("ww.optional")}
          invalid={!!errors.descriptionEn}
          onChange={(descriptionEn) => set({ descriptionEn })}
        />
      </Field>

      <View
        className={`lw-field lw-field-stacked${issueUnder(errors, "materials") ? " lw-field-invalid" : ""}`}
        id="matter-materials"
      >
        <Text className="lw-field-label">{t("ww.matter.materials")}</Text>
        <Text className="lw-muted-row">{t("ww.matter.materialsHint")}</Text>
        {materials.length === 0 ? <Text className="lw-muted-row">{t("ww.matter.noMaterials")}</Text> : null}
        {materials.map((material, index) => {
          const nameError = errors[`materials.${index}.name`];
          const noteError = errors[`materials.${index}.note`];
          const rowError = errors[`materials.${index}`];
          return (
            <View key={material.key} className="wm-material" id={`material-${index}`}>
              <View className="wm-material-head">
                <Text className="wm-material-index">{t("ww.matter.material", { n: index + 1 })}</Text>
                <View
                  id={`material-${index}-required`}
                  className={`lw-chip wm-required${material.required ? " lw-chip-on" : ""}`}
                  onClick={() =>
                    setMaterials(updateMaterial(materials, index, { required: !material.required }))
                  }
                >
                  {material.required ? t("ww.required") : t("ww.notRequired")}
                </View>
              </View>
              <Input
                id={`material-${index}-name`}
                className={`lw-box-input wm-input${nameError ? " lw-box-input-invalid" : ""}`}
                value={material.name}
                maxlength={60}
                placeholder={t("ww.matter.materialName")}
                onInput={(e) => setMaterials(updateMaterial(materials, index, { name: e.detail.value }))}
              />
              {nameError ? <Text className="lw-field-error">{nameError}</Text> : null}
              <Input
                id={`material-${index}-note`}
                className={`lw-box-input wm-input wm-material-note${noteError ? " lw-box-input-invalid" : ""}`}
                value={material.note}
                maxlength={120}
                placeholder={t("ww.matter.materialNote")}
                onInput={(e) => setMaterials(updateMaterial(materials, index, { note: e.detail.value }))}
              />
              {noteError || rowError ? <Text className="lw-field-error">{noteError ?? rowError}</Text> : null}
              <View className="wm-material-actions">
                <Text
                  id={`material-${index}-up`}
                  className={`wm-link${index === 0 ? " wm-link-off" : ""}`}
                  onClick={() => index > 0 && setMaterials(moveMaterial(materials, index, -1))}
                >
                  ↑ {t("ww.matter.up")}
                </Text>
                <Text
                  id={`material-${index}-down`}
                  className={`wm-link${index === materials.length - 1 ? " wm-link-off" : ""}`}
                  onClick={() =>
                    index < materials.length - 1 && setMaterials(moveMaterial(materials, index, 1))
                  }
                >
                  ↓ {t("ww.matter.down")}
                </Text>
                <Text
                  id={`material-${index}-remove`}
                  className="wm-link wm-link-danger"
                  onClick={() => setMaterials(removeMaterial(materials, index))}
                >
                  {t("ww.matter.remove")}
                </Text>
              </View>
            </View>
          );
        })}
        {materials.length < MAX_MATERIALS ? (
          <Text
            id="material-add"
            className="wm-link wm-add"
            onClick={() => setMaterials(addMaterial(materials))}
          >
            {t("ww.matter.addMaterial")}
          </Text>
        ) : null}
        {errors.materials ? <Text className="lw-field-error">{errors.materials}</Text> : null}
      </View>

      <Field id="matter-days" label={t("ww.matter.processingDays")} error={errors.processingDays}>
        <TextInput
          id="matter-days"
          type="number"
          value={draft.processingDays}
          maxlength={3}
          unit={t("ww.matter.processingUnit")}
          invalid={!!errors.processingDays}
          onChange={(processingDays) => set({ processingDays })}
        />
      </Field>
      <Field id="matter-proxy" label={t("ww.matter.proxyAllowed")} hint={t("ww.matter.proxyHint")}>
        <View className="wm-switch">
          <Switch
            id="matter-proxy-switch"
            checked={draft.proxyAllowed}
            onChange={(value: boolean) => set({ proxyAllowed: value })}
          />
        </View>
      </Field>
      <Field id="matter-fee" label={t("ww.matter.fee")} error={errors.fee}>
        <TextInput
          id="matter-fee"
          type="digit"
          value={draft.fee}
          maxlength={9}
          unit={t("ww.matter.feeUnit")}
          invalid={!!errors.fee}
          onChange={(fee) => set({ fee })}
        />
      </Field>
      <Field id="matter-fee-note" label={t("ww.matter.feeNote")} error={errors.feeNote}>
        <TextInput
          id="matter-fee-note"
          value={draft.feeNote}
          maxlength={200}
          placeholder={t("ww.optional")}
          invalid={!!errors.feeNote}
          onChange={(feeNote) => set({ feeNote })}
        />
      </Field>

      {formError ? (
        <Text className="lw-error" id="matter-error">
          {formError}
        </Text>
      ) : null}
      <View className="lw-actions">
        <Button id="matter-cancel" size="large" className="lw-action" disabled={saving} onClick={onClose}>
          {t("ww.cancel")}
        </Button>
        <Button
          id="matter-save"
          type="primary"
          size="large"
          className="lw-action"
          loading={saving}
          onClick={save}
        >
          {t(matter ? "ww.matter.save" : "ww.matter.create")}
        </Button>
      </View>
    </View>
  );
}
