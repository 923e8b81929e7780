import type { webApi } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { buildHomeView } from "../../views/home.js";
import { guarded } from "../guard.js";

/** What the App Home handler is given. */
export interface HomeOpenedArgs {
  event: { user: string; tab: string };
  client: webApi.WebClient;
  eventId?: string | undefined;
}

/** Opening App Home publishes the statements the bot knows, with their dates and links. */
export function appHomeOpened(deps: SlackDeps): (args: HomeOpenedArgs) => Promise<void> {
  return async ({ event, client, eventId }) => {
    if (event.tab !== "home") return;
    await guarded(deps, "app_home_opened", { eventId }, async () => {
      const view = buildHomeView(deps.engine().statements, { ithelpEmail: deps.config.ITHELP_EMAIL });
      await client.views.publish({ user_id: event.user, view });
    });
  };
}
