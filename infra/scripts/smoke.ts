/**
 * `npm run smoke -- --url https://<api or cloudfront host> [--web https://<cloudfront host>]`:
 * checks a deployed stage from the operator's machine. The checks live in test/smoke/smoke.ts
 * (type-checked and tested there); this is only the entry.
 */
import { main } from "../../test/smoke/smoke.js";

process.exitCode = await main(process.argv.slice(2));
