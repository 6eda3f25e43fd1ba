import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, Textarea, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { useRef, useState } from "react";
import {
  type CaseSettings,
  createDepartment,
  type Department,
  getCaseSettings,
  listDepartments,
  updateDepartment,
} from "../../../api/command-center";
import { ApiError } from "../../../api/errors";
import { Field } from "../../../components/Field";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { useSession } from "../../../store/session";
import { caseDeskOf } from "../../../utils/case-desk";
import {
  CONTACT_NAME_MAX,
  CONTACT_TITLE_MAX,
  type ContactDraft,
  casesWorkErrorMessage,
  DEPARTMENT_KINDS,
  DEPARTMENT_NAME_MAX,
  type DepartmentDraft,
  type DepartmentProblems,
  departmentInput,
  departmentKindLabel,
  isForbidden,
  MAX_CONTACTS,
  newDepartmentDraft,
  newFormKey,
  staffCommunity,
  validateDepartment,
} from "../../../utils/cases-work";
import { formatShanghai } from "../../../utils/time";
import "../../../components/Page/staff.scss";
import "./index.scss";

type Load = "loading" | "ready" | "error" | "forbidden";
/** The department being edited, or null for a new one. */
type Editing = { department: Department | null } | null;

/** Active first, then by name. */
const order = (a: Department, b: Department) =>
  Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, "zh-CN", { numeric: true });

