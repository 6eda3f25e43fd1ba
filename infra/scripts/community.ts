/**
 * `npm run community -- <command> --stage <stage> [options]`: creates communities, their buildings
 * and households, and grants the staff, lawyer and admin roles in a deployed stage's table, with
 * the app's own code (functions/src/admin, tested there). This is only the entry; `--help` lists
 * the commands.
 */
import { main } from "../../functions/src/admin/cli.js";

process.exitCode = await main(process.argv.slice(2));
