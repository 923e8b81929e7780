import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { App } from "@slack/bolt";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Block } from "../../src/blockkit/blocks.js";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import { buildTriageMessage } from "../../src/escalation/destinations/slack.js";
import type { Escalation } from "../../src/escalation/store/types.js";
import type { SlackDeps } from "../../src/slack/deps.js";
import { REGISTERED, registerListeners } from "../../src/slack/listeners/index.js";
import { ACTION_IDS } from "../../src/slack/views/action-ids.js";
import { buildAnswerBlocks, buildAskIthelpRow, buildEscalateBlocks } from "../../src/slack/views/answer.js";
import { buildConsentMessage, buildNoteModal } from "../../src/slack/views/consent.js";
import { createFakeEngine } from "./support/fake-engine.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const manifest = parse(readFileSync(`${repoRoot}manifest.yml`, "utf8")) as {
  _metadata: { major_version: number };
  features: { slash_commands: Array<{ command: string; usage_hint?: string }>; app_home: Record<string, boolean> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
};

/** Action ids a registered pattern is tried against: Privacy Desk's own, and near misses it must not accept. */
const ACTION_ID_CANDIDATES = [
  ...Object.values(ACTION_IDS),
  ...Object.values(ACTION_IDS).flatMap((id) => [`${id}_2`, `x${id}`, id.toUpperCase()]),
  "feedback",
  "unknown_action",
  "",
];

/** Registers the real listeners on a stand-in app that records what was registered. */
function recordRegistrations(): {
  commands: string[];
  events: string[];
  messageListeners: number;
  actions: string[];
  views: string[];
  middleware: number;
} {
  const seen = {
    commands: [] as string[],
    events: [] as string[],
    messageListeners: 0,
    actions: [] as string[],
    views: [] as string[],
    middleware: 0,
  };
  const recorder = {
    command: (name: string) => void seen.commands.push(name),
    event: (name: string) => void seen.events.push(name),
    message: () => {
      seen.messageListeners += 1;
    },
    action: (constraint: string | RegExp | { action_id: string }) => {
      // A pattern registers the action ids it accepts: every id a view emits is offered, and near misses too.
      if (constraint instanceof RegExp) seen.actions.push(...ACTION_ID_CANDIDATES.filter((id) => constraint.test(id)));
      else seen.actions.push(typeof constraint === "string" ? constraint : constraint.action_id);
    },
    view: (constraint: string | { callback_id: string }) =>
      void seen.views.push(typeof constraint === "string" ? constraint : constraint.callback_id),
    use: () => {
      seen.middleware += 1;
    },
  };
  const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-test", SLACK_APP_TOKEN: "xapp-test" }) as SlackConfig;
  registerListeners(recorder as unknown as App, { config } as SlackDeps);
  return seen;
}

/** Every action id in a set of blocks. */
function actionIdsIn(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === "actions") return b.elements.map((e) => (e as { action_id: string }).action_id);
    const accessory = (b as { accessory?: { action_id?: string } }).accessory;
    return accessory?.action_id ? [accessory.action_id] : [];
  });
}

const preview = {
  question: "Who sees my recordings?",
  userId: "U0PERSON",
  requesterName: "Jane",
  matches: [
    { statement: "Zoom Privacy Statement", section: "Access to content", text: "Some conferences may be recorded.", url: null, score: 1 },
  ],
  retentionDays: 90,
};

function escalation(status: Escalation["status"]): Escalation {
  const at = new Date("2025-03-03T15:00:00Z");
  return {
    id: 1,
    reference: "PD-1001",
    idempotencyKey: "k",
    requesterId: "U0PERSON",
    requesterName: "Jane",
    question: "Who sees my recordings?",
    note: null,
    matches: preview.matches,
    confidence: 0.3,
    status,
    claimedBy: status === "open" ? null : "U0AGENT",
    resolvedBy: status === "resolved" ? "U0AGENT" : null,
    createdAt: at,
    claimedAt: status === "open" ? null : at,
    resolvedAt: status === "resolved" ? at : null,
    personChannel: null,
    personThreadTs: null,
    triageChannel: null,
    triageTs: null,
    answeredBy: null,
  };
}

describe("manifest.yml", () => {
  it("validates against Slack's manifest schema", () => {
    const schema = JSON.parse(readFileSync(`${repoRoot}test/fixtures/slack/manifest.schema.1.0.0.json`, "utf8")) as object;
    // The schema carries a non-standard `regex` keyword; strict mode would reject the schema itself.
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:[^\s]+$/i);
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(manifest._metadata.major_version).toBe(1);
  });

  it("runs in Socket Mode with interactivity, a writable Messages tab and the Home tab", () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.features.slash_commands[0]?.usage_hint).toBeTruthy();
  });

  it("the listener modules report what they really register", () => {
    const seen = recordRegistrations();
    expect(seen.commands.sort()).toEqual([...REGISTERED.commands].sort());
    expect(seen.events.sort()).toEqual([...REGISTERED.events].sort());
    expect(seen.messageListeners).toBe(1);
    expect(seen.actions.sort()).toEqual([...REGISTERED.actions].sort());
    expect(seen.views.sort()).toEqual([...REGISTERED.views].sort());
  });

  it("declares exactly the commands the code registers", () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...recordRegistrations().commands].sort());
  });

  it("subscribes to exactly the events the code registers", () => {
    const registered = [...recordRegistrations().events, ...REGISTERED.messageEvents].sort();
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(registered);
  });

  it("has handlers for exactly the buttons the views emit (Slack's manifest has no list of action ids)", () => {
    const engine = createFakeEngine();
    const emitted = new Set([
      ...actionIdsIn(buildAnswerBlocks(engine.ask("recorded?"), "recorded?", { questionRef: "r", shareable: true }).blocks),
      ...actionIdsIn(buildEscalateBlocks(engine.ask("cookie?"), "cookie?", { questionRef: "r" }).blocks),
      ...actionIdsIn([buildAskIthelpRow("{}")]),
      ...actionIdsIn(buildConsentMessage(preview, { q: "r", n: "Jane" }).blocks),
      ...actionIdsIn(buildTriageMessage(escalation("open")).blocks),
      ...actionIdsIn(buildTriageMessage(escalation("claimed")).blocks),
      ...actionIdsIn(buildTriageMessage(escalation("resolved")).blocks),
    ]);
    // Once resolved, only "Answered by this paragraph" is left.
    expect(actionIdsIn(buildTriageMessage(escalation("resolved")).blocks)).toEqual([ACTION_IDS.answeredBy]);
    expect([...emitted].sort()).toEqual(recordRegistrations().actions.sort());
    expect(manifest.settings.interactivity.is_enabled).toBe(emitted.size > 0);
  });

  it("has a handler for exactly the modals the views open", () => {
    const modal = buildNoteModal(preview, { v: { q: "r", n: "Jane" } });
    expect([modal.callback_id]).toEqual(recordRegistrations().views);
  });

  it("asks for the minimal bot scopes those commands and events need", () => {
    // Replies and the helpdesk posts; users.info for the names the hand-off shares (the person's) and shows (the agent's).
    const needed = new Set(["chat:write", "users:read"]);
    if (manifest.features.slash_commands.length > 0) needed.add("commands");
    const scopeFor: Record<string, string | undefined> = {
      app_mention: "app_mentions:read",
      "message.im": "im:history",
      "message.channels": "channels:history",
      "message.groups": "groups:history",
      app_home_opened: undefined,
    };
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      expect(event in scopeFor, `no scope mapping for ${event}`).toBe(true);
      const scope = scopeFor[event];
      if (scope) needed.add(scope);
    }
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
