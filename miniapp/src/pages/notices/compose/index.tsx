import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Picker, Text, Textarea, View } from "@tarojs/components";
import Taro, { useDidShow, useRouter } from "@tarojs/taro";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import {
  type AudienceOptions,
  CATEGORIES,
  createNotice,
  getAudienceOptions,
  getNotice,
  type NoticeCategory,
  type NoticeDetail,
  type NoticeState,
  publishNotice,
  updateNotice,
} from "../../../api/notices";
import { newIdempotencyKey } from "../../../components/BehalfDialog";
import { Confirm } from "../../../components/Confirm";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { PhotoPicker } from "../../../components/PhotoPicker";
import { useT } from "../../../i18n";
import { ROUTES } from "../../../routes";
import { useSession } from "../../../store/session";
import {
  apiFieldProblems,
  audienceHouseholds,
  audienceNames,
  audienceOf,
  BODY_MAX,
  type ComposeDraft,
  type ComposeField,
  type ComposeIntent,
  type ComposeProblems,
  draftFromNotice,
  EXPIRY_CHOICES,
  expiryInstant,
  isEditConflict,
  isForbidden,
  isNoticeStaff,
  MAX_IMAGES,
  MAX_SCHEDULE_DAYS,
  newComposeDraft,
  noticeChanges,
  noticeErrorMessage,
  noticeInput,
  pinnedOf,
  publishInstant,
  rescheduleTo,
  scheduleErrorText,
  TITLE_MAX,
  textLengths,
  validateCompose,
  whenText,
} from "../../../utils/notices-compose";
import { addDays, formatShanghai, shanghaiDate } from "../../../utils/time";
import { AudiencePicker } from "./parts/AudiencePicker";
import { Chip, Section, Toggle } from "./parts/controls";
import { scheduleErrorFor, setLandingTab } from "./parts/landing";
import { Preview } from "./parts/Preview";
import "../../../components/Page/staff.scss";
import "../common/notices.scss";
import "./index.scss";

type Load = "loading" | "ready" | "error";
type Errors = Partial<Record<ComposeField, string>>;

/** Back to the manage page, on the tab where the notice now is. */
function toManage(state: NoticeState) {
  const pages = Taro.getCurrentPages();
  const previous = pages[pages.length - 2]?.route ?? "";
  if (previous.includes("pages/notices/manage/index")) {
    setLandingTab(state);
    void Taro.navigateBack({ delta: 1 });
  } else void Taro.redirectTo({ url: `${ROUTES.noticesManage}?tab=${state}` });
}

