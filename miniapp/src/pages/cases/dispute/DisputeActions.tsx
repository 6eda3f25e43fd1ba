import { Input, Picker, Text, Textarea, View } from "@tarojs/components";
import { useState } from "react";
import {
  assignMediator,
  closeDispute,
  type DisputeOutcome,
  type DisputeView,
  type ReferredTo,
  recordSession,
  scheduleSession,
} from "../../../api/cases";
import { useT } from "../../../i18n";
import {
  AGREEMENT,
  CLOSE_NOTE_MAX,
  type CloseDraft,
  closeInput,
  closeProblem,
  DEFAULT_MEDIATION_WORKING_DAYS,
  dueDaysProblem,
  MAX_DUE_WORKING_DAYS,
  PLACE,
  SUMMARY,
  sessionProblems,
  textProblem,
} from "../../../utils/cases-rules";
import { addDays, formatShanghai, shanghaiDate, shanghaiInstant } from "../../../utils/time";
import { ActionSheet, Stepper } from "../common/ActionSheet";
import { chip, DepartmentChips, useDepartments } from "../common/chips";
import { useCaseAction } from "../common/useCaseAction";

export type DisputeAction = "assign" | "schedule" | "record" | "close";

interface Props {
  dispute: DisputeView;
  onDone(dispute: DisputeView, action: DisputeAction): void;
  onCancel(): void;
}

const useAction = (action: DisputeAction, onDone: Props["onDone"]) => useCaseAction(action, onDone);

/** A supervisor gives the dispute to a mediation office, or to a staff member by id, with a deadline. */
export function AssignSheet({ dispute, onDone, onCancel }: Props) {
  const t = useT();
  const { busy, error, setError, run, fail } = useAction("assign", onDone);
  const [kind, setKind] = useState<"department" | "staff">("department");
  const [departmentId, setDepartmentId] = useState("");
  const [userId, setUserId] = useState("");
  const [days, setDays] = useState(DEFAULT_MEDIATION_WORKING_DAYS);
  const {
    departments: offices,
    loadError,
    reload,
  } = useDepartments(
    dispute.communityId,
    (d) => d.kind === "mediation",
    (found) => {
      if (found.length === 0) setKind("staff");
    },
  );

  const confirm = () => {
    const staffId = userId.trim();
    if (kind === "department" && !departmentId) return fail({ key: "cr.err.department" });
    if (kind === "staff" && !/^[A-Za-z0-9_-]{1,64}$/.test(staffId)) return fail({ key: "cr.err.staffId" });
    const daysProblem = dueDaysProblem(days);
    if (daysProblem) return fail(daysProblem);
    void run(() =>
      assignMediator(dispute.id, {
        mediator: kind === "department" ? { kind, departmentId } : { kind, userId: staffId },
        dueWorkingDays: days,
      }),
    );
  };

  return (
    <ActionSheet
      id="assign"
      title={t("cr.da.assign")}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <View className="chips dispute-sheet-kinds">
        {chip("assign-kind-department", kind === "department", t("cr.da.byDepartment"), () => {
          setKind("department");
          setError("");
        })}
        {chip("assign-kind-staff", kind === "staff", t("cr.da.byStaff"), () => {
          setKind("staff");
          setError("");
        })}
      </View>
      {kind === "department" ? (
        <View>
          <Text className="od-sheet-label">{t("cr.da.byDepartment")}</Text>
          <DepartmentChips
            idPrefix="assign"
            departments={offices}
            loadError={loadError}
            onRetry={() => void reload()}
            emptyText={t("cr.da.noMediation")}
            chosen={departmentId}
            onChoose={(chosen) => {
              setDepartmentId(chosen);
              setError("");
            }}
          />
        </View>
      ) : (
        <View>
          <Text className="od-sheet-label">{t("cr.da.staffId")}</Text>
          <Input
            id="assign-staff-id"
            className="od-sheet-input"
            value={userId}
            maxlength={64}
            onInput={(e) => {
              setUserId(e.detail.value);
              setError("");
            }}
          />
        </View>
      )}
      <Text className="od-sheet-label">{t("cr.act.days")}</Text>
      <Stepper id="assign-days" value={days} min={1} max={MAX_DUE_WORKING_DAYS} onChange={setDays} />
    </ActionSheet>
  );
}

/** The mediator sets a time (Shanghai) and a place to meet. */
export function ScheduleSheet({ dispute, onDone, onCancel }: Props) {
  const t = useT();
  const { busy, error, setError, run, fail } = useAction("schedule", onDone);
  const today = shanghaiDate();
  const [date, setDate] = useState(addDays(today, 1));
  const [time, setTime] = useState("09:30");
  const [place, setPlace] = useState("");

  const confirm = () => {
    const problems = sessionProblems({ date, time, place }, new Date());
    const first = problems.when ?? problems.place;
    if (first) return fail(first);
    void run(() => scheduleSession(dispute.id, shanghaiInstant(date, time), place.trim()));
  };

  return (
    <ActionSheet
      id="schedule"
      title={t("cr.da.schedule")}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <Text className="od-sheet-label">{t("cr.da.date")}</Text>
      <Picker
        mode="date"
        value={date}
        start={today}
        end={addDays(today, 180)}
        onChange={(e) => {
          setDate(String(e.detail.value));
          setError("");
        }}
      >
        <View className="cr-picker" id="schedule-date">
          <Text>{date}</Text>
          <Text className="lw-arrow">›</Text>
        </View>
      </Picker>
      <Text className="od-sheet-label">{t("cr.da.time")}</Text>
      <Picker
        mode="time"
        value={time}
        onChange={(e) => {
          setTime(String(e.detail.value));
          setError("");
        }}
      >
        <View className="cr-picker" id="schedule-time">
          <Text>{time}</Text>
          <Text className="lw-arrow">›</Text>
        </View>
      </Picker>
      <Text className="od-sheet-label">{t("cr.da.place")}</Text>
      <Input
        id="schedule-place"
        className="od-sheet-input"
        value={place}
        maxlength={PLACE.max}
        placeholder={t("cr.da.placePlaceholder")}
        onInput={(e) => {
          setPlace(e.detail.value);
          setError("");
        }}
      />
    </ActionSheet>
  );
}

