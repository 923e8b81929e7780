import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { App } from "@slack/bolt";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig, type SlackConfig } from "../../src/config.js";
import type { SlackDeps } from "../../src/slack/deps.js";
import { REGISTERED, registerListeners } from "../../src/slack/listeners/index.js";
import { buildAnswerBlocks, buildAskIthelpRow, buildEscalateBlocks } from "../../src/slack/views/answer.js";
import type { Block } from "../../src/slack/views/message.js";
import { createFakeEngine } from "./support/fake-engine.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const manifest = parse(readFileSync(`${repoRoot}manifest.yml`, "utf8")) as {
  _metadata: { major_version: number };
  features: { slash_commands: Array<{ command: string; usage_hint?: string }>; app_home: Record<string, boolean> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
};

/** Registers the real listeners on a stand-in app that records what was registered. */
function recordRegistrations(): { commands: string[]; events: string[]; messageListeners: number; actions: string[]; middleware: number } {
  const seen = { commands: [] as string[], events: [] as string[], messageListeners: 0, actions: [] as string[], middleware: 0 };
  const recorder = {
    command: (name: string) => void seen.commands.push(name),
    event: (name: string) => void seen.events.push(name),
    message: () => void (seen.messageListeners += 1),
    action: (constraint: string | { action_id: string }) =>
      void seen.actions.push(typeof constraint === "string" ? constraint : constraint.action_id),
    use: () => void (seen.middleware += 1),
  };
  const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-test", SLACK_APP_TOKEN: "xapp-test" }) as SlackConfig;
  registerListeners(recorder as unknown as App, { config } as SlackDeps);
  return seen;
}

/** Every action id in a set of blocks. */
function actionIdsIn(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) => (b.type === "actions" ? b.elements.map((e) => (e as { action_id: string }).action_id) : []));
}

describe("manifest.yml", () => {
  it("validates against Slack's manifest schema", () => {
    const schema = JSON.parse(readFileSync(`${repoRoot}../shared/slack/manifest.schema.1.0.0.json`, "utf8")) as object;
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
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.features.slash_commands[0]?.usage_hint).toBeTruthy();
  });

  it("the listener modules report what they really register", () => {
    const seen = recordRegistrations();
    expect(seen.commands.sort()).toEqual([...REGISTERED.commands].sort());
    expect(seen.events.sort()).toEqual([...REGISTERED.events].sort());
    expect(seen.messageListeners).toBe(1);
    expect(seen.actions.sort()).toEqual([...REGISTERED.actions].sort());
  });

  it("declares exactly the commands the code registers", () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual([...recordRegistrations().commands].sort());
  });

  it("subscribes to exactly the events the code registers", () => {
    const registered = [
      ...recordRegistrations().events,
      ...REGISTERED.messageChannelTypes.map((type) => `message.${type}`),
    ].sort();
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(registered);
  });

  it("has handlers for exactly the buttons the views emit (Slack's manifest has no list of action ids)", () => {
    const engine = createFakeEngine();
    const emitted = new Set([
      ...actionIdsIn(buildAnswerBlocks(engine.ask("recorded?"), "recorded?", { questionRef: "r", shareable: true }).blocks),
      ...actionIdsIn(buildEscalateBlocks(engine.ask("cookie?"), "cookie?", { questionRef: "r" }).blocks),
      ...actionIdsIn([buildAskIthelpRow("{}")]),
    ]);
    expect([...emitted].sort()).toEqual(recordRegistrations().actions.sort());
    expect(manifest.settings.interactivity.is_enabled).toBe(emitted.size > 0);
  });

  it("asks for the minimal bot scopes those commands and events need", () => {
    const needed = new Set(["chat:write"]); // replies and the helpdesk post
    if (manifest.features.slash_commands.length > 0) needed.add("commands");
    const scopeFor: Record<string, string | undefined> = {
      app_mention: "app_mentions:read",
      "message.im": "im:history",
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
