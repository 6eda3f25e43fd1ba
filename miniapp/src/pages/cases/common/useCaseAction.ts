import { useState } from "react";
import { useT } from "../../../i18n";
import { caseErrorText, type Problem } from "../../../utils/cases-rules";

/**
 * Runs one action of a sheet: busy while it runs, the reason in the sheet if it fails, the new case
 * (report or dispute) to `onDone` if not. `fail` shows a problem found before anything is sent.
 */
export function useCaseAction<V, A extends string>(action: A, onDone: (next: V, action: A) => void) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const run = async (call: () => Promise<V>) => {
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      onDone(await call(), action);
    } catch (err) {
      setError(caseErrorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  const fail = (problem: Problem) => setError(t(problem.key, problem.params));
  return { busy, error, setError, run, fail };
}
