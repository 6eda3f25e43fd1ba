import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Picker, Text, View } from "@tarojs/components";
import { useRef, useState } from "react";
import { openVote, type Topic } from "../../../api/deliberation";
import { ApiError } from "../../../api/errors";
import { newIdempotencyKey } from "../../../components/BehalfDialog";
import { Confirm } from "../../../components/Confirm";
import { Field } from "../../../components/Field";
import { useT } from "../../../i18n";
import {
  CLOSING_PRESET_IDS,
  closingInstant,
  deliberationErrorMessage,
  electorateFor,
  fieldMessages,
  MAX_VOTE_DAYS,
  newVoteDraft,
  openingInstant,
  VOTE_RULES,
  type VoteDraft,
  type VoteField,
  validateVote,
  voteInput,
  voteSummary,
} from "../../../utils/deliberation-work";
import { formatShanghai, shanghaiDate } from "../../../utils/time";
import { Chip, Toggle } from "./parts";

interface Props {
  topic: Topic;
  onOpened(topic: Topic): void;
  onClose(): void;
}

/** Staff put a topic in discussion to the vote: the rule (with legal force), who votes, when, how. */
export function VoteForm({ topic, onOpened, onClose }: Props) {
  const t = useT();
  const [draft, setDraft] = useState<VoteDraft>(() => newVoteDraft(new Date()));
  const [errors, setErrors] = useState<Partial<Record<VoteField | "electorate", string>>>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState("");
  const key = useRef(newIdempotencyKey());

  const set = (patch: Partial<VoteDraft>, ...fields: Array<VoteField | "electorate">) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    if (fields.length)
      setErrors((prev) => {
        const next = { ...prev };
        for (const field of fields) delete next[field];
        return next;
      });
    setSubmitError("");
    key.current = newIdempotencyKey();
  };

  const now = new Date();
  const today = shanghaiDate(now);

  const ask = () => {
    const problems = validateVote(draft, new Date());
    const shown: Partial<Record<VoteField, string>> = {};
    for (const [field, messageKey] of Object.entries(problems))
      if (messageKey) shown[field as VoteField] = t(messageKey);
    setErrors(shown);
    if (Object.keys(shown).length === 0) setConfirming(true);
  };

  const submit = async () => {
    if (busy) return;
    // Presets count from "now": read the clock again at the moment staff confirm.
    const input = voteInput(draft, new Date());
    if (!input) {
      setConfirming(false);
      ask();
      return;
    }
    setBusy(true);
    setSubmitError("");
    try {
      onOpened(await openVote(topic.id, input, key.current));
    } catch (err) {
      setConfirming(false);
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        const fields = fieldMessages(t, err.details);
        setErrors({
          rule: fields.rule,
          electorate: fields.electorate,
          opensAt: fields.opensAt,
          closesAt: fields.closesAt,
        });
      }
      setSubmitError(deliberationErrorMessage(t, err));
      if (err instanceof ApiError && err.status > 0) key.current = newIdempotencyKey();
    } finally {
      setBusy(false);
    }
  };

  const rule = draft.rule;
  const electorate = rule ? electorateFor(rule, draft.meetingElectorate) : null;
  const opens = openingInstant(draft);
  const closes = closingInstant(draft, now);

  return (
    <View className="card" id="dw-vote-form">
      <View className="dw-form-head">
        <Text className="card-title">{t("dw.vote.formTitle", { title: topic.title })}</Text>
        <Text className="dw-close" id="dw-vote-close" onClick={onClose}>
          ×
        </Text>
      </View>
      <Text className="hint">{topic.scopeLabel}</Text>

      <Field
        stacked
        id="dw-vote-rule"
        label={t("dw.vote.rule")}
        error={errors.rule}
        hint={t("dw.vote.legalNote")}
      >
        <Text className="lw-muted-row">{t("dw.vote.ruleHint")}</Text>
        <View className={`dw-rules${errors.rule ? " dw-rules-invalid" : ""}`}>
          {VOTE_RULES.map((r) => (
            <View
              key={r}
              id={`dw-rule-${r}`}
              className={`dw-rule${rule === r ? " dw-rule-on" : ""}`}
              onClick={() => set({ rule: r }, "rule", "electorate")}
            >
              <Text className="dw-rule-name">{t(`dw.rule.${r}`)}</Text>
              <Text className="dw-rule-desc">{t(`dw.ruleDesc.${r}`)}</Text>
            </View>
          ))}
        </View>
      </Field>

      {rule ? (
        <Field stacked id="dw-vote-electorate" label={t("dw.vote.electorate")} error={errors.electorate}>
          {rule === "residents_meeting" ? (
            <View className="lw-chips">
              {(["residents", "households"] as const).map((e) => (
                <Chip
                  key={e}
                  id={`dw-electorate-${e}`}
                  on={draft.meetingElectorate === e}
                  onClick={() => set({ meetingElectorate: e }, "electorate")}
                >
                  {t(`dw.electorate.${e}`)}
                </Chip>
              ))}
            </View>
          ) : (
            <Text id="dw-electorate-fixed">
              {t("dw.vote.electorateFixed", { electorate: t(`dw.electorate.${electorate ?? "residents"}`) })}
            </Text>
          )}
        </Field>
      ) : null}

      <Field stacked id="dw-vote-options" label={t("dw.vote.options")}>
        <Text>{t("dw.vote.optionsFixed")}</Text>
      </Field>
      <Toggle
        id="dw-opt-abstain"
        label={t("dw.vote.abstain")}
        checked={draft.abstain}
        onChange={(abstain) => set({ abstain })}
      />

      <Field stacked id="dw-vote-opens" label={t("dw.vote.opens")} error={errors.opensAt}>
        <View className="lw-chips">
          <Chip
            id="dw-opens-now"
            on={!draft.opensLater}
            onClick={() => set({ opensLater: false }, "opensAt")}
          >
            {t("dw.vote.opensNow")}
          </Chip>
          <Chip
            id="dw-opens-later"
            on={draft.opensLater}
            onClick={() => set({ opensLater: true }, "opensAt")}
          >
            {t("dw.vote.opensLater")}
          </Chip>
        </View>
        {draft.opensLater ? (
          <View className="dw-when">
            <Picker
              mode="date"
              value={draft.opensDate}
              start={today}
              onChange={(e) => set({ opensDate: String(e.detail.value) }, "opensAt", "closesAt")}
            >
              <View className="lw-picker dw-when-picker" id="dw-opens-date">
                <Text>{draft.opensDate}</Text>
                <Text className="lw-arrow">›</Text>
              </View>
            </Picker>
            <Picker
              mode="time"
              value={draft.opensTime}
              onChange={(e) => set({ opensTime: String(e.detail.value) }, "opensAt", "closesAt")}
            >
              <View className="lw-picker dw-when-picker" id="dw-opens-time">
                <Text>{draft.opensTime}</Text>
                <Text className="lw-arrow">›</Text>
              </View>
            </Picker>
          </View>
        ) : null}
      </Field>

      <Field
        stacked
        id="dw-vote-closes"
        label={t("dw.vote.closes")}
        error={errors.closesAt}
        hint={t("dw.vote.closesHint", { days: MAX_VOTE_DAYS })}
      >
        <View className="lw-chips">
          {CLOSING_PRESET_IDS.map((preset) => (
            <Chip
              key={preset}
              id={`dw-closes-${preset}`}
              on={draft.closing === preset}
              onClick={() => set({ closing: preset }, "closesAt")}
            >
              {t(`dw.vote.closes.${preset}`)}
            </Chip>
          ))}
          <Chip
            id="dw-closes-custom"
            on={draft.closing === "custom"}
            onClick={() => set({ closing: "custom" }, "closesAt")}
          >
            {t("dw.vote.closes.custom")}
          </Chip>
        </View>
        {draft.closing === "custom" ? (
          <View className="dw-when">
            <Picker
              mode="date"
              value={draft.closesDate}
              start={today}
              onChange={(e) => set({ closesDate: String(e.detail.value) }, "closesAt")}
            >
              <View className="lw-picker dw-when-picker" id="dw-closes-date">
                <Text>{draft.closesDate}</Text>
                <Text className="lw-arrow">›</Text>
              </View>
            </Picker>
            <Picker
              mode="time"
              value={draft.closesTime}
              onChange={(e) => set({ closesTime: String(e.detail.value) }, "closesAt")}
            >
              <View className="lw-picker dw-when-picker" id="dw-closes-time">
                <Text>{draft.closesTime}</Text>
                <Text className="lw-arrow">›</Text>
              </View>
            </Picker>
          </View>
        ) : null}
        <Text className="lw-muted-row" id="dw-closes-at">
          {t("dw.vote.closesAt", { time: formatShanghai(closes) })}
        </Text>
      </Field>

      <Toggle
        id="dw-secret"
        label={t("dw.vote.secret")}
        hint={t("dw.vote.secretHint")}
        checked={draft.secret}
        onChange={(secret) => set({ secret })}
      />
      <Toggle
        id="dw-changeable"
        label={t("dw.vote.changeable")}
        hint={t("dw.vote.changeableHint")}
        checked={draft.changeable}
        onChange={(changeable) => set({ changeable })}
      />
      <Toggle
        id="dw-live"
        label={t("dw.vote.live")}
        hint={t("dw.vote.liveHint")}
        checked={draft.liveResults}
        onChange={(liveResults) => set({ liveResults })}
      />
      <Toggle
        id="dw-early"
        label={t("dw.vote.early")}
        hint={t("dw.vote.earlyHint")}
        checked={draft.earlyClose}
        onChange={(earlyClose) => set({ earlyClose })}
      />

      <Text className="dw-summary" id="dw-vote-summary">
        {voteSummary(t, draft, now)}
      </Text>

      {submitError ? (
        <Text className="lw-error" id="dw-vote-error">
          {submitError}
        </Text>
      ) : null}
      <View className="lw-actions">
        <Button id="dw-vote-cancel" size="large" className="lw-action" disabled={busy} onClick={onClose}>
          {t("dw.dismiss")}
        </Button>
        <Button id="dw-vote-submit" type="primary" size="large" className="lw-action" onClick={ask}>
          {t("dw.vote.submit")}
        </Button>
      </View>

      {confirming && rule && electorate ? (
        <Confirm
          id="dw-vote-confirm"
          title={t("dw.vote.confirmTitle")}
          confirmId="dw-vote-confirm-ok"
          confirmText={t("dw.vote.confirmOk")}
          cancelId="dw-vote-confirm-cancel"
          cancelText={t("dw.back")}
          busy={busy}
          onConfirm={() => void submit()}
          onCancel={() => setConfirming(false)}
        >
          <Text className="dw-pre" id="dw-vote-confirm-body">
            {t("dw.vote.confirmBody", {
              rule: t(`dw.rule.${rule}`),
              electorate: t(`dw.electorate.${electorate}`),
              opens: opens ? formatShanghai(opens) : t("dw.vote.now"),
              closes: formatShanghai(closes),
            })}
          </Text>
        </Confirm>
      ) : null}
    </View>
  );
}
