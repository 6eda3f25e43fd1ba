/** Subscription-message template ids from a comma list ("a, b,,c" → ["a","b","c"]); WeChat takes 3 at most per request. */
export function parseTemplateIds(raw: string | undefined): string[] {
  const ids = (raw ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  return [...new Set(ids)].slice(0, 3);
}
