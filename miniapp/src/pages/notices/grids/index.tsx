import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Input, Text, View } from "@tarojs/components";
import Taro, { useDidShow } from "@tarojs/taro";
import { useRef, useState } from "react";
import { ApiError } from "../../../api/errors";
import {
  type AudienceOptions,
  createGrid,
  type Grid,
  getAudienceOptions,
  listGrids,
  updateGrid,
} from "../../../api/notices";
import { LoadState } from "../../../components/LoadState";
import { Page } from "../../../components/Page";
import { useT } from "../../../i18n";
import { useSession } from "../../../store/session";
import { staffCommunityOf } from "../../../utils/deliberation-work";
import {
  GRID_NAME_MAX,
  type GridDraft,
  type GridField,
  gridFieldErrors,
  gridInput,
  isForbiddenError,
  memberState,
  membersHouseholds,
  membersLabel,
  newFormKey,
  newGridDraft,
  reachErrorMessage,
  toggleUnit,
  toggleWholeBuilding,
  validateGrid,
} from "../../../utils/notices-reach";
import { formatShanghai } from "../../../utils/time";
import "../../../components/Page/staff.scss";
import "./index.scss";

type Load = "loading" | "ready" | "error" | "forbidden";
/** The grid being edited, or null for a new one. */
type Editing = { grid: Grid | null } | null;

const byName = (a: Grid, b: Grid) => a.name.localeCompare(b.name, "zh-CN", { numeric: true });

