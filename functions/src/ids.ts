import { randomUUID } from "node:crypto";

/** Ids carry no meaning and no '#', so they are safe inside keys. */
export const newId = () => randomUUID().replace(/-/g, "");
