import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, Textarea, View } from "@tarojs/components";
import Taro, { useRouter } from "@tarojs/taro";
import { useState } from "react";
import { type DisputeView, fileDispute } from "../../../api/cases";
import { type PickedResident, ResidentPicker } from "../../../components/BehalfDialog";
import { Field } from "../../../components/Field";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import { categoryLabel, DISPUTE_TYPES } from "../../../utils/cases-labels";
import {
  DISPUTE_TEXT,
  type DisputeDraft,
  type DisputeProblems,
  disputeInput,
  disputeValid,
  MAX_PARTIES,
  PARTY_NAME_MAX,
  type PartyDraft,
  type Problem,
  validateDispute,
} from "../../../utils/cases-rules";
import { NotVerifiedPage, SubmitWithConfirm, useCaseSubmit } from "../common/CaseForm";
import { NumberRow } from "../common/CaseView";
import { chip } from "../common/chips";
import "../../../components/Page/staff.scss";
import "../common/cases-resident.scss";
import "./index.scss";

const NO_PROBLEMS: DisputeProblems = { fields: {}, parties: [] };
const newParty = (): PartyDraft => ({ side: "respondent", name: "", phone: "" });

export default function CaseFilePage() {
  const t = useT();
  const { user } = useSession();
  const bookingId = useRouter().params.bookingId ?? "";
  const lawyerReferral = Boolean(bookingId) && (user?.roles.includes("lawyer") ?? false);
  const staffCommunityId = user?.roles.includes("staff") ? (user.staffCommunityIds[0] ?? null) : null;
  const verified = user?.verification.status === "verified";
  const [draft, setDraft] = useState<DisputeDraft>({ type: null, description: "", parties: [newParty()] });
  // Staff file for a resident at the counter; a staff member who lives here may file for themselves.
  const [forResident, setForResident] = useState(Boolean(staffCommunityId) && !lawyerReferral);
  const [resident, setResident] = useState<PickedResident | null>(null);
  const [problems, setProblems] = useState<DisputeProblems>(NO_PROBLEMS);
  // Filed for someone else whose dispute the filer may not open (a lawyer, staff who do not supervise).
  const [filed, setFiled] = useState<DisputeView | null>(null);
  const form = useCaseSubmit();

  const say = (problem: Problem | undefined) => (problem ? t(problem.key, problem.params) : undefined);

  const touch = () => {
    form.touch();
    setProblems(NO_PROBLEMS);
  };

  const set = (patch: Partial<DisputeDraft>) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    touch();
  };

  const setParty = (index: number, patch: Partial<PartyDraft>) =>
    set({ parties: draft.parties.map((p, i) => (i === index ? { ...p, ...patch } : p)) });

  const check = () => {
    const found = validateDispute(draft, { needsBehalf: forResident, hasBehalf: Boolean(resident) });
    setProblems(found);
    if (disputeValid(found)) return true;
    setTimeout(() => {
      Taro.pageScrollTo({ selector: ".lw-field-invalid", duration: 200, offsetTop: -40 }).catch(
        () => undefined,
      );
    }, 60);
    return false;
  };

  const submit = () =>
    form.submit(
      (key) => {
        const input = disputeInput(draft, {
          ...(forResident && resident ? { onBehalfOf: resident.userId } : {}),
          ...(lawyerReferral ? { referralBookingId: bookingId } : {}),
        });
        return fileDispute(
          forResident && staffCommunityId ? { ...input, communityId: staffCommunityId } : input,
          key,
        );
      },
      "cr.file.done",
      (dispute) => {
        const mayOpen = !forResident && !lawyerReferral;
        if (mayOpen || dispute.can.assign || dispute.can.schedule)
          void Taro.redirectTo({ url: `${ROUTES.casesDispute}?id=${dispute.id}&new=1` });
        else setFiled(dispute);
      },
    );

  if (!verified && !staffCommunityId && !lawyerReferral) {
    return <NotVerifiedPage id="file" title={t("cr.file.title")} message={t("cr.file.notVerified")} />;
  }

  if (filed) {
    return (
      <Page id="case-file-page" className="cr-page" title={t("cr.file.title")}>
        <View className="card" id="file-done">
          <Text className="card-title">{t("cr.file.doneTitle")}</Text>
          <NumberRow number={filed.number} />
          <Text className="hint">{t("cr.file.doneHint")}</Text>
        </View>
        <View className="cr-actions">
          <Button
            id="file-done-back"
            size="large"
            block
            onClick={() => void Taro.navigateBack().catch(() => Taro.reLaunch({ url: ROUTES.home }))}
          >
            {t("cr.file.doneBack")}
          </Button>
        </View>
      </Page>
    );
  }

  return (
    <Page id="case-file-page" className="cr-page" title={t("cr.file.title")}>
      <Text className="cr-intro">{t("cr.file.intro")}</Text>

      {lawyerReferral ? (
        <View className="card" id="file-referral">
          <Text className="card-title">{t("cr.file.referral")}</Text>
          <Text className="hint" id="file-referral-booking">
            {t("cr.file.referralHint", { id: bookingId })}
          </Text>
        </View>
      ) : null}

      {staffCommunityId && !lawyerReferral ? (
        <View className="card" id="file-behalf">
          <Field id="file-behalf" label={t("cr.file.behalf")} stacked error={say(problems.fields.behalf)}>
            {verified ? (
              <View className="chips">
                {chip("file-for-resident", forResident, t("cr.file.behalf"), () => {
                  setForResident(true);
                  touch();
                })}
                {chip("file-for-self", !forResident, t("cr.dispute.filedVia.self"), () => {
                  setForResident(false);
                  touch();
                })}
              </View>
            ) : null}
            {forResident ? (
              <View>
                <Text className="hint">{t("cr.file.behalfHint")}</Text>
                <ResidentPicker
                  communityId={staffCommunityId}
                  idPrefix="file-behalf"
                  value={resident}
                  onChange={(next) => {
                    setResident(next);
                    touch();
                  }}
                />
                {resident ? (
                  <Text className="file-picked" id="file-behalf-picked">
                    {t("cr.file.behalfPicked", {
                      name: resident.nickname,
                      address: `${resident.building} ${t("cr.detail.unitOf", { unit: resident.unit })} ${resident.room}`,
                    })}
                  </Text>
                ) : null}
              </View>
            ) : null}
          </Field>
        </View>
      ) : null}

      <View className="card">
        <Field id="file-type" label={t("cr.file.type")} stacked error={say(problems.fields.type)}>
          <View className="chips" id="file-type">
            {DISPUTE_TYPES.map((type) =>
              chip(`file-type-${type}`, draft.type === type, categoryLabel(t, type), () => set({ type })),
            )}
          </View>
        </Field>
        <Field
          id="file-description"
          label={t("cr.file.description")}
          stacked
          error={say(problems.fields.description)}
        >
          <Textarea
            id="file-description"
            className={`textarea file-textarea${problems.fields.description ? " textarea-invalid" : ""}`}
            value={draft.description}
            maxlength={DISPUTE_TEXT.max}
            placeholder={t("cr.file.descriptionPlaceholder")}
            onInput={(e) => set({ description: e.detail.value })}
          />
        </Field>
      </View>

      <View className="card" id="file-parties">
        <Text className="card-title">{t("cr.file.parties")}</Text>
        <Text className="hint">{t("cr.file.partiesHint")}</Text>
        {problems.fields.parties ? (
          <Text className="lw-field-error">{say(problems.fields.parties)}</Text>
        ) : null}
        {draft.parties.map((party, i) => {
          const issue = problems.parties[i] ?? {};
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: parties have no id until filed; removing re-keys the rest on purpose
            <View key={i} className="file-party" id={`file-party-${i}`}>
              <View className="file-party-head">
                <View className="chips">
                  {(["respondent", "applicant"] as const).map((side) =>
                    chip(`file-party-${i}-side-${side}`, party.side === side, t(`cr.side.${side}`), () =>
                      setParty(i, { side }),
                    ),
                  )}
                </View>
                {draft.parties.length > 1 ? (
                  <Text
                    className="cr-inline-link"
                    id={`file-party-${i}-remove`}
                    onClick={() => set({ parties: draft.parties.filter((_, j) => j !== i) })}
                  >
                    {t("cr.file.removeParty")}
                  </Text>
                ) : null}
              </View>
              <Field
                id={`file-party-${i}-name`}
                label={t("cr.file.partyName")}
                stacked
                error={say(issue.name)}
              >
                <Input
                  id={`file-party-${i}-name`}
                  className={`lw-box-input${issue.name ? " lw-box-input-invalid" : ""}`}
                  value={party.name}
                  maxlength={PARTY_NAME_MAX}
                  onInput={(e) => setParty(i, { name: e.detail.value })}
                />
              </Field>
              <Field
                id={`file-party-${i}-phone`}
                label={t("cr.file.partyPhone")}
                stacked
                error={say(issue.phone)}
              >
                <Input
                  id={`file-party-${i}-phone`}
                  className={`lw-box-input${issue.phone ? " lw-box-input-invalid" : ""}`}
                  type="number"
                  value={party.phone}
                  maxlength={11}
                  onInput={(e) => setParty(i, { phone: e.detail.value })}
                />
              </Field>
            </View>
          );
        })}
        {draft.parties.length < MAX_PARTIES ? (
          <Button
            id="file-add-party"
            size="normal"
            block
            className="file-add"
            onClick={() => set({ parties: [...draft.parties, newParty()] })}
          >
            {t("cr.file.addParty")}
          </Button>
        ) : null}
      </View>

      <SubmitWithConfirm
        id="file"
        form={form}
        submitText={t("cr.file.submit")}
        confirmTitle={t("cr.file.confirmTitle")}
        confirmBody={t("cr.file.confirmBody", {
          type: draft.type ? categoryLabel(t, draft.type) : "",
          names: draft.parties.map((p) => p.name.trim()).join(t("wr.list.sep")),
        })}
        confirmText={t("cr.file.submit")}
        check={check}
        onConfirm={() => void submit()}
      />
    </Page>
  );
}
