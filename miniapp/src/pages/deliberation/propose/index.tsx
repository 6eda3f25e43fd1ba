import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, Textarea, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { type ReactNode, useMemo, useRef, useState } from "react";
import { getSettings, proposeTopic, type TopicScope } from "../../../api/deliberation";
import { ApiError } from "../../../api/errors";
import { newIdempotencyKey } from "../../../components/BehalfDialog";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import {
  BODY_MAX,
  deliberationErrorText,
  type ProposalDraft,
  TITLE_MAX,
  validateProposal,
} from "../../../utils/deliberation-format";
import "../common/deliberation.scss";
import "./index.scss";

type Field = "title" | "body" | "scope";
const COMMUNITY = "community";

export default function DeliberationProposePage() {
  const t = useT();
  const { user } = useSession();
  const verified = user?.verification.status === "verified";
  const buildings = useMemo(() => {
    const seen = new Map<string, string>();
    for (const h of user?.households ?? [])
      if (!seen.has(h.buildingId)) seen.set(h.buildingId, h.buildingName);
    return [...seen.entries()].map(([id, name]) => ({ id, name }));
  }, [user]);

  const [draft, setDraft] = useState<ProposalDraft>({ title: "", body: "" });
  const [scope, setScope] = useState<string>(COMMUNITY);
  const [percent, setPercent] = useState<number | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [submitError, setSubmitError] = useState("");
  const [busy, setBusy] = useState(false);
  // One key per intended proposal: a double tap or a retry after a timeout proposes once.
  const key = useRef(newIdempotencyKey());

  useDidShow(() => {
    if (!verified) return;
    // The share is a nicety for the explanation: without it the page still works.
    getSettings().then(
      (settings) => setPercent(settings.secondingPercent),
      () => undefined,
    );
  });

  const touch = (field: Field) => {
    key.current = newIdempotencyKey();
    setSubmitError("");
    setErrors((prev) => ({ ...prev, [field]: undefined }));
  };

  const set = (patch: Partial<ProposalDraft>) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    for (const field of Object.keys(patch) as Field[]) touch(field);
  };

  const pickScope = (which: string) => {
    setScope(which);
    touch("scope");
  };

  const scopeBody = (): TopicScope =>
    scope === COMMUNITY ? { kind: "community" } : { kind: "buildings", buildingIds: [scope] };

  const submit = async () => {
    if (busy) return;
    const local = validateProposal(draft);
    if (Object.keys(local).length > 0) {
      const shown: Partial<Record<Field, string>> = {};
      for (const [field, messageKey] of Object.entries(local))
        if (messageKey) shown[field as Field] = t(messageKey);
      setErrors(shown);
      return;
    }
    setBusy(true);
    setSubmitError("");
    try {
      const topic = await proposeTopic(
        { title: draft.title.trim(), body: draft.body.trim(), scope: scopeBody() },
        key.current,
      );
      void Taro.showToast({ title: t("dr.propose.done"), icon: "success" });
      void Taro.redirectTo({ url: `${ROUTES.deliberationTopic}?id=${topic.id}` });
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const fields = err.fieldErrors();
        const shown: Partial<Record<Field, string>> = {};
        if (fields.title) shown.title = fields.title;
        if (fields.body) shown.body = fields.body;
        const scopeError = fields.scope ?? fields.buildingIds ?? fields.kind;
        if (scopeError) shown.scope = scopeError;
        setErrors(shown);
        if (Object.keys(shown).length === 0) setSubmitError(deliberationErrorText(t, err));
      } else {
        setSubmitError(deliberationErrorText(t, err));
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (name: Field, label: string, control: ReactNode, extra?: ReactNode) => (
    <View className={`dl-field${errors[name] ? " dl-field-invalid" : ""}`} id={`dl-propose-${name}-field`}>
      <View className="dl-label-row">
        <Text className="dl-label">{label}</Text>
        {extra}
      </View>
      {control}
      {errors[name] ? (
        <Text className="dl-field-error" id={`dl-propose-${name}-error`}>
          {errors[name]}
        </Text>
      ) : null}
    </View>
  );

  const count = (length: number, max: number) => (
    <Text className={`dl-count${length > max ? " dl-count-over" : ""}`}>
      {t("dr.propose.count", { count: length, max })}
    </Text>
  );

  if (!verified) {
    return (
      <Page id="deliberation-propose-page" title={t("dr.propose.title")}>
        <View className="state state-retry" id="dl-propose-not-verified">
          <Text className="state-message">{t("dr.propose.notVerified")}</Text>
          <Button id="dl-propose-verify" type="primary" onClick={() => Taro.navigateTo({ url: ROUTES.me })}>
            {t("dr.propose.goVerify")}
          </Button>
        </View>
      </Page>
    );
  }

  return (
    <Page id="deliberation-propose-page" title={t("dr.propose.title")}>
      <Text className="dl-banner" id="dl-propose-explain">
        {percent === null ? t("dr.propose.explainLoading") : t("dr.propose.explain", { percent })}
      </Text>

      <View className="card">
        {field(
          "title",
          t("dr.propose.titleLabel"),
          <Input
            id="dl-propose-title"
            className="dl-input"
            value={draft.title}
            maxlength={TITLE_MAX}
            placeholder={t("dr.propose.titlePlaceholder")}
            placeholderClass="dl-placeholder"
            onInput={(e) => set({ title: e.detail.value })}
          />,
          count(draft.title.trim().length, TITLE_MAX),
        )}

        {field(
          "body",
          t("dr.propose.bodyLabel"),
          <Textarea
            id="dl-propose-body"
            className="textarea dl-textarea-tall"
            value={draft.body}
            maxlength={BODY_MAX}
            placeholder={t("dr.propose.bodyPlaceholder")}
            placeholderClass="dl-placeholder"
            onInput={(e) => set({ body: e.detail.value })}
          />,
          count(draft.body.trim().length, BODY_MAX),
        )}

        {field(
          "scope",
          t("dr.propose.scopeLabel"),
          <View className="chips">
            <View
              id="dl-scope-community"
              className={`chip${scope === COMMUNITY ? " chip-on" : ""}`}
              onClick={() => pickScope(COMMUNITY)}
            >
              {t("dr.propose.scopeCommunity")}
            </View>
            {buildings.map((b) => (
              <View
                key={b.id}
                id={`dl-scope-${b.id}`}
                className={`chip${scope === b.id ? " chip-on" : ""}`}
                onClick={() => pickScope(b.id)}
              >
                {b.name}
              </View>
            ))}
          </View>,
        )}

        <Text className="dl-hint">{t("dr.propose.privacy")}</Text>

        {submitError ? (
          <Text className="dl-error" id="dl-propose-error">
            {submitError}
          </Text>
        ) : null}

        <View className="dl-propose-submit">
          <Button id="dl-propose-submit" type="primary" size="large" block loading={busy} onClick={submit}>
            {t("dr.propose.submit")}
          </Button>
        </View>
      </View>
    </Page>
  );
}
