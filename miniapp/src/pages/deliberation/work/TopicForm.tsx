import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, Textarea, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { useEffect, useRef, useState } from "react";
import { createTopic, type Topic } from "../../../api/deliberation";
import { ApiError } from "../../../api/errors";
import { getBuildings } from "../../../api/requests";
import type { Building } from "../../../api/types";
import { newIdempotencyKey } from "../../../components/BehalfDialog";
import { Field } from "../../../components/Field";
import { useT } from "../../../i18n";
import {
  BODY_MAX,
  deliberationErrorMessage,
  fieldMessages,
  newTopicDraft,
  TITLE_MAX,
  type TopicDraft,
  type TopicField,
  toggleBuilding,
  topicInput,
  validateTopic,
} from "../../../utils/deliberation-work";
import { Chip } from "./parts";

interface Props {
  communityId: string;
  onCreated(topic: Topic): void;
  onClose(): void;
}

type Load = "loading" | "ready" | "error";

/** Staff start a topic: it opens for discussion at once, for the whole community or some buildings. */
export function TopicForm({ communityId, onCreated, onClose }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<TopicDraft>(newTopicDraft);
  const [buildings, setBuildings] = useState<Building[]>([]);
  const [buildingsLoad, setBuildingsLoad] = useState<Load>("loading");
  const [errors, setErrors] = useState<Partial<Record<TopicField, string>>>({});
  const [submitError, setSubmitError] = useState("");
  const [busy, setBusy] = useState(false);
  // One key per intended topic: a retry after a lost answer cannot publish twice; any edit is a new one.
  const key = useRef(newIdempotencyKey());

  const fetchBuildings = async () => {
    setBuildingsLoad("loading");
    try {
      setBuildings(await getBuildings(communityId));
      setBuildingsLoad("ready");
    } catch {
      setBuildingsLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once when the form opens
  useEffect(() => {
    void fetchBuildings();
  }, []);

  const set = (patch: Partial<TopicDraft>, field: TopicField) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    setErrors((prev) => ({ ...prev, [field]: undefined }));
    setSubmitError("");
    key.current = newIdempotencyKey();
  };

  const submit = async () => {
    if (busy) return;
    const problems = validateTopic(draft);
    const shown: Partial<Record<TopicField, string>> = {};
    for (const [field, problem] of Object.entries(problems))
      if (problem) shown[field as TopicField] = t(problem.key, problem.params);
    setErrors(shown);
    if (Object.keys(shown).length > 0) return;
    setBusy(true);
    setSubmitError("");
    try {
      const topic = await createTopic({ ...topicInput(draft), communityId }, key.current);
      onCreated(topic);
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const fields = fieldMessages(t, err.details);
        setErrors({ title: fields.title, body: fields.body, scope: fields.scope });
      }
      setSubmitError(deliberationErrorMessage(t, err));
      // A definite answer ends this attempt; a lost one keeps the key for the retry.
      if (err instanceof ApiError && err.status > 0) key.current = newIdempotencyKey();
      void Taro.pageScrollTo({ selector: "#dw-topic-form", duration: 200 }).catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card" id="dw-topic-form">
      <View className="dw-form-head">
        <Text className="card-title">{t("dw.topic.formTitle")}</Text>
        <Text className="dw-close" id="dw-topic-close" onClick={onClose}>
          ×
        </Text>
      </View>
      <Text className="hint">{t("dw.topic.hint")}</Text>

      <Field stacked id="dw-topic-title" label={t("dw.topic.title")} error={errors.title}>
        <Input
          id="dw-topic-title"
          className={`lw-box-input${errors.title ? " lw-box-input-invalid" : ""}`}
          value={draft.title}
          maxlength={TITLE_MAX}
          placeholder={t("dw.topic.titlePlaceholder")}
          onInput={(e) => set({ title: e.detail.value }, "title")}
        />
      </Field>

      <Field stacked id="dw-topic-body" label={t("dw.topic.body")} error={errors.body}>
        <Textarea
          id="dw-topic-body"
          className={`textarea dw-area${errors.body ? " textarea-invalid" : ""}`}
          value={draft.body}
          maxlength={BODY_MAX}
          placeholder={t("dw.topic.bodyPlaceholder")}
          onInput={(e) => set({ body: e.detail.value }, "body")}
        />
      </Field>

      <Field
        stacked
        id="dw-topic-scope"
        label={t("dw.topic.scope")}
        error={errors.scope}
        hint={t("dw.topic.scopeHint")}
      >
        <View className={`lw-chips${errors.scope ? " lw-chips-invalid" : ""}`}>
          <Chip
            id="dw-scope-community"
            on={draft.wholeCommunity}
            onClick={() => set({ wholeCommunity: true, buildingIds: [] }, "scope")}
          >
            {t("dw.topic.community")}
          </Chip>
          {buildings.map((b) => (
            <Chip
              key={b.id}
              id={`dw-scope-${b.id}`}
              on={!draft.wholeCommunity && draft.buildingIds.includes(b.id)}
              onClick={() => {
                const ids = toggleBuilding(draft.wholeCommunity ? [] : draft.buildingIds, b.id);
                set({ wholeCommunity: ids.length === 0, buildingIds: ids }, "scope");
              }}
            >
              {b.name}
            </Chip>
          ))}
        </View>
        {buildingsLoad === "loading" ? (
          <Text className="lw-muted-row" id="dw-buildings-loading">
            {t("dw.topic.buildingsLoading")}
          </Text>
        ) : null}
        {buildingsLoad === "error" ? (
          <View className="state-retry" id="dw-buildings-error">
            <Text className="lw-error">{t("common.networkError")}</Text>
            <Button size="small" onClick={() => void fetchBuildings()}>
              {t("common.retry")}
            </Button>
          </View>
        ) : null}
        {buildingsLoad === "ready" && buildings.length === 0 ? (
          <Text className="lw-muted-row" id="dw-no-buildings">
            {t("dw.topic.noBuildings")}
          </Text>
        ) : null}
      </Field>

      {submitError ? (
        <Text className="lw-error" id="dw-topic-error">
          {submitError}
        </Text>
      ) : null}
      <View className="lw-actions">
        <Button id="dw-topic-cancel" size="large" className="lw-action" disabled={busy} onClick={onClose}>
          {t("dw.dismiss")}
        </Button>
        <Button
          id="dw-topic-submit"
          type="primary"
          size="large"
          className="lw-action"
          loading={busy}
          onClick={() => void submit()}
        >
          {t("dw.topic.submit")}
        </Button>
      </View>
    </View>
  );
}
