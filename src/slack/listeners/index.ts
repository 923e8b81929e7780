import type { App } from "@slack/bolt";
import type { SlackDeps } from "../deps.js";
import * as actions from "./actions/index.js";
import * as commands from "./commands/index.js";
import * as events from "./events/index.js";
import * as messages from "./messages/index.js";
import * as views from "./views/index.js";

/** A module of listeners of one kind. */
export type ListenerModule = (app: App, deps: SlackDeps) => void;

/** Registers every listener Privacy Desk has, then any extra modules. */
export function registerListeners(app: App, deps: SlackDeps, extra: readonly ListenerModule[] = []): void {
  messages.register(app, deps);
  commands.register(app, deps);
  actions.register(app, deps);
  events.register(app, deps);
  views.register(app, deps);
  for (const register of extra) register(app, deps);
}

/** What the manifest must declare, read from the listener modules themselves. */
export const REGISTERED = {
  commands: commands.COMMANDS,
  events: events.EVENTS,
  messageChannelTypes: messages.MESSAGE_CHANNEL_TYPES,
  /** The `message.*` events those conversation types arrive as. */
  messageEvents: messages.MESSAGE_CHANNEL_TYPES.map((type) => messages.MESSAGE_EVENTS[type]),
  actions: actions.ACTIONS,
  /** Modal callback ids (interactivity covers them; Slack's manifest does not list them). */
  views: views.VIEWS,
} as const;
