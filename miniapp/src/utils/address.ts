import type { Translate } from "../i18n";

/** "3栋2单元301" from the parts the API keeps separately. */
export function formatAddress(t: Translate, building: string, unit: string, room: string): string {
  return t("address.format", { building, unit, room });
}
