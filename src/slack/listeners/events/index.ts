import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { appHomeOpened } from "./app-home-opened.js";
import { appMention } from "./app-mention.js";

/** Events (other than messages) Privacy Desk registers; the manifest subscribes to exactly these. */
export const EVENTS = ["app_mention", "app_home_opened"] as const;

/** Registers the mention and App Home listeners. */
export function register(app: App, deps: SlackDeps): void {
  const onMention = appMention(deps);
  const onHomeOpened = appHomeOpened(deps);
  app.event("app_mention", async ({ event, client, context, body }) => {
    await onMention({ event, client, botUserId: context.botUserId, eventId: body.event_id });
  });
  app.event("app_home_opened", async ({ event, client, body }) => {
    await onHomeOpened({ event: { user: event.user, tab: event.tab ?? "" }, client, eventId: body.event_id });
  });
}
