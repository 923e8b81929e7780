import { ConfigError, loadConfig } from "../config.js";
import { openEscalationStore } from "./open-store.js";
import type { DeletionCounts, EscalationStore } from "./store.js";

/** Where the maintenance commands write: results to `out`, problems to `err`. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

/** A Slack user id as Slack shows it (U… or W…, upper case). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function describe(counts: DeletionCounts): string {
  return `${plural(counts.escalations, "escalation")}, ${plural(counts.messages, "relayed message")}, ${plural(counts.deliveries, "delivery", "deliveries")}`;
}

/** Opens the store the configuration names, runs `work`, closes it; a configuration problem exits 2. */
function withStore(env: NodeJS.ProcessEnv, io: CommandOutput, work: (store: EscalationStore, retentionDays: number) => void): number {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`privacy-desk: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const store = openEscalationStore({ path: config.DATABASE_PATH });
  try {
    work(store, config.RETENTION_DAYS);
  } finally {
    store.close();
  }
  return 0;
}

/**
 * `privacy-desk purge`: deletes escalations resolved more than RETENTION_DAYS ago, with their messages and
 * deliveries, and prints how many (counts only). Safe while the bot runs; the bot also does this every six hours.
 */
export function runPurgeCommand(env: NodeJS.ProcessEnv, io: CommandOutput, now: Date = new Date()): number {
  return withStore(env, io, (store, retentionDays) => {
    const counts = store.purgeExpired(now, retentionDays);
    io.out(`Deleted ${describe(counts)} resolved more than ${plural(retentionDays, "day")} ago.\n`);
  });
}

/**
 * `privacy-desk forget <slack-user-id>`: deletes every escalation the person raised, with its messages and
 * deliveries, and replaces their id where they acted on other people's escalations. Prints counts only.
 * Messages already posted in Slack or sent by email are outside the database and are not touched.
 */
export function runForgetCommand(env: NodeJS.ProcessEnv, userId: string | undefined, io: CommandOutput): number {
  const id = userId?.trim() ?? "";
  if (!SLACK_USER_ID.test(id)) {
    io.err(
      "privacy-desk: forget needs the person's Slack user id, such as U012AB3CD (in Slack: their profile → ⋮ → Copy member ID).\n",
    );
    return 2;
  }
  return withStore(env, io, (store) => {
    const counts = store.forgetUser(id);
    io.out(
      `Deleted ${describe(counts)}; replaced the id in ${plural(counts.redacted, "record")} of other people's escalations.\n`,
    );
  });
}
