import type { VerificationStatus } from "../api/types";

export type Tone = "green" | "orange" | "red" | "grey";

export const statusTone: Record<VerificationStatus, Tone> = {
  unverified: "grey",
  pending: "orange",
  verified: "green",
  rejected: "red",
  revoked: "grey",
};

/** The first character of a name, for the round avatar placeholder. */
export function initial(name: string): string {
  return Array.from(name.trim())[0] ?? "?";
}
