import Taro, { useDidShow } from "@tarojs/taro";
import { useRef, useState } from "react";

interface CursorPage<I> {
  items: I[];
  nextCursor: string | null;
}

interface PagedListOptions<T extends string, I, P extends CursorPage<I>> {
  firstTab: T;
  fetchPage(tab: T, cursor?: string): Promise<P>;
  /** The first page of a tab arrived and that tab is still shown: take the page's other parts. */
  onFirstPage?(page: P, tab: T): void;
  errorText(err: unknown): string;
  /**
   * With a key, coming back to a list that has more than its first page loaded refreshes the
   * first page in place and keeps the rest, so a reader deep in the list keeps their place.
   */
  keyOf?(item: I): string;
}

/**
 * A list in tabs (e.g. upcoming / past) paged by cursor: the first page on every show and tab
 * switch, further pages on "load more" (a failure there is a toast, the list stays).
 */
export function usePagedList<T extends string, I, P extends CursorPage<I>>(opts: PagedListOptions<T, I, P>) {
  const [tab, setTab] = useState<T>(opts.firstTab);
  const [load, setLoad] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState("");
  const [items, setItems] = useState<I[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreBusy, setMoreBusy] = useState(false);
  // Answers to an earlier tab arriving late must not overwrite the current one.
  const shown = useRef<T>(opts.firstTab);

  // More than the first page loaded, for this tab: the next show refreshes the top in place.
  const deeper = useRef(false);

  const fetchFirst = async (which: T) => {
    const keep = Boolean(opts.keyOf) && deeper.current && shown.current === which;
    shown.current = which;
    try {
      const page = await opts.fetchPage(which);
      if (shown.current !== which) return;
      if (keep && opts.keyOf) {
        const keyOf = opts.keyOf;
        const fresh = new Set(page.items.map(keyOf));
        setItems((prev) => [...page.items, ...prev.filter((item) => !fresh.has(keyOf(item)))]);
      } else {
        deeper.current = false;
        setItems(page.items);
        setCursor(page.nextCursor);
      }
      setLoad("ready");
      opts.onFirstPage?.(page, which);
    } catch (err) {
      if (shown.current !== which) return;
      setError(opts.errorText(err));
      setLoad("error");
    }
  };

  useDidShow(() => {
    void fetchFirst(shown.current);
  });

  const switchTo = (next: T) => {
    if (next === tab) return;
    setTab(next);
    deeper.current = false;
    setItems([]);
    setCursor(null);
    setLoad("loading");
    void fetchFirst(next);
  };

  const more = async () => {
    if (!cursor || moreBusy) return;
    setMoreBusy(true);
    try {
      const page = await opts.fetchPage(tab, cursor);
      if (shown.current !== tab) return;
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
      deeper.current = true;
    } catch (err) {
      void Taro.showToast({ title: opts.errorText(err), icon: "none" });
    } finally {
      setMoreBusy(false);
    }
  };

  return { tab, switchTo, load, error, items, cursor, moreBusy, more, fetchFirst };
}
