import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "../config.js";
import type { Statement } from "../corpus/statement.js";
import type { CommandOutput } from "../escalation/maintenance.js";
import { openStore } from "../escalation/open-store.js";
import { renderReportHtml } from "./html.js";
import { buildReport, parseSince } from "./report.js";
import { formatReportText } from "./text.js";

/** The period the report covers when --since is not given. */
export const DEFAULT_SINCE = "30d";

/**
 * `privacy-desk report [--since 30d] [--json] [--html FILE] [--corpus DIR]`: what people asked, from the store at
 * DATABASE_PATH (or DATABASE_URL) and the statements loaded now. Text by default; --json prints the report object; --html also
 * writes the page. Exit code 2 for a bad option or setting.
 */
export async function runReportCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: CommandOutput,
  options: { statements: (corpusFlag: string | undefined) => readonly Statement[]; now?: Date },
): Promise<number> {
  let values: { since: string; json: boolean; html?: string | undefined; corpus?: string | undefined };
  let since: Date;
  const now = options.now ?? new Date();
  let config: Config;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        since: { type: "string", default: DEFAULT_SINCE },
        json: { type: "boolean", default: false },
        html: { type: "string" },
        corpus: { type: "string" },
      },
    }));
    since = parseSince(values.since, now);
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RangeError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`privacy-desk: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  const statements = options.statements(values.corpus);
  const { store } = await openStore(config);
  try {
    const report = await buildReport({ source: store, statements, since, now });
    if (values.html) writeFileSync(values.html, renderReportHtml(report));
    io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReportText(report));
    if (values.html && !values.json) io.out(`\nThe page: ${values.html}\n`);
  } finally {
    await store.close();
  }
  return 0;
}
