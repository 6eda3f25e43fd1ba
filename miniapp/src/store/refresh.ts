import Taro from "@tarojs/taro";
import { getMe } from "../api/requests";
import type { Me } from "../api/types";
import { ROUTES } from "../routes";
import { getToken, setUser } from "./session";

/**
 * Makes sure someone is signed in and refreshes their profile. Resolves null when there is no
 * session (the login page is opened) or the API is unreachable (the cached profile stays).
 */
export async function refreshMe(): Promise<Me | null> {
  if (!getToken()) {
    void Taro.reLaunch({ url: ROUTES.login });
    return null;
  }
  try {
    const me = await getMe();
    setUser(me);
    return me;
  } catch {
    // A 401 has already sent the user to login; anything else keeps the cached profile.
    return null;
  }
}
