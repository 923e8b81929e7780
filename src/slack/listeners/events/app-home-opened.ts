import type { webApi } from "@slack/bolt";
import { logError } from "../../../errors.js";
import type { SlackDeps } from "../../deps.js";
import { buildHomeView } from "../../views/home.js";
import type { OfficeSummary } from "../../views/office.js";
import { guarded } from "../guard.js";

/** What the App Home handler is given. */
export interface HomeOpenedArgs {
  event: { user: string; tab: string };
  client: webApi.WebClient;
  eventId?: string | undefined;
}

/**
 * Opening App Home publishes the statements the bot knows, with their dates and links; for the people in
 * PRIVACY_OFFICE_USERS, the report of the last 30 days comes first.
 */
export function appHomeOpened(deps: SlackDeps): (args: HomeOpenedArgs) => Promise<void> {
  return async ({ event, client, eventId }) => {
    if (event.tab !== "home") return;
    await guarded(deps, "app_home_opened", { eventId }, async () => {
      const view = buildHomeView(deps.engine().statements, {
        ithelpEmail: deps.config.ITHELP_EMAIL,
        ...(deps.config.PRIVACY_OFFICE_USERS.includes(event.user) ? { office: await officeSummary(deps) } : {}),
      });
      await client.views.publish({ user_id: event.user, view });
    });
  };
}

/** The report for a privacy office member's Home, or "unavailable" (logged) when the store cannot be read. */
async function officeSummary(deps: SlackDeps): Promise<OfficeSummary | "unavailable" | undefined> {
  if (!deps.officeReport) return undefined;
  try {
    return { report: await deps.officeReport(), filesUrl: deps.config.STATEMENT_FILES_URL };
  } catch (error) {
    logError(deps.logger, "office_report_failed", error, "could not build the privacy office's summary", {}, "warn");
    return "unavailable";
  }
}