export default function NoticeGridsPage() {
  const t = useT();
  const { user } = useSession();
  const communityId = staffCommunityOf(user);
  const [load, setLoad] = useState<Load>(communityId ? "loading" : "forbidden");
  const [error, setError] = useState("");
  const [grids, setGrids] = useState<Grid[]>([]);
  const [options, setOptions] = useState<AudienceOptions | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState("");

  const fetchAll = async () => {
    if (!communityId) return;
    try {
      const [items, picker] = await Promise.all([listGrids(), getAudienceOptions()]);
      setGrids([...items].sort(byName));
      setOptions(picker);
      setLoad("ready");
    } catch (err) {
      setError(reachErrorMessage(t, err));
      setLoad(isForbiddenError(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    if (!editing) void fetchAll();
  });

  const open = (grid: Grid | null) => {
    setNotice("");
    setEditing({ grid });
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  if (load === "forbidden")
    return (
      <Page id="notice-grids-page" title={t("nx.gridsTitle")}>
        <View className="state" id="ng-forbidden">
          {t("nx.forbidden")}
        </View>
      </Page>
    );

  return (
    <Page id="notice-grids-page" title={t("nx.gridsTitle")}>
      <LoadState
        id="ng-grids"
        load={load}
        error={error}
        onRetry={() => {
          setLoad("loading");
          void fetchAll();
        }}
      />

      {load === "ready" && options && editing ? (
        <GridForm
          key={editing.grid?.id ?? "new"}
          grid={editing.grid}
          options={options}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setGrids((prev) => [...prev.filter((g) => g.id !== saved.id), saved].sort(byName));
            setEditing(null);
            const message = t("nx.grid.saved", { name: saved.name });
            setNotice(message);
            void Taro.showToast({ title: message, icon: "none" });
          }}
          onGone={() => {
            setEditing(null);
            void fetchAll();
          }}
        />
      ) : null}

      {load === "ready" && !editing ? (
        <View>
          <View className="card">
            <Text className="hint ng-intro">{t("nx.grid.intro")}</Text>
            <Button
              id="ng-new"
              type="primary"
              size="large"
              block
              className="ng-new"
              onClick={() => open(null)}
            >
              {t("nx.grid.new")}
            </Button>
          </View>
          {notice ? (
            <View className="ng-notice" id="ng-notice">
              {notice}
            </View>
          ) : null}
          {grids.length === 0 ? (
            <View className="state" id="ng-empty">
              {t("nx.grid.empty")}
            </View>
          ) : (
            <View id="ng-grids">
              {grids.map((grid) => (
                <View
                  key={grid.id}
                  id={`ng-grid-${grid.id}`}
                  className="card ng-grid"
                  hoverClass="cell-pressed"
                  onClick={() => open(grid)}
                >
                  <View className="ng-grid-text">
                    <View className="ng-grid-head">
                      <Text className="ng-grid-name">{grid.name}</Text>
                      <Text className="badge badge-green ng-grid-count">
                        {t("nx.grid.households", { count: grid.households })}
                      </Text>
                    </View>
                    <Text className="ng-grid-label">{grid.label}</Text>
                    <Text className="ng-grid-updated">
                      {t("nx.grid.updated", { time: formatShanghai(grid.updatedAt) })}
                    </Text>
                  </View>
                  <Text className="cell-arrow">›</Text>
                </View>
              ))}
            </View>
          )}
        </View>
      ) : null}
    </Page>
  );
}

interface FormProps {
  grid: Grid | null;
  options: AudienceOptions;
  onCancel(): void;
  onSaved(grid: Grid): void;
  /** The grid was deleted meanwhile. */
  onGone(): void;
}

/** Name the grid and pick whole buildings or some of their units. */
function GridForm({ grid, options, onCancel, onSaved, onGone }: FormProps) {
  const t = useT();
  const [draft, setDraft] = useState<GridDraft>(() => newGridDraft(grid ?? undefined));
  const [errors, setErrors] = useState<Partial<Record<GridField, string>>>({});
  const [submitError, setSubmitError] = useState("");
  const [busy, setBusy] = useState(false);
  // One key for the form's life: a retry after a lost answer cannot create the grid twice (a
  // failed attempt stores nothing on the server, so a corrected retry goes through).
  const key = useRef(newFormKey());

  const set = (patch: Partial<GridDraft>, field: GridField) => {
    setDraft((prev) => ({ ...prev, ...patch }));
    setErrors((prev) => ({ ...prev, [field]: undefined }));
    setSubmitError("");
  };

  const save = async () => {
    if (busy) return;
    const problems = validateGrid(draft);
    const shown: Partial<Record<GridField, string>> = {};
    for (const [field, problem] of Object.entries(problems))
      if (problem) shown[field as GridField] = t(problem.key, problem.params);
    setErrors(shown);
    if (Object.keys(shown).length > 0) return;
    setBusy(true);
    setSubmitError("");
    try {
      const input = gridInput(draft, options);
      onSaved(grid ? await updateGrid(grid.id, input) : await createGrid(input, key.current));
    } catch (err) {
      if (err instanceof ApiError && err.code === "GRID_NOT_FOUND") {
        void Taro.showToast({ title: reachErrorMessage(t, err), icon: "none" });
        onGone();
        return;
      }
      if (err instanceof ApiError && err.code === "VALIDATION_FAILED")
        setErrors(gridFieldErrors(t, err.details));
      setSubmitError(reachErrorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  const count = membersHouseholds(draft.members, options);

  return (
    <View className="card" id="ng-form">
      <Text className="card-title">{t(grid ? "nx.grid.editTitle" : "nx.grid.newTitle")}</Text>

      <View
        className={`lw-field lw-field-stacked${errors.name ? " lw-field-invalid" : ""}`}
        id="field-ng-name"
      >
        <View className="lw-field-row">
          <Text className="lw-field-label">{t("nx.grid.name")}</Text>
          <View className="lw-field-control">
            <Input
              id="ng-name"
              className={`lw-box-input${errors.name ? " lw-box-input-invalid" : ""}`}
              value={draft.name}
              maxlength={GRID_NAME_MAX}
              placeholder={t("nx.grid.namePlaceholder")}
              onInput={(e) => set({ name: e.detail.value }, "name")}
            />
          </View>
        </View>
        {errors.name ? (
          <Text className="lw-field-error" id="ng-error-name">
            {errors.name}
          </Text>
        ) : null}
      </View>

      <View
        className={`lw-field lw-field-stacked ng-members-field${errors.members ? " lw-field-invalid" : ""}`}
        id="field-ng-members"
      >
        <View className="lw-field-row">
          <Text className="lw-field-label">{t("nx.grid.members")}</Text>
          <Text className="lw-muted-row ng-members-hint">{t("nx.grid.membersHint")}</Text>
        </View>
        {options.buildings.length === 0 ? (
          <Text className="lw-muted-row" id="ng-no-buildings">
            {t("nx.grid.noBuildings")}
          </Text>
        ) : null}
        {options.buildings.map((b) => (
          <View key={b.id} className="ng-building" id={`ng-building-${b.id}`}>
            <View className="ng-building-head">
              <Text className="ng-building-name">{b.name}</Text>
              <Text className="ng-building-count">
                {t("nx.grid.buildingHouseholds", { count: b.households })}
              </Text>
            </View>
            <View className={`lw-chips${errors.members ? " lw-chips-invalid" : ""}`}>
              <MemberChip
                id={`ng-member-${b.id}`}
                state={memberState(draft.members, b.id, null)}
                onClick={() => set({ members: toggleWholeBuilding(draft.members, b.id) }, "members")}
              >
                {t("nx.grid.whole", { count: b.households })}
              </MemberChip>
              {b.units.map((u) => (
                <MemberChip
                  key={u.unit}
                  id={`ng-member-${b.id}-${u.unit}`}
                  state={memberState(draft.members, b.id, u.unit)}
                  onClick={() => set({ members: toggleUnit(draft.members, b, u.unit) }, "members")}
                >
                  {t("nx.grid.unit", { unit: u.unit, count: u.households })}
                </MemberChip>
              ))}
            </View>
          </View>
        ))}
        {errors.members ? (
          <Text className="lw-field-error" id="ng-error-members">
            {errors.members}
          </Text>
        ) : null}
      </View>

      <Text className="ng-summary" id="ng-summary">
        {draft.members.length === 0
          ? t("nx.grid.summaryEmpty")
          : t("nx.grid.summary", { label: membersLabel(t, draft.members, options), count })}
      </Text>
      <Text className="hint" id="ng-note">
        {t("nx.grid.note")}
      </Text>

      {submitError ? (
        <Text className="lw-error" id="ng-error">
          {submitError}
        </Text>
      ) : null}
      <View className="lw-actions">
        <Button id="ng-cancel" size="large" className="lw-action" disabled={busy} onClick={onCancel}>
          {t("nx.grid.cancel")}
        </Button>
        <Button
          id="ng-save"
          type="primary"
          size="large"
          className="lw-action"
          loading={busy}
          onClick={() => void save()}
        >
          {t("nx.grid.save")}
        </Button>
      </View>
    </View>
  );
}

function MemberChip({
  id,
  state,
  onClick,
  children,
}: {
  id: string;
  state: "on" | "covered" | "off";
  onClick(): void;
  children: string;
}) {
  const tone = state === "on" ? " lw-chip-on" : state === "covered" ? " lw-chip-on ng-chip-covered" : "";
  return (
    <View id={id} className={`lw-chip ng-chip${tone}`} onClick={onClick}>
      {state === "off" ? "" : "✓ "}
      {children}
    </View>
  );
}