/** 部门与联系人: the departments cases are dispatched to, their phone numbers and their handlers. */
export default function DepartmentsPage() {
  const t = useT();
  const { user } = useSession();
  const communityId = staffCommunity(user);
  // Who handles a department reads its cases: only the case supervisors (and admins) decide that.
  const keeps =
    Boolean(user?.roles.includes("admin")) ||
    (communityId !== null && caseDeskOf(user).supervisorOf.includes(communityId));
  const [load, setLoad] = useState<Load>(communityId ? "loading" : "forbidden");
  const [error, setError] = useState("");
  const [departments, setDepartments] = useState<Department[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState("");
  const [settings, setSettings] = useState<CaseSettings | null>(null);

  const fetchAll = async () => {
    if (!communityId) return;
    // Who is told when a case lights up: a line of context, the page works without it.
    getCaseSettings(communityId).then(setSettings, () => undefined);
    try {
      setDepartments([...(await listDepartments(communityId))].sort(order));
      setLoad("ready");
    } catch (err) {
      setError(casesWorkErrorMessage(t, err));
      setLoad(isForbidden(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    if (!editing) void fetchAll();
  });

  const open = (department: Department | null) => {
    setNotice("");
    setEditing({ department });
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  if (load === "forbidden" || !communityId)
    return (
      <Page id="cases-departments-page" title={t("cw.dept.title")}>
        <View className="state" id="cd-forbidden">
          {t("cw.staffOnly")}
        </View>
      </Page>
    );

  return (
    <Page id="cases-departments-page" title={t("cw.dept.title")}>
      <LoadState
        id="cd-list"
        load={load}
        error={error}
        onRetry={() => {
          setLoad("loading");
          void fetchAll();
        }}
      />

      {load === "ready" && editing ? (
        <DepartmentForm
          key={editing.department?.id ?? "new"}
          department={editing.department}
          communityId={communityId}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setDepartments((prev) => [...prev.filter((d) => d.id !== saved.id), saved].sort(order));
            setEditing(null);
            const message = t("cw.dept.saved", { name: saved.name });
            setNotice(message);
            void Taro.showToast({ title: message, icon: "none" });
          }}
        />
      ) : null}

      {load === "ready" && !editing ? (
        <View>
          <View className="card">
            <Text className="hint cd-intro">{t("cw.dept.intro")}</Text>
            {keeps ? (
              <Button
                id="cd-new"
                type="primary"
                size="large"
                block
                className="cd-new"
                onClick={() => open(null)}
              >
                {t("cw.dept.new")}
              </Button>
            ) : (
              <Text className="hint" id="cd-read-only">
                {t("cw.dept.readOnly")}
              </Text>
            )}
          </View>
          {settings ? <SettingsCard settings={settings} /> : null}
          {notice ? (
            <View className="cd-notice" id="cd-notice">
              {notice}
            </View>
          ) : null}
          {departments.length === 0 ? (
            <View className="state" id="cd-empty">
              {t("cw.dept.empty")}
            </View>
          ) : (
            <View id="cd-departments">
              {departments.map((department) => (
                <DepartmentCard
                  key={department.id}
                  department={department}
                  onOpen={keeps ? () => open(department) : undefined}
                />
              ))}
            </View>
          )}
        </View>
      ) : null}
    </Page>
  );
}

/** Who is told when a case lights up, and when it goes to the district (set by the district admin). */
function SettingsCard({ settings }: { settings: CaseSettings }) {
  const t = useT();
  const names = (people: { name: string }[]) =>
    people.length === 0 ? t("cw.dept.nobody") : people.map((p) => p.name).join("、");
  return (
    <View className="card" id="cd-settings">
      <Text className="card-title">{t("cw.dept.settingsTitle")}</Text>
      <Text className="cd-line" id="cd-supervisors">
        {t("cw.dept.supervisors", { names: names(settings.supervisors) })}
      </Text>
      <Text className="cd-line" id="cd-district-admins">
        {t("cw.dept.districtAdmins", { names: names(settings.districtAdmins) })}
      </Text>
      <Text className="hint cd-settings-hint">
        {t("cw.dept.secondLevel", { days: settings.secondLevelAfterWorkingDays })}
      </Text>
    </View>
  );
}

function DepartmentCard({ department, onOpen }: { department: Department; onOpen?: () => void }) {
  const t = useT();
  const id = `cd-department-${department.id}`;
  return (
    <View
      id={id}
      className={`card cd-department${department.active ? "" : " cd-department-off"}`}
      hoverClass={onOpen ? "cell-pressed" : "none"}
      onClick={onOpen}
    >
      <View className="cd-department-text">
        <View className="cd-department-head">
          <Text className="cd-department-name">{department.name}</Text>
          <Text className="badge badge-grey">{departmentKindLabel(t, department.kind)}</Text>
          <Text className={`badge ${department.active ? "badge-green" : "badge-orange"}`} id={`${id}-status`}>
            {t(department.active ? "cw.dept.active" : "cw.dept.inactive")}
          </Text>
        </View>
        {department.contacts.length === 0 ? (
          <Text className="cd-line">{t("cw.dept.contactsNone")}</Text>
        ) : (
          department.contacts.map((contact, index) => (
            <Text key={`${contact.name}-${contact.phone}`} className="cd-line" id={`${id}-contact-${index}`}>
              {contact.name}
              {contact.title ? `（${contact.title}）` : ""} {contact.phone}
            </Text>
          ))
        )}
        <Text className="cd-line" id={`${id}-handlers`}>
          {department.handlers.length === 0
            ? t("cw.dept.handlersNone")
            : t("cw.dept.handlers", { names: department.handlers.map((h) => h.name).join("、") })}
        </Text>
        <Text className="cd-updated">
          {t("cw.dept.updated", { time: formatShanghai(department.updatedAt) })}
        </Text>
      </View>
      {onOpen ? <Text className="cell-arrow">›</Text> : null}
    </View>
  );
}

interface FormProps {
  department: Department | null;
  communityId: string;
  onCancel(): void;
  onSaved(department: Department): void;
}

function DepartmentForm({ department, communityId, onCancel, onSaved }: FormProps) {
  const t = useT();
  const [draft, setDraft] = useState<DepartmentDraft>(() => newDepartmentDraft(department ?? undefined));
  const [problems, setProblems] = useState<DepartmentProblems>({});
  const [submitError, setSubmitError] = useState("");
  const [busy, setBusy] = useState(false);
  // One key for the form's life: a retry after a lost answer cannot create the department twice.
  const key = useRef(newFormKey());

  const set = (patch: Partial<DepartmentDraft>, field?: keyof DepartmentProblems) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    if (field) setProblems((prev) => ({ ...prev, [field]: undefined }));
    setSubmitError("");
  };

  const setContact = (index: number, patch: Partial<ContactDraft>) =>
    set({ contacts: draft.contacts.map((c, i) => (i === index ? { ...c, ...patch } : c)) }, "contacts");

  const message = (field: keyof DepartmentProblems) => {
    const problem = problems[field];
    if (!problem) return undefined;
    return t(problem.key, problem.index === undefined ? undefined : { n: problem.index + 1 });
  };

  const save = async () => {
    if (busy) return;
    const found = validateDepartment(draft);
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    setSubmitError("");
    try {
      const input = departmentInput(draft);
      onSaved(
        department
          ? await updateDepartment(department.id, input)
          : await createDepartment(input, key.current, communityId),
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
        // The server knows what the form cannot: whether each handler id is a user.
        const at = (field: string) => err.details.some((issue) => String(issue.path).includes(field));
        setProblems({
          ...(at("name") && !at("contacts") ? { name: { key: "cw.dept.error.name" as const } } : {}),
          ...(at("handlerIds") ? { handlerIds: { key: "cw.dept.error.handlerUnknown" as const } } : {}),
        });
      }
      setSubmitError(
        err instanceof ApiError && err.code === "VALIDATION_FAILED" && err.details[0]
          ? `${casesWorkErrorMessage(t, err)}（${err.details[0].message}）`
          : casesWorkErrorMessage(t, err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card" id="cd-form">
      <Text className="card-title">{t(department ? "cw.dept.editTitle" : "cw.dept.newTitle")}</Text>

      <Field id="cd-name" label={t("cw.dept.name")} error={message("name")} stacked>
        <Input
          id="cd-name"
          className={`lw-box-input${problems.name ? " lw-box-input-invalid" : ""}`}
          value={draft.name}
          maxlength={DEPARTMENT_NAME_MAX}
          placeholder={t("cw.dept.namePlaceholder")}
          onInput={(e) => set({ name: e.detail.value }, "name")}
        />
      </Field>

      <Field id="cd-kind" label={t("cw.dept.kind")} error={message("kind")} stacked>
        <View className={`lw-chips${problems.kind ? " lw-chips-invalid" : ""}`}>
          {DEPARTMENT_KINDS.map((kind) => (
            <View
              key={kind}
              id={`cd-kind-${kind}`}
              className={`lw-chip${draft.kind === kind ? " lw-chip-on" : ""}`}
              onClick={() => set({ kind }, "kind")}
            >
              {departmentKindLabel(t, kind)}
            </View>
          ))}
        </View>
      </Field>

      <Field id="cd-contacts" label={t("cw.dept.contacts")} error={message("contacts")} stacked>
        <View className="cd-contacts">
          {draft.contacts.map((contact, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: contacts have no id; the index is their place in the form
            <View key={index} className="cd-contact" id={`cd-contact-${index}`}>
              <View className="cd-contact-head">
                <Text className="cd-contact-title">{t("cw.dept.contactN", { n: index + 1 })}</Text>
                <Text
                  className="cd-contact-remove"
                  id={`cd-contact-${index}-remove`}
                  onClick={() => set({ contacts: draft.contacts.filter((_, i) => i !== index) }, "contacts")}
                >
                  {t("cw.dept.removeContact")}
                </Text>
              </View>
              <Input
                id={`cd-contact-${index}-name`}
                className="lw-box-input cd-contact-input"
                value={contact.name}
                maxlength={CONTACT_NAME_MAX}
                placeholder={t("cw.dept.contactName")}
                onInput={(e) => setContact(index, { name: e.detail.value })}
              />
              <Input
                id={`cd-contact-${index}-title`}
                className="lw-box-input cd-contact-input"
                value={contact.title}
                maxlength={CONTACT_TITLE_MAX}
                placeholder={t("cw.dept.contactTitle")}
                onInput={(e) => setContact(index, { title: e.detail.value })}
              />
              <Input
                id={`cd-contact-${index}-phone`}
                className="lw-box-input cd-contact-input"
                type="text"
                value={contact.phone}
                maxlength={20}
                placeholder={t("cw.dept.contactPhone")}
                onInput={(e) => setContact(index, { phone: e.detail.value })}
              />
            </View>
          ))}
          {draft.contacts.length < MAX_CONTACTS ? (
            <View
              className="lw-chip cd-add-contact"
              id="cd-add-contact"
              onClick={() =>
                set({ contacts: [...draft.contacts, { name: "", title: "", phone: "" }] }, "contacts")
              }
            >
              {t("cw.dept.addContact")}
            </View>
          ) : null}
        </View>
      </Field>

      <Field
        id="cd-handlers"
        label={t("cw.dept.handlerIds")}
        error={message("handlerIds")}
        hint={t("cw.dept.handlerIdsHint")}
        stacked
      >
        <Textarea
          id="cd-handler-ids"
          className={`textarea${problems.handlerIds ? " textarea-invalid" : ""}`}
          value={draft.handlerIds}
          maxlength={4000}
          placeholder={t("cw.dept.handlerIdsPlaceholder")}
          onInput={(e) => set({ handlerIds: e.detail.value }, "handlerIds")}
        />
      </Field>
      {department && department.handlers.length > 0 ? (
        <Text className="lw-muted-row" id="cd-current-handlers">
          {t("cw.dept.handlers", {
            names: department.handlers.map((h) => `${h.name}（${h.id}）`).join("、"),
          })}
        </Text>
      ) : null}

      <Field id="cd-active" label={t("cw.dept.status")} hint={t("cw.dept.inactiveHint")} stacked>
        <View className="lw-chips">
          {([true, false] as const).map((active) => (
            <View
              key={String(active)}
              id={`cd-active-${active ? "on" : "off"}`}
              className={`lw-chip${draft.active === active ? " lw-chip-on" : ""}`}
              onClick={() => set({ active })}
            >
              {t(active ? "cw.dept.active" : "cw.dept.inactive")}
            </View>
          ))}
        </View>
      </Field>

      {submitError ? (
        <Text className="lw-error" id="cd-error">
          {submitError}
        </Text>
      ) : null}
      <View className="lw-actions">
        <Button id="cd-cancel" size="large" className="lw-action" disabled={busy} onClick={onCancel}>
          {t("cw.dept.cancel")}
        </Button>
        <Button
          id="cd-save"
          type="primary"
          size="large"
          className="lw-action"
          loading={busy}
          onClick={() => void save()}
        >
          {t("cw.dept.save")}
        </Button>
      </View>
    </View>
  );
}
