import type { webApi } from "@slack/bolt";
import { type Config, loadConfig } from "../../../src/config.js";
import { createQuestionCarrier } from "../../../src/desk/carried-question.js";
import { createDesk } from "../../../src/desk/desk.js";
import { createMailboxHandOff, createStoreHandOff, type HandOff } from "../../../src/desk/handoff.js";
import { createRateLimiter } from "../../../src/desk/memory/rate-limit.js";
import type { EscalationStore } from "../../../src/escalation/store/types.js";
import { createEventDedupe } from "../../../src/slack/dedupe.js";
import type { SlackDeps } from "../../../src/slack/deps.js";
import { createInFlight } from "../../../src/slack/in-flight.js";
import type { ButtonArgs, ButtonBody } from "../../../src/slack/listeners/actions/button.js";
import { createMemoryDatabase, createMemoryStore } from "../../support/memory-store.js";
import { createFakeEngine } from "../support/fake-engine.js";
import { captureLogger } from "../support/logs.js";

/** One Web API call a handler made. */
export interface ClientCall {
  method: string;
  args: Record<string, unknown>;
}

/** A stand-in Web API client that records calls and answers as Slack would. */
export function fakeClient(names: Record<string, string> = { U0PERSON: "Jane Doe", U0AGENT: "Sam Agent" }) {
  const calls: ClientCall[] = [];
  let ts = 0;
  const record =
    (method: string, reply: (args: Record<string, unknown>) => Record<string, unknown> = () => ({})) =>
    async (args: Record<string, unknown>) => {
      calls.push({ method, args });
      return { ok: true, ...reply(args) };
    };
  const client = {
    chat: {
      postMessage: record("chat.postMessage", (a) => ({ channel: a.channel, ts: `1700000000.00${String(++ts).padStart(4, "0")}` })),
      postEphemeral: record("chat.postEphemeral"),
      update: record("chat.update"),
    },
    views: { publish: record("views.publish"), open: record("views.open") },
    users: { info: record("users.info", (a) => ({ user: { profile: { display_name: names[String(a.user)] ?? "" } } })) },
  };
  return { client: client as unknown as webApi.WebClient, calls, named: (method: string) => calls.filter((c) => c.method === method) };
}

/** Deps for one listener test: a real desk over the fake engine and, when asked, an in-memory escalation store. */
export function fakeDeps(options: { store?: EscalationStore; mailbox?: boolean; env?: Record<string, string> } = {}) {
  const config: Config = loadConfig({ HELPDESK_CHANNEL: "C0HELPDESK", ...options.env });
  const engine = createFakeEngine();
  const logs = captureLogger();
  const store = options.store ?? createMemoryStore(createMemoryDatabase());
  const handOff: HandOff = options.mailbox
    ? createMailboxHandOff({ ithelpEmail: config.ITHELP_EMAIL })
    : createStoreHandOff({ store, destinations: ["slack"], ithelpEmail: config.ITHELP_EMAIL, retentionDays: config.RETENTION_DAYS });
  const feedback: Array<{ paragraphId: string | undefined; helpful: boolean }> = [];
  const desk = createDesk({
    engine: () => engine,
    logger: logs.logger,
    now: Date.now,
    questions: createQuestionCarrier(),
    rateLimit: createRateLimiter({ limit: config.RATE_LIMIT_PER_MINUTE }),
    maxQuestionChars: config.MAX_QUESTION_CHARS,
    handOff,
    feedback: { record: (f) => void feedback.push(f) },
  });
  const deps: SlackDeps = {
    config,
    desk,
    engine: () => engine,
    logger: logs.logger,
    dedupe: createEventDedupe(),
    inFlight: createInFlight(),
    now: Date.now,
  };
  return { deps, engine, logs, store, feedback };
}

/** A fake `ack` that counts its calls and keeps what it was given. */
export function fakeAck() {
  const acks: unknown[] = [];
  const ack = async (response?: unknown) => void acks.push(response);
  return { ack, acks };
}

/** A fake `respond` that keeps what it was given. */
export function fakeRespond() {
  const responses: Array<Record<string, unknown>> = [];
  const respond = async (message: unknown) => {
    responses.push(message as Record<string, unknown>);
    return {};
  };
  return { respond: respond as never, responses };
}

/** A button press on a message in `channel` (a DM unless told), by `user`. */
export function buttonArgs(
  actionId: string,
  value: string,
  client: webApi.WebClient,
  options: { user?: string; channel?: string; ephemeral?: boolean; blocks?: unknown[] } = {},
) {
  const { ack, acks } = fakeAck();
  const { respond, responses } = fakeRespond();
  const channel = options.channel ?? "D0PERSON";
  const body = {
    type: "block_actions",
    user: { id: options.user ?? "U0PERSON", username: "jane", name: "jane" },
    channel: { id: channel },
    container: { type: "message", channel_id: channel, is_ephemeral: options.ephemeral ?? false },
    message: options.blocks ? { text: "the answer", blocks: options.blocks } : undefined,
    actions: [{ action_id: actionId, value, action_ts: "1700000000.1" }],
    trigger_id: "T0TRIGGER",
    response_url: "https://hooks.slack.com/actions/T0/1/abc",
  } as unknown as ButtonBody;
  const args: ButtonArgs = { ack: ack as () => Promise<void>, body, action: body.actions[0] as ButtonArgs["action"], respond, client };
  return { args, acks, responses };
}
