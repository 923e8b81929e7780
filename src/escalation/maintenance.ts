import { type Config, ConfigError, loadConfig } from "../config.js";
import { openStore } from "./open-store.js";
import { parseReference } from "./store/reference.js";
import type { DeletionCounts, EscalationStore } from "./store/types.js";

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
async function withStore(
  env: NodeJS.ProcessEnv,
  io: CommandOutput,
  work: (store: EscalationStore, retentionDays: number) => Promise<number | undefined>,
): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`privacy-desk: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { store } = await openStore(config);
  try {
    return (await work(store, config.RETENTION_DAYS)) ?? 0;
  } finally {
    await store.close();
  }
}

/**
 * `privacy-desk purge`: deletes escalations resolved more than RETENTION_DAYS ago, with their messages and
 * deliveries, and prints how many (counts only). Safe while the bot runs; the bot also does this every six hours.
 */
export function runPurgeCommand(env: NodeJS.ProcessEnv, io: CommandOutput, now: Date = new Date()): Promise<number> {
  return withStore(env, io, async (store, retentionDays) => {
    const counts = await store.purgeExpired(now, retentionDays);
    io.out(`Deleted ${describe(counts)} resolved more than ${plural(retentionDays, "day")} ago.\n`);
  });
}

/**
 * `privacy-desk forget <slack-user-id>`: deletes every escalation the person raised, with its messages and
 * deliveries, and replaces their id where they acted on other people's escalations. Prints counts only.
 * Messages already posted in Slack or sent by email are outside the database and are not touched.
 */
export async function runForgetCommand(env: NodeJS.ProcessEnv, userId: string | undefined, io: CommandOutput): Promise<number> {
  const id = userId?.trim() ?? "";
  if (!SLACK_USER_ID.test(id)) {
    io.err("privacy-desk: forget needs the person's Slack user id, such as U012AB3CD (in Slack: their profile → ⋮ → Copy member ID).\n");
    return 2;
  }
  return withStore(env, io, async (store) => {
    const counts = await store.forgetUser(id);
    io.out(`Deleted ${describe(counts)}; replaced the id in ${plural(counts.redacted, "record")} of other people's escalations.\n`);
  });
}

/**
 * `privacy-desk requeue [REF]`: puts failed deliveries (of one escalation, or all) back in the outbox with a fresh
 * attempt count; the running bot sends them within a few seconds, or the next start does. Safe while the bot runs.
 */
export async function runRequeueCommand(env: NodeJS.ProcessEnv, referenceArg: string | undefined, io: CommandOutput): Promise<number> {
  const reference = referenceArg === undefined ? undefined : parseReference(referenceArg);
  if (referenceArg !== undefined && reference === null) {
    io.err(`privacy-desk: requeue takes an escalation reference such as PD-1042, or nothing for every failed delivery.\n`);
    return 2;
  }
  return withStore(env, io, async (store) => {
    if (reference) {
      const deliveries = await store.listDeliveries(reference);
      if (deliveries.length === 0 && !(await store.getByReference(reference))) {
        io.err(`privacy-desk: there is no escalation ${reference} in this database.\n`);
        return 1;
      }
      const failed = deliveries.filter((d) => d.status === "failed").map((d) => d.destination);
      const n = await store.requeueFailedDeliveries(reference);
      io.out(
        n === 0
          ? `${reference} has no failed deliveries; nothing to requeue.\n`
          : `Requeued ${plural(n, "failed delivery", "failed deliveries")} of ${reference} (${failed.join(", ")}).\n`,
      );
      return 0;
    }
    const n = await store.requeueFailedDeliveries();
    io.out(n === 0 ? "No failed deliveries; nothing to requeue.\n" : `Requeued ${plural(n, "failed delivery", "failed deliveries")}.\n`);
    return 0;
  });
}
