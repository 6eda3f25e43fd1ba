import type { FetchLike } from "./taro-fetch";

/**
 * Wraps a fetch so that any 401 ends the session (the token is stale or revoked) while the caller
 * still receives the response and can show its own message.
 */
export function withUnauthorizedHandler(fetch: FetchLike, onUnauthorized: () => void): FetchLike {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (res.status === 401) onUnauthorized();
    return res;
  };
}