export default function NoticeComposePage() {
  const t = useT();
  const { user } = useSession();
  const editId = useRouter().params.id ?? null;
  const staff = isNoticeStaff(user);

  const [noticeLoad, setNoticeLoad] = useState<Load>(editId ? "loading" : "ready");
  const [noticeError, setNoticeError] = useState("");
  // The notice as last saved (loaded, or created by this form): its id and version for the next save.
  const [saved, setSaved] = useState<NoticeDetail | null>(null);
  const [draft, setDraft] = useState<ComposeDraft>(() => newComposeDraft(new Date()));
  const [options, setOptions] = useState<AudienceOptions | null>(null);
  const [optionsLoad, setOptionsLoad] = useState<Load>("loading");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState("");
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState<"draft" | "publish" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [preview, setPreview] = useState(false);
  const [forbidden, setForbidden] = useState(!staff);
  // One key for the form's life: a double tap, or a retry after a lost answer, makes one notice.
  const key = useRef(newIdempotencyKey());
  const busyRef = useRef(false);

  const published = saved?.state === "published";
  const scheduled = saved?.state === "scheduled";
  // A scheduled notice whose time was changed here: 保存修改 moves it to the new time.
  const movedTo = rescheduleTo(draft, saved);
  // Went back to the drafts because the job could not publish it at its time.
  const scheduleError =
    saved?.state === "draft" ? (saved.staff?.scheduleError ?? scheduleErrorFor(saved.id)) : null;

  const fetchOptions = async () => {
    try {
      setOptions(await getAudienceOptions());
      setOptionsLoad("ready");
    } catch (err) {
      if (isForbidden(err)) setForbidden(true);
      setOptionsLoad((prev) => (prev === "ready" ? prev : "error"));
    }
  };

  const fetchNotice = async (id: string) => {
    setNoticeLoad("loading");
    try {
      const notice = await getNotice(id);
      setSaved(notice);
      setDraft(draftFromNotice(notice, new Date()));
      setErrors({});
      setFormError("");
      setConflict(false);
      setNoticeLoad("ready");
    } catch (err) {
      if (isForbidden(err)) setForbidden(true);
      setNoticeError(noticeErrorMessage(t, err));
      setNoticeLoad("error");
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the notice the page opened with
  useEffect(() => {
    if (staff && editId) void fetchNotice(editId);
  }, []);

  // Grids may have been added on the grids page meanwhile: the picker's counts are read on every show.
  useDidShow(() => {
    if (staff) void fetchOptions();
  });

  const set = (patch: Partial<ComposeDraft>, ...fields: ComposeField[]) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    if (fields.length > 0)
      setErrors((prev) => {
        const next = { ...prev };
        for (const field of fields) delete next[field];
        return next;
      });
    setFormError("");
  };

  const show = (problems: ComposeProblems) => {
    const shown: Errors = {};
    for (const [field, problem] of Object.entries(problems))
      if (problem) shown[field as ComposeField] = t(problem.key, problem.params);
    setErrors(shown);
    const first = Object.keys(shown)[0];
    if (first)
      setTimeout(() => {
        Taro.pageScrollTo({ selector: `#nc-field-${first}`, duration: 200, offsetTop: -40 }).catch(
          () => undefined,
        );
      }, 60);
    return Object.keys(shown).length === 0;
  };

  const failed = (err: unknown) => {
    if (isEditConflict(err)) {
      setConflict(true);
      setFormError("");
      setTimeout(() => {
        Taro.pageScrollTo({ selector: "#nc-conflict", duration: 200 }).catch(() => undefined);
      }, 60);
      return;
    }
    if (err instanceof ApiError && err.code === "VALIDATION_FAILED") {
      const { fields, other } = apiFieldProblems(err.details);
      show(fields);
      const extra = other[0];
      setFormError(extra ? t(extra.key, extra.params) : noticeErrorMessage(t, err));
      return;
    }
    setFormError(noticeErrorMessage(t, err));
  };

  /** Creates the notice the first time, then saves changes to it: the notice as the server has it. */
  const store = async (now: Date): Promise<NoticeDetail> => {
    const next = saved
      ? await updateNotice(saved.id, saved.version, noticeChanges(draft, now, saved.state === "published"))
      : await createNotice(noticeInput(draft, now), key.current);
    setSaved(next);
    return next;
  };

  const begin = (kind: "draft" | "publish") => {
    if (busyRef.current) return false;
    busyRef.current = true;
    setBusy(kind);
    setFormError("");
    return true;
  };
  const end = () => {
    busyRef.current = false;
    setBusy(null);
  };

  /**
   * A scheduled notice saved with a new time: the changes, and the time (publish with a time
   * reschedules it). The server checks the expiry against the time it has, so when the new time is
   * earlier the time goes first, when later the changes do: each step then passes its check.
   */
  const storeAndMove = async (now: Date, current: NoticeDetail, at: string): Promise<NoticeDetail> => {
    const changes = () => noticeChanges(draft, now, false);
    if (current.publishAt && Date.parse(at) < Date.parse(current.publishAt)) {
      const moved = await publishNotice(current.id, at);
      setSaved(moved);
      const next = await updateNotice(moved.id, moved.version, changes());
      setSaved(next);
      return next;
    }
    const next = await updateNotice(current.id, current.version, changes());
    setSaved(next);
    const moved = await publishNotice(next.id, at);
    setSaved(moved);
    return moved;
  };

  const saveDraft = async () => {
    const now = new Date();
    // A new time is checked as publishing checks it (in the future, within 90 days, before expiry).
    if (!show(validateCompose(draft, now, movedTo ? "publish" : "draft")) || !begin("draft")) return;
    try {
      const notice = movedTo && saved ? await storeAndMove(now, saved, movedTo) : await store(now);
      void Taro.showToast({
        title:
          movedTo && notice.state === "scheduled"
            ? t("nw.c.scheduledToast", { time: formatShanghai(notice.publishAt ?? movedTo) })
            : t(scheduled ? "nw.c.savedChanges" : "nw.c.savedDraft"),
        icon: "none",
        duration: 2500,
      });
      toManage(notice.state);
    } catch (err) {
      failed(err);
    } finally {
      end();
    }
  };

  const intent: ComposeIntent = published ? "save" : "publish";

  const ask = () => {
    if (busyRef.current || !show(validateCompose(draft, new Date(), intent))) return;
    if (published) {
      void saveChanges();
      return;
    }
    // The confirmation says who it goes to and how many households: not before the picker loaded.
    if (!options) {
      setErrors((prev) => ({ ...prev, audience: t("nw.aud.waitOptions") }));
      if (optionsLoad === "error") {
        setOptionsLoad("loading");
        void fetchOptions();
      }
      setTimeout(() => {
        Taro.pageScrollTo({ selector: "#nc-field-audience", duration: 200, offsetTop: -40 }).catch(
          () => undefined,
        );
      }, 60);
      return;
    }
    setConfirming(true);
  };

  const saveChanges = async () => {
    if (!begin("publish")) return;
    try {
      const notice = await store(new Date());
      void Taro.showToast({ title: t("nw.c.savedChanges"), icon: "none" });
      toManage(notice.state);
    } catch (err) {
      failed(err);
    } finally {
      end();
    }
  };

  const publish = async () => {
    // The clock is read again at the moment staff confirm: presets count from then.
    const now = new Date();
    if (!show(validateCompose(draft, now, "publish"))) {
      setConfirming(false);
      return;
    }
    if (!begin("publish")) return;
    try {
      const at = publishInstant(draft);
      let done: NoticeDetail;
      if (saved?.state === "scheduled" && at) done = await storeAndMove(now, saved, at);
      else {
        const notice = await store(now);
        done = await publishNotice(notice.id, at ?? undefined);
      }
      setSaved(done);
      setConfirming(false);
      void Taro.showToast({
        title:
          done.state === "scheduled"
            ? t("nw.c.scheduledToast", { time: formatShanghai(done.publishAt ?? "") })
            : t("nw.c.publishedToast"),
        icon: "none",
        duration: 2500,
      });
      toManage(done.state);
    } catch (err) {
      setConfirming(false);
      failed(err);
    } finally {
      end();
    }
  };

  const title = t(editId ? "nw.c.editTitle" : "nw.c.newTitle");

  if (forbidden)
    return (
      <Page id="notice-compose-page" title={title}>
        <View className="state" id="nc-forbidden">
          {t("nw.forbidden")}
        </View>
      </Page>
    );

  if (noticeLoad !== "ready")
    return (
      <Page id="notice-compose-page" title={title}>
        <LoadState
          id="nc-load"
          load={noticeLoad}
          error={noticeError}
          onRetry={editId ? () => void fetchNotice(editId) : undefined}
        />
      </Page>
    );

  if (saved?.state === "withdrawn")
    return (
      <Page id="notice-compose-page" title={title}>
        <View className="state state-retry" id="nc-withdrawn">
          <Text className="state-message">{t("nw.c.withdrawn")}</Text>
          <Button id="nc-back" size="small" onClick={() => toManage("withdrawn")}>
            {t("nw.c.backToManage")}
          </Button>
        </View>
      </Page>
    );

  const lengths = textLengths(draft);
  const now = new Date();
  const today = shanghaiDate(now);
  const expiresAt = expiryInstant(draft, now);
  // Published: the households it went to, as fixed then; otherwise as picked now (unknown while the
  // picker has not loaded: then no count is shown, and publishing waits for it).
  const households = published
    ? (saved?.staff?.audienceHouseholds ?? 0)
    : options
      ? audienceHouseholds(draft, options)
      : null;
  const emergency = draft.category === "emergency";
  const audienceText = published
    ? (saved?.audienceLabel ?? "")
    : options
      ? audienceNames(t, draft, options)
      : saved && JSON.stringify(audienceOf(draft)) === JSON.stringify(saved.audience)
        ? saved.audienceLabel
        : t(`nw.aud.${draft.audienceKind}`);

  return (
    <Page id="notice-compose-page" title={title}>
      {published ? (
        <View className="nc-banner" id="nc-locked-note">
          {t("nw.c.lockedNote")}
        </View>
      ) : null}
      {scheduled ? (
        <View className="nc-banner nc-banner-green" id="nc-scheduled-note">
          {t("nw.c.scheduledNote", { time: formatShanghai(saved?.publishAt ?? "") })}
        </View>
      ) : null}
      {scheduleError ? (
        <View className="nc-banner nc-banner-red" id="nc-schedule-error">
          {scheduleErrorText(t, scheduleError)}
        </View>
      ) : null}

      <View className="card">
        <Section name="title" label={t("nw.c.title")} error={errors.title}>
          <Input
            id="nc-title"
            className={`lw-box-input${errors.title ? " lw-box-input-invalid" : ""}`}
            value={draft.title}
            maxlength={TITLE_MAX}
            placeholder={t("nw.c.titlePlaceholder")}
            onInput={(e) => set({ title: e.detail.value }, "title")}
          />
        </Section>

        <Section name="body" label={t("nw.c.body")} error={errors.body}>
          <Text className="nc-help" id="nc-body-help">
            {t("nw.c.formatHelp")}
          </Text>
          <Textarea
            id="nc-body"
            className={`textarea nc-area${errors.body ? " textarea-invalid" : ""}`}
            value={draft.body}
            maxlength={BODY_MAX}
            placeholder={t("nw.c.bodyPlaceholder")}
            onInput={(e) => set({ body: e.detail.value }, "body")}
          />
          <Text className={`nc-count${lengths.body > BODY_MAX ? " nc-count-over" : ""}`} id="nc-body-count">
            {t("nw.c.count", { count: lengths.body, max: BODY_MAX })}
          </Text>
        </Section>

        <Section
          name="category"
          label={t("nw.c.category")}
          error={errors.category}
          hint={published ? t("nw.c.categoryLocked") : undefined}
        >
          <View className="lw-chips">
            {CATEGORIES.map((category: NoticeCategory) => (
              <Chip
                key={category}
                id={`nc-cat-${category}`}
                on={draft.category === category}
                danger={category === "emergency"}
                disabled={published}
                onClick={() => set({ category }, "category")}
              >
                {t(`nr.category.${category}`)}
              </Chip>
            ))}
          </View>
          {emergency ? (
            <Text className="lw-warn" id="nc-emergency-note">
              {t("nw.c.emergencyNote")}
            </Text>
          ) : null}
        </Section>

        <Section
          name="audience"
          label={t("nw.c.audience")}
          error={errors.audience}
          hint={published ? t("nw.c.audienceLocked") : undefined}
        >
          <AudiencePicker
            draft={draft}
            options={options}
            load={optionsLoad}
            onRetry={() => {
              setOptionsLoad("loading");
              void fetchOptions();
            }}
            locked={
              published && saved
                ? { label: saved.audienceLabel, households: saved.staff?.audienceHouseholds ?? 0 }
                : null
            }
            invalid={Boolean(errors.audience)}
            onChange={(patch) => set(patch, "audience")}
          />
        </Section>

        <Section name="images" label={t("nw.c.images")} error={errors.images} hint={t("nw.c.imagesHint")}>
          <PhotoPicker
            purpose="notice-image"
            max={MAX_IMAGES}
            idPrefix="nc"
            photos={draft.images}
            invalid={Boolean(errors.images)}
            onChange={(update) => {
              setDraft((prev) => ({ ...prev, images: update(prev.images) }));
              setErrors((prev) => ({ ...prev, images: undefined }));
            }}
          />
        </Section>

        <Toggle
          id="nc-pinned"
          label={t("nw.c.pinned")}
          hint={t(emergency ? "nw.c.pinnedEmergency" : "nw.c.pinnedHint")}
          checked={pinnedOf(draft)}
          disabled={emergency}
          onChange={(pinned) => set({ pinned })}
        />
        <Toggle
          id="nc-ack"
          label={t("nw.c.ack")}
          hint={t("nw.c.ackHint")}
          checked={draft.ackRequired}
          onChange={(ackRequired) => set({ ackRequired })}
        />

        <Section name="expiresAt" label={t("nw.c.expiry")} error={errors.expiresAt}>
          <View className="lw-chips">
            {EXPIRY_CHOICES.map((choice) => (
              <Chip
                key={choice}
                id={`nc-expiry-${choice}`}
                on={draft.expiry === choice}
                onClick={() => set({ expiry: choice }, "expiresAt")}
              >
                {t(`nw.expiry.${choice}`)}
              </Chip>
            ))}
          </View>
          {draft.expiry === "keep" && draft.keptExpiresAt ? (
            <Text className="lw-muted-row" id="nc-expiry-current">
              {t("nw.c.expiryKept", { time: formatShanghai(draft.keptExpiresAt) })}
            </Text>
          ) : null}
          <Text className="lw-muted-row" id="nc-expiry-at">
            {expiresAt ? t("nw.c.expiresAt", { time: formatShanghai(expiresAt) }) : t("nw.c.expiresNever")}
          </Text>
        </Section>

        {published ? null : (
          <Section
            name="publishAt"
            label={t("nw.c.when")}
            error={errors.publishAt}
            hint={t("nw.c.whenHint", { days: MAX_SCHEDULE_DAYS })}
          >
            <View className="lw-chips">
              <Chip
                id="nc-when-now"
                on={!draft.publishLater}
                onClick={() => set({ publishLater: false }, "publishAt")}
              >
                {t("nw.when.now")}
              </Chip>
              <Chip
                id="nc-when-later"
                on={draft.publishLater}
                onClick={() => set({ publishLater: true }, "publishAt")}
              >
                {t("nw.when.later")}
              </Chip>
            </View>
            {draft.publishLater ? (
              <View className="nc-when">
                <Picker
                  mode="date"
                  value={draft.publishDate}
                  start={today}
                  end={addDays(today, MAX_SCHEDULE_DAYS)}
                  onChange={(e) => set({ publishDate: String(e.detail.value) }, "publishAt", "expiresAt")}
                >
                  <View className="lw-picker nc-when-picker" id="nc-publish-date">
                    <Text>{draft.publishDate}</Text>
                    <Text className="lw-arrow">›</Text>
                  </View>
                </Picker>
                <Picker
                  mode="time"
                  value={draft.publishTime}
                  onChange={(e) => set({ publishTime: String(e.detail.value) }, "publishAt", "expiresAt")}
                >
                  <View className="lw-picker nc-when-picker" id="nc-publish-time">
                    <Text>{draft.publishTime}</Text>
                    <Text className="lw-arrow">›</Text>
                  </View>
                </Picker>
              </View>
            ) : null}
            {draft.publishLater && !scheduled ? (
              <Text className="lw-muted-row" id="nc-draft-schedule-note">
                {t("nw.c.draftKeepsNoTime")}
              </Text>
            ) : null}
            {scheduled && saved?.publishAt ? (
              <Text className="lw-muted-row" id="nc-scheduled-save-note">
                {movedTo
                  ? t("nw.c.movesTime", {
                      time: formatShanghai(movedTo),
                      old: formatShanghai(saved.publishAt),
                    })
                  : t(draft.publishLater ? "nw.c.keepsTime" : "nw.c.nowOrKeep", {
                      time: formatShanghai(saved.publishAt),
                    })}
              </Text>
            ) : null}
          </Section>
        )}

        {conflict ? (
          <View className="nc-conflict" id="nc-conflict">
            <Text className="nc-conflict-text">{t("nw.err.EDIT_CONFLICT")}</Text>
            <Button
              id="nc-reload"
              size="small"
              type="primary"
              onClick={() => {
                if (saved) void fetchNotice(saved.id);
              }}
            >
              {t("nw.c.reload")}
            </Button>
          </View>
        ) : null}

        {formError ? (
          <Text className="lw-error" id="nc-form-error">
            {formError}
          </Text>
        ) : null}

        <View className="nc-actions">
          <Button
            id="nc-preview"
            size="large"
            fill="outline"
            className="nc-action"
            onClick={() => {
              const next = !preview;
              setPreview(next);
              if (next)
                setTimeout(() => {
                  Taro.pageScrollTo({ selector: "#nc-preview-sheet", duration: 200 }).catch(() => undefined);
                }, 60);
            }}
          >
            {t(preview ? "nw.c.previewHide" : "nw.c.preview")}
          </Button>
          {published ? null : (
            <Button
              id="nc-save-draft"
              size="large"
              className="nc-action"
              loading={busy === "draft"}
              disabled={busy === "publish"}
              onClick={() => void saveDraft()}
            >
              {t(scheduled ? "nw.c.saveScheduled" : "nw.c.saveDraft")}
            </Button>
          )}
        </View>
        <Button
          id="nc-publish"
          type={emergency && !published ? "danger" : "primary"}
          size="large"
          block
          className="nc-primary"
          loading={busy === "publish" && !confirming}
          disabled={busy === "draft"}
          onClick={ask}
        >
          {published ? t("nw.c.saveChanges") : t(draft.publishLater ? "nw.c.schedule" : "nw.c.publish")}
        </Button>
      </View>

      {preview ? (
        <Preview
          title={draft.title}
          body={draft.body}
          category={draft.category}
          pinned={pinnedOf(draft)}
          ackRequired={draft.ackRequired}
          images={draft.images}
          meta={
            households === null
              ? t("nw.preview.metaNoCount", {
                  audience: audienceText,
                  when: whenText(t, draft),
                })
              : t("nw.preview.meta", {
                  audience: audienceText,
                  households,
                  when: published ? t("nw.preview.published") : whenText(t, draft),
                })
          }
        />
      ) : null}

      {confirming ? (
        <Confirm
          id="nc-confirm"
          title={t(draft.publishLater ? "nw.c.confirmScheduleTitle" : "nw.c.confirmTitle")}
          confirmId="nc-confirm-ok"
          confirmText={t(draft.publishLater ? "nw.c.schedule" : "nw.c.publish")}
          cancelId="nc-confirm-cancel"
          cancelText={t("nw.c.back")}
          danger={emergency}
          busy={busy === "publish"}
          onConfirm={() => void publish()}
          onCancel={() => setConfirming(false)}
        >
          <Text className="nc-pre" id="nc-confirm-body">
            {t("nw.c.confirmBody", {
              title: draft.title.trim(),
              audience: audienceText,
              households: households ?? "—",
              when: whenText(t, draft),
              expiry: expiresAt ? formatShanghai(expiresAt) : t("nw.c.never"),
            })}
          </Text>
          {emergency ? (
            <Text className="lw-warn" id="nc-confirm-emergency">
              {t("nw.c.confirmEmergency", { households: households ?? "—" })}
            </Text>
          ) : null}
        </Confirm>
      ) : null}
    </Page>
  );
}
