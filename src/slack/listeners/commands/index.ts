import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { COMMAND_NAME } from "../../texts.js";
import { privacyCommand } from "./privacy.js";

/** Slash commands Privacy Desk registers; the manifest declares exactly these. */
export const COMMANDS = [COMMAND_NAME] as const;

/** Registers `/privacy`. */
export function register(app: App, deps: SlackDeps): void {
  const handle = privacyCommand(deps);
  app.command(COMMAND_NAME, async ({ command, ack, respond, client, context }) => {
    await handle({ command, ack, respond, client, botUserId: context.botUserId });
  });
}
