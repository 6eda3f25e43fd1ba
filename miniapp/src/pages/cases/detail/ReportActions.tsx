import { Input, Text, Textarea } from "@tarojs/components";
import { useState } from "react";
import {
  declineReport,
  dispatchReport,
  mergeReport,
  type ReportView,
  recordProgress,
  resolveReport,
} from "../../../api/cases";
import { PhotoPicker, type PickedPhoto } from "../../../components/PhotoPicker";
import { useT } from "../../../i18n";
import {
  caseRef,
  DEFAULT_DUE_WORKING_DAYS,
  dueDaysProblem,
  MAX_CASE_PHOTOS,
  MAX_DUE_WORKING_DAYS,
  mergeProblem,
  type Problem,
  textProblem,
} from "../../../utils/cases-rules";
import { ActionSheet, Stepper } from "../common/ActionSheet";
import { DepartmentChips, useDepartments } from "../common/chips";
import { useCaseAction } from "../common/useCaseAction";

export type ReportAction = "dispatch" | "merge" | "decline" | "progress" | "resolve";

interface Props {
  report: ReportView;
  onDone(report: ReportView, action: ReportAction): void;
  onCancel(): void;
}

const useAction = (action: ReportAction, onDone: Props["onDone"]) => useCaseAction(action, onDone);

/** Staff send a new report to a department, with a time limit in working days. */
export function DispatchSheet({ report, onDone, onCancel }: Props) {
  const t = useT();
  const { busy, error, setError, run, fail } = useAction("dispatch", onDone);
  const [departmentId, setDepartmentId] = useState("");
  const [days, setDays] = useState(DEFAULT_DUE_WORKING_DAYS);
  const [note, setNote] = useState("");
  // Mediation offices take disputes, not reports.
  const { departments, loadError, reload } = useDepartments(
    report.communityId,
    (d) => d.kind !== "mediation",
  );

  const confirm = () => {
    const problem: Problem | null = !departmentId
      ? { key: "cr.err.department" }
      : (dueDaysProblem(days) ?? (note ? textProblem(note, 0, 300) : null));
    if (problem) return fail(problem);
    void run(() =>
      dispatchReport(report.id, {
        departmentId,
        dueWorkingDays: days,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
  };

  return (
    <ActionSheet
      id="dispatch"
      title={t("cr.act.dispatch")}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <Text className="od-sheet-label">{t("cr.act.department")}</Text>
      <DepartmentChips
        idPrefix="dispatch"
        listId="dispatch-departments"
        departments={departments}
        loadError={loadError}
        onRetry={() => void reload()}
        emptyText={t("cr.act.noDepartments")}
        chosen={departmentId}
        onChoose={(chosen) => {
          setDepartmentId(chosen);
          setError("");
        }}
      />

      <Text className="od-sheet-label">{t("cr.act.days")}</Text>
      <Stepper
        id="dispatch-days"
        value={days}
        min={1}
        max={MAX_DUE_WORKING_DAYS}
        onChange={(value) => {
          setDays(value);
          setError("");
        }}
      />

      <Text className="od-sheet-label">{t("cr.act.note")}</Text>
      <Textarea
        id="dispatch-note"
        className="textarea od-sheet-textarea"
        value={note}
        maxlength={300}
        onInput={(e) => setNote(e.detail.value)}
      />
    </ActionSheet>
  );
}

/** Staff merge a duplicate into the case it repeats, named by its number. */
export function MergeSheet({ report, onDone, onCancel }: Props) {
  const t = useT();
  const { busy, error, setError, run } = useAction("merge", onDone);
  const [into, setInto] = useState("");

  const confirm = () => {
    const problem = mergeProblem(into, report);
    const ref = caseRef(into);
    if (problem || !ref) {
      setError(t(problem?.key ?? "cr.err.caseNumber", problem?.params));
      return;
    }
    void run(() => mergeReport(report.id, ref));
  };

  return (
    <ActionSheet
      id="merge"
      title={t("cr.act.merge")}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <Text className="od-sheet-muted">{t("cr.act.mergeHint")}</Text>
      <Text className="od-sheet-label">{t("cr.act.mergeInto")}</Text>
      <Input
        id="merge-into"
        className="od-sheet-input"
        value={into}
        maxlength={64}
        placeholder={t("cr.act.mergePlaceholder")}
        onInput={(e) => {
          setInto(e.detail.value);
          setError("");
        }}
      />
    </ActionSheet>
  );
}

/** Staff decline a report, telling the reporter why. */
export function DeclineSheet({ report, onDone, onCancel }: Props) {
  const t = useT();
  const { busy, error, setError, run, fail } = useAction("decline", onDone);
  const [reason, setReason] = useState("");

  const confirm = () => {
    const problem = textProblem(reason, 2, 300);
    if (problem) return fail(problem);
    void run(() => declineReport(report.id, reason.trim()));
  };

  return (
    <ActionSheet
      id="decline"
      title={t("cr.act.decline")}
      danger
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <Text className="od-sheet-label">{t("cr.act.reason")}</Text>
      <Textarea
        id="decline-reason"
        className="textarea od-sheet-textarea"
        value={reason}
        maxlength={300}
        placeholder={t("cr.act.reasonPlaceholder")}
        onInput={(e) => {
          setReason(e.detail.value);
          setError("");
        }}
      />
    </ActionSheet>
  );
}

/** The handler (or staff) records progress, or resolves the case: a text and photos of the work. */
export function WorkSheet({ report, onDone, onCancel, action }: Props & { action: "progress" | "resolve" }) {
  const t = useT();
  const { busy, error, setError, run, fail } = useAction(action, onDone);
  const [text, setText] = useState("");
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const max = action === "progress" ? 500 : 1000;
  // Ids: progress-note / resolve-text, progress-photo-* / resolve-photo-*.
  const field = action === "progress" ? "progress-note" : "resolve-text";

  const confirm = () => {
    const problem: Problem | null = photos.some((p) => p.uploading || !p.key)
      ? { key: "cr.err.photosUploading" }
      : textProblem(text, 2, max);
    if (problem) return fail(problem);
    const keys = photos.flatMap((p) => (p.key ? [p.key] : []));
    void run(() =>
      action === "progress"
        ? recordProgress(report.id, text.trim(), keys)
        : resolveReport(report.id, text.trim(), keys),
    );
  };

  return (
    <ActionSheet
      id={action}
      title={t(action === "progress" ? "cr.act.progress" : "cr.act.resolve")}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <Text className="od-sheet-label">
        {t(action === "progress" ? "cr.act.progressNote" : "cr.act.resolveText")}
      </Text>
      <Textarea
        id={field}
        className="textarea od-sheet-textarea"
        value={text}
        maxlength={max}
        placeholder={t(action === "progress" ? "cr.act.progressPlaceholder" : "cr.act.resolvePlaceholder")}
        onInput={(e) => {
          setText(e.detail.value);
          setError("");
        }}
      />
      <Text className="od-sheet-label">{t("cr.act.photos")}</Text>
      <PhotoPicker
        purpose="case-photo"
        communityId={report.communityId}
        max={MAX_CASE_PHOTOS}
        idPrefix={`${action}-photo`}
        photos={photos}
        onChange={(update) => {
          setPhotos(update);
          setError("");
        }}
      />
    </ActionSheet>
  );
}