/** The mediator records how a scheduled session went: held (what was said) or cancelled (why). */
export function RecordSheet({ dispute, onDone, onCancel }: Props) {
  const t = useT();
  const { busy, error, setError, run, fail } = useAction("record", onDone);
  const open = dispute.sessions.filter((s) => s.status === "scheduled");
  const [n, setN] = useState<number | null>(open[0]?.n ?? null);
  const [status, setStatus] = useState<"held" | "cancelled">("held");
  const [summary, setSummary] = useState("");

  const confirm = () => {
    if (n === null) return fail({ key: "cr.err.session" });
    const problem = textProblem(summary, SUMMARY.min, SUMMARY.max);
    if (problem) return fail(problem);
    void run(() => recordSession(dispute.id, n, status, summary.trim()));
  };

  return (
    <ActionSheet
      id="record"
      title={t("cr.da.record")}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <Text className="od-sheet-label">{t("cr.da.session")}</Text>
      <View className="chips">
        {open.map((s) =>
          chip(
            `record-session-${s.n}`,
            s.n === n,
            `${t("cr.dispute.sessionN", { n: s.n })} · ${formatShanghai(s.scheduledAt)}`,
            () => {
              setN(s.n);
              setError("");
            },
          ),
        )}
      </View>
      <View className="chips dispute-sheet-kinds">
        {chip("record-status-held", status === "held", t("cr.da.held"), () => setStatus("held"))}
        {chip("record-status-cancelled", status === "cancelled", t("cr.da.cancelled"), () =>
          setStatus("cancelled"),
        )}
      </View>
      <Text className="od-sheet-label">{t("cr.da.summary")}</Text>
      <Textarea
        id="record-summary"
        className="textarea od-sheet-textarea"
        value={summary}
        maxlength={SUMMARY.max}
        onInput={(e) => {
          setSummary(e.detail.value);
          setError("");
        }}
      />
    </ActionSheet>
  );
}

const OUTCOMES: DisputeOutcome[] = ["settled", "not_settled", "withdrawn"];
const REFERRED: ReferredTo[] = ["court", "arbitration", "other_body"];

/** The mediator closes: settled with the agreement, not settled with where to go next, or withdrawn. */
export function CloseSheet({ dispute, onDone, onCancel }: Props) {
  const t = useT();
  const { busy, error, setError, run, fail } = useAction("close", onDone);
  const [draft, setDraft] = useState<CloseDraft>({
    outcome: null,
    agreement: "",
    referredTo: null,
    note: "",
  });
  const set = (patch: Partial<CloseDraft>) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    setError("");
  };

  const confirm = () => {
    const problem = closeProblem(draft);
    if (problem) return fail(problem);
    void run(() => closeDispute(dispute.id, closeInput(draft)));
  };

  return (
    <ActionSheet
      id="close"
      title={t("cr.da.close")}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <Text className="od-sheet-label">{t("cr.da.outcome")}</Text>
      <View className="chips">
        {OUTCOMES.map((o) =>
          chip(`close-outcome-${o}`, draft.outcome === o, t(`cr.outcome.${o}`), () => set({ outcome: o })),
        )}
      </View>
      {draft.outcome === "settled" ? (
        <View>
          <Text className="od-sheet-label">{t("cr.da.agreement")}</Text>
          <Textarea
            id="close-agreement"
            className="textarea od-sheet-textarea dispute-agreement-input"
            value={draft.agreement}
            maxlength={AGREEMENT.max}
            onInput={(e) => set({ agreement: e.detail.value })}
          />
        </View>
      ) : null}
      {draft.outcome === "not_settled" ? (
        <View>
          <Text className="od-sheet-label">{t("cr.da.referredTo")}</Text>
          <View className="chips">
            {REFERRED.map((r) =>
              chip(`close-referred-${r}`, draft.referredTo === r, t(`cr.referred.${r}`), () =>
                set({ referredTo: r }),
              ),
            )}
          </View>
        </View>
      ) : null}
      {draft.outcome === "not_settled" || draft.outcome === "withdrawn" ? (
        <View>
          <Text className="od-sheet-label">{t("cr.da.note")}</Text>
          <Textarea
            id="close-note"
            className="textarea od-sheet-textarea"
            value={draft.note}
            maxlength={CLOSE_NOTE_MAX}
            onInput={(e) => set({ note: e.detail.value })}
          />
        </View>
      ) : null}
    </ActionSheet>
  );
}
