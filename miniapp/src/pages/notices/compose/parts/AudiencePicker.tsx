import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import type { AudienceOptions } from "../../../../api/notices";
import { useT } from "../../../../i18n";
import { ROUTES } from "../../../../routes";
import {
  AUDIENCE_KINDS,
  type AudienceKind,
  audienceSummary,
  type ComposeDraft,
  toggleId,
} from "../../../../utils/notices-compose";
import { CheckRow, Chip } from "./controls";

type AudienceDraft = Pick<ComposeDraft, "audienceKind" | "buildingIds" | "gridIds">;

interface Props {
  draft: AudienceDraft;
  options: AudienceOptions | null;
  load: "loading" | "ready" | "error";
  onRetry(): void;
  /** Published: who it is for is fixed, shown as it was published. */
  locked: { label: string; households: number } | null;
  invalid: boolean;
  onChange(patch: Partial<AudienceDraft>): void;
}

/** Who the notice is for: the whole community, some buildings, or some grids, with the households reached. */
export function AudiencePicker({ draft, options, load, onRetry, locked, invalid, onChange }: Props) {
  const t = useT();
  const kind = (next: AudienceKind) => {
    if (next !== draft.audienceKind) onChange({ audienceKind: next });
  };

  if (locked)
    return (
      <View>
        <Text className="nc-summary" id="nc-aud-summary">
          {t("nw.aud.lockedSummary", { label: locked.label, households: locked.households })}
        </Text>
      </View>
    );

  return (
    <View>
      <View className={`lw-chips${invalid ? " lw-chips-invalid" : ""}`}>
        {AUDIENCE_KINDS.map((k) => (
          <Chip key={k} id={`nc-aud-${k}`} on={draft.audienceKind === k} onClick={() => kind(k)}>
            {t(`nw.aud.${k}`)}
          </Chip>
        ))}
      </View>

      {load === "loading" ? (
        <Text className="lw-muted-row" id="nc-aud-loading">
          {t("common.loading")}
        </Text>
      ) : null}
      {load === "error" ? (
        <View className="nc-retry" id="nc-aud-error">
          <Text className="lw-error">{t("nw.aud.loadFailed")}</Text>
          <Button id="nc-aud-retry" size="small" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        </View>
      ) : null}

      {options && draft.audienceKind === "buildings" ? (
        <View className="nc-checks" id="nc-buildings">
          {options.buildings.length === 0 ? (
            <Text className="lw-muted-row" id="nc-no-buildings">
              {t("nw.aud.noBuildings")}
            </Text>
          ) : null}
          {options.buildings.map((b) => (
            <CheckRow
              key={b.id}
              id={`nc-building-${b.id}`}
              on={draft.buildingIds.includes(b.id)}
              title={b.name}
              count={t("nw.aud.households", { households: b.households })}
              onClick={() => onChange({ buildingIds: toggleId(draft.buildingIds, b.id) })}
            />
          ))}
        </View>
      ) : null}

      {options && draft.audienceKind === "grids" ? (
        <View className="nc-checks" id="nc-grids">
          {options.grids.length === 0 ? (
            <View className="nc-empty-grids" id="nc-no-grids">
              <Text className="lw-muted-row">{t("nw.aud.noGrids")}</Text>
              <Text
                className="nc-link"
                id="nc-grids-link"
                onClick={() => void Taro.navigateTo({ url: ROUTES.noticesGrids })}
              >
                {t("nw.aud.gridsLink")}
              </Text>
            </View>
          ) : null}
          {options.grids.map((g) => (
            <CheckRow
              key={g.id}
              id={`nc-grid-${g.id}`}
              on={draft.gridIds.includes(g.id)}
              title={g.name}
              desc={g.label}
              count={t("nw.aud.households", { households: g.households })}
              onClick={() => onChange({ gridIds: toggleId(draft.gridIds, g.id) })}
            />
          ))}
        </View>
      ) : null}

      {options ? (
        <Text className="nc-summary" id="nc-aud-summary">
          {audienceSummary(t, draft, options)}
        </Text>
      ) : null}
    </View>
  );
}
