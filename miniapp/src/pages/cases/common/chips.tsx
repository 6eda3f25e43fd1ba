import { Text, View } from "@tarojs/components";
import { useEffect, useState } from "react";
import type { Department } from "../../../api/cases";
import { listDepartments } from "../../../api/cases";
import { useT } from "../../../i18n";
import { caseErrorText } from "../../../utils/cases-rules";

/** One choice among chips: `chip-on` when chosen. */
export const chip = (id: string, on: boolean, label: string, onClick: () => void) => (
  <View key={id} id={id} className={`chip${on ? " chip-on" : ""}`} onClick={onClick}>
    {label}
  </View>
);

/** The community's active departments that `keep` allows, fetched once when the sheet opens. */
export function useDepartments(
  communityId: string,
  keep: (department: Department) => boolean,
  onLoaded?: (found: Department[]) => void,
) {
  const t = useT();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [loadError, setLoadError] = useState("");

  const reload = async () => {
    setLoadError("");
    try {
      const all = await listDepartments(communityId);
      const found = all.filter((d) => d.active && keep(d));
      setDepartments(found);
      onLoaded?.(found);
    } catch (err) {
      setLoadError(caseErrorText(t, err));
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the sheet opens
  useEffect(() => {
    void reload();
  }, []);

  return { departments, loadError, reload };
}

interface DepartmentChipsProps {
  /** `<idPrefix>-departments-error`, `<idPrefix>-no-departments`, `<idPrefix>-department-<id>`. */
  idPrefix: string;
  /** The id of the chips' row, if it has one. */
  listId?: string;
  departments: Department[] | null;
  loadError: string;
  onRetry(): void;
  emptyText: string;
  chosen: string;
  onChoose(id: string): void;
}

/** Loading, the load's error (a tap retries), none to choose, or the departments as chips. */
export function DepartmentChips({
  idPrefix,
  listId,
  departments,
  loadError,
  onRetry,
  emptyText,
  chosen,
  onChoose,
}: DepartmentChipsProps) {
  const t = useT();
  return (
    <>
      {departments === null && !loadError ? (
        <Text className="od-sheet-muted">{t("common.loading")}</Text>
      ) : null}
      {loadError ? (
        <Text className="od-sheet-error" id={`${idPrefix}-departments-error`} onClick={onRetry}>
          {loadError} · {t("common.retry")}
        </Text>
      ) : null}
      {departments && departments.length === 0 ? (
        <Text className="od-sheet-warn" id={`${idPrefix}-no-departments`}>
          {emptyText}
        </Text>
      ) : null}
      <View className="chips" id={listId}>
        {(departments ?? []).map((d) =>
          chip(`${idPrefix}-department-${d.id}`, d.id === chosen, d.name, () => onChoose(d.id)),
        )}
      </View>
    </>
  );
}
