import type { App } from "@slack/bolt";
import { questionFromSlackText, replyToQuestion } from "../../ask.js";
import { replyToHumanRequest } from "../../ask-human.js";
import type { SlackDeps } from "../../deps.js";
import { SORRY_TEXT } from "../../texts.js";
import { buildHomeView } from "../../views/home.js";
import { buildTextMessage } from "../../../blockkit/blocks.js";
import { guarded } from "../guard.js";

/** Events (other than messages) Privacy Desk registers; the manifest subscribes to exactly these. */
export const EVENTS = ["app_mention", "app_home_opened"] as const;

/** Mentions are answered in a thread under the mention; opening App Home publishes the home view. */
export function register(app: App, deps: SlackDeps): void {
  app.event("app_mention", async ({ event, client, context, body }) => {
    const userId = event.user;
    if (event.bot_id !== undefined || !userId) return;
    // A mention inside the bot's own DM also arrives as a direct message, which is answered there.
    if (event.channel.startsWith("D")) return;
    const channel = event.channel;
    const threadTs = event.thread_ts ?? event.ts;
    // An agent mentioning the bot while answering in an escalation's thread is relayed, not answered.
    if (event.thread_ts && channel === deps.config.HELPDESK_CHANNEL && (await deps.handOff.isTriageThread(channel, event.thread_ts))) return;
    await guarded(
      deps,
      "app_mention",
      { eventId: body.event_id, channel },
      async () => {
        const question = questionFromSlackText(event.text, context.botUserId);
        const consent = await replyToHumanRequest(question, { userId, origin: "mention" }, deps, { client, logger: deps.logger });
        if (consent) {
          // What would be shared is for the person who asked, not for the channel.
          await client.chat.postEphemeral({ channel, user: userId, thread_ts: threadTs, ...consent });
          return;
        }
        const reply = replyToQuestion(question, deps, { origin: "mention", userId });
        if (reply.questionRef) deps.recentQuestions?.note(userId, reply.questionRef);
        await client.chat.postMessage({ channel, thread_ts: threadTs, ...reply.message, unfurl_links: false, unfurl_media: false });
      },
      () => client.chat.postMessage({ channel, thread_ts: threadTs, ...buildTextMessage(SORRY_TEXT) }),
    );
  });

  app.event("app_home_opened", async ({ event, client, body }) => {
    if (event.tab !== "home") return;
    await guarded(deps, "app_home_opened", { eventId: body.event_id }, async () => {
      const view = buildHomeView(deps.engine().statements, { ithelpEmail: deps.config.ITHELP_EMAIL });
      await client.views.publish({ user_id: event.user, view });
    });
  });
}
