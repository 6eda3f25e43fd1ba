import { useDidShow } from "@tarojs/taro";
import { useRef, useState } from "react";
import type { Period } from "../../utils/stats-period";
import { shanghaiDate } from "../../utils/time";

interface PeriodStatsOptions<P extends string, S> {
  firstPreset: P;
  presetPeriod(preset: P, today: string): Period;
  /** Why the period cannot be asked for, as a message; null when it can. */
  periodProblem(period: Period): string | null;
  fetchStats(from: string, to: string): Promise<S>;
  errorText(err: unknown): string;
  isForbidden(err: unknown): boolean;
}

/**
 * A statistics page's period and figures: fetched on every show and on every change of period;
 * an answer for an earlier period arriving late is dropped.
 */
export function usePeriodStats<P extends string, S>(opts: PeriodStatsOptions<P, S>) {
  const today = shanghaiDate();
  const [choice, setChoice] = useState<P | "custom">(opts.firstPreset);
  const [period, setPeriod] = useState<Period>(() => opts.presetPeriod(opts.firstPreset, today));
  const [stats, setStats] = useState<S | null>(null);
  const [load, setLoad] = useState<"loading" | "ready" | "forbidden" | "error">("loading");
  const [error, setError] = useState("");
  const latest = useRef(0);

  const fetchStats = async (next: Period) => {
    const ticket = ++latest.current;
    const problem = opts.periodProblem(next);
    if (problem) {
      setError(problem);
      setLoad("error");
      return;
    }
    setLoad("loading");
    try {
      const body = await opts.fetchStats(next.from, next.to);
      if (ticket !== latest.current) return;
      setStats(body);
      setLoad("ready");
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(opts.errorText(err));
      setLoad(opts.isForbidden(err) ? "forbidden" : "error");
    }
  };

  useDidShow(() => {
    void fetchStats(period);
  });

  const choose = (next: P | "custom") => {
    setChoice(next);
    if (next === "custom") return;
    const range = opts.presetPeriod(next, today);
    setPeriod(range);
    void fetchStats(range);
  };

  const setCustom = (patch: Partial<Period>) => {
    const next = { ...period, ...patch };
    setPeriod(next);
    void fetchStats(next);
  };

  /** Absent while the period itself is wrong: trying again would not help. */
  const retry = opts.periodProblem(period) ? undefined : () => fetchStats(period);

  return { today, choice, period, stats, load, error, choose, setCustom, retry };
}
