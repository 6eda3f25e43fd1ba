import type { Me } from "../api/types";
import { createStore, useStore } from "./observable";
import { readStored, removeStored, writeStored } from "./storage";

const TOKEN_KEY = "onedoor.token";
const USER_KEY = "onedoor.user";

interface SessionState {
  token: string | null;
  user: Me | null;
}

const session = createStore<SessionState>({
  token: readStored<string>(TOKEN_KEY) ?? null,
  user: readStored<Me>(USER_KEY) ?? null,
});

export function getToken(): string | null {
  return session.get().token;
}

export function setSession(token: string, user: Me): void {
  writeStored(TOKEN_KEY, token);
  writeStored(USER_KEY, user);
  session.set({ token, user });
}

export function setUser(user: Me): void {
  writeStored(USER_KEY, user);
  session.set({ ...session.get(), user });
}

export function clearSession(): void {
  removeStored(TOKEN_KEY);
  removeStored(USER_KEY);
  session.set({ token: null, user: null });
}

export function useSession(): SessionState {
  return useStore(session);
}
