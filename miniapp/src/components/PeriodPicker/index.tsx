import { Picker, Text, View } from "@tarojs/components";
import type { Period } from "../../utils/stats-period";
import "../Page/staff.scss";
import "./index.scss";

interface PeriodPickerProps<C extends string> {
  /** Ids are `<id>-preset-<choice>`, `<id>-from` and `<id>-to`. */
  id: string;
  /** The presets, then "custom": choosing "custom" shows the from/to pickers. */
  choices: readonly C[];
  choice: C | "custom";
  label(choice: C | "custom"): string;
  onChoose(choice: C | "custom"): void;
  period: Period;
  /** The latest day "from" may be. */
  today: string;
  fromLabel: string;
  toLabel: string;
  onCustom(patch: Partial<Period>): void;
}

/** The statistics pages' period: preset chips, and from/to date pickers for a custom period. */
export function PeriodPicker<C extends string>(props: PeriodPickerProps<C>) {
  const { id, choice, period } = props;
  return (
    <>
      <View className="lw-chips period-presets">
        {[...props.choices, "custom" as const].map((value) => (
          <View
            key={value}
            id={`${id}-preset-${value}`}
            className={`lw-chip${choice === value ? " lw-chip-on" : ""}`}
            onClick={() => props.onChoose(value)}
          >
            {props.label(value)}
          </View>
        ))}
      </View>

      {choice === "custom" ? (
        <View className="card period-custom">
          <View className="lw-field-row">
            <Text className="lw-field-label">{props.fromLabel}</Text>
            <View className="lw-field-control">
              <Picker
                mode="date"
                value={period.from}
                end={props.today}
                onChange={(e) => props.onCustom({ from: String(e.detail.value) })}
              >
                <View className="lw-picker" id={`${id}-from`}>
                  <Text>{period.from}</Text>
                  <Text className="lw-arrow">›</Text>
                </View>
              </Picker>
            </View>
          </View>
          <View className="lw-field-row">
            <Text className="lw-field-label">{props.toLabel}</Text>
            <View className="lw-field-control">
              <Picker
                mode="date"
                value={period.to}
                onChange={(e) => props.onCustom({ to: String(e.detail.value) })}
              >
                <View className="lw-picker" id={`${id}-to`}>
                  <Text>{period.to}</Text>
                  <Text className="lw-arrow">›</Text>
                </View>
              </Picker>
            </View>
          </View>
        </View>
      ) : null}
    </>
  );
}
