import { Text, View } from "@tarojs/components";
import type { Choice, VoteResults } from "../../../api/deliberation";
import { useT } from "../../../i18n";
import { useSettings } from "../../../store/settings";
import { areaText, conditionText, percentText } from "../../../utils/deliberation-work";

const CHOICES: Choice[] = ["approve", "reject", "abstain"];

/** The count by the vote's rule: per choice, the rule's thresholds, each condition with ✓ / ✗, the verdict. */
export function ResultsCard({ results, options }: { results: VoteResults; options: Choice[] }) {
  const t = useT();
  const { locale } = useSettings();
  const owners = results.electorate === "owners";
  const participated = results.participated;
  const weight = (w: VoteResults["approve"]) =>
    owners && w.area !== undefined
      ? t("dw.results.countArea", { count: w.count, area: areaText(w.area) })
      : t("dw.results.count", { count: w.count });

  return (
    <View className="card" id="dw-results">
      <Text className="card-title">{t("dw.results.title")}</Text>
      <Text className="hint">{t(results.status === "closed" ? "dw.results.final" : "dw.results.live")}</Text>

      {CHOICES.filter((choice) => options.includes(choice) || results[choice].count > 0).map((choice) => (
        <View key={choice} className="dw-choice-row" id={`dw-results-${choice}`}>
          <Text className="dw-choice-name">{t(`dw.choice.${choice}`)}</Text>
          <Text>
            {weight(results[choice])}
            {participated.count > 0 ? ` · ${percentText(results[choice].count, participated.count)}` : ""}
          </Text>
        </View>
      ))}
      <View className="dw-choice-row" id="dw-results-participated">
        <Text className="dw-choice-name">{t("dw.results.participated")}</Text>
        <Text>
          {weight(participated)} / {weight(results.eligible)}
        </Text>
      </View>

      <Text className="dw-meta" id="dw-results-thresholds">
        {t("dw.results.quorum", { text: results.thresholds.quorum ?? t("dw.results.noQuorum") })}
      </Text>
      <Text className="dw-meta">{t("dw.results.pass", { text: results.thresholds.pass })}</Text>

      <Text className="lw-label">{t("dw.results.conditions")}</Text>
      {results.conditions.map((condition, index) => (
        <View key={condition.name} className="dw-condition" id={`dw-results-condition-${index}`}>
          <Text className={`dw-mark ${condition.holds ? "dw-mark-yes" : "dw-mark-no"}`}>
            {condition.holds ? "✓" : "✗"}
          </Text>
          <Text>{conditionText(t, condition)}</Text>
        </View>
      ))}

      {results.passed !== null ? (
        <Text
          className={`dw-verdict ${results.passed ? "dw-verdict-yes" : "dw-verdict-no"}`}
          id="dw-results-passed"
        >
          {t(results.passed ? "dw.results.passed" : "dw.results.notPassed")}
        </Text>
      ) : null}

      <Text className="dw-explanation" id="dw-results-explanation">
        {locale === "en" ? results.explanationEn : results.explanation}
      </Text>
    </View>
  );
}
