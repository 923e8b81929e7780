import type { webApi } from "@slack/bolt";
import { toDeliveryError } from "../escalation/destinations/slack.js";
import type { Destination } from "../escalation/outbox.js";
import type { EscalationRecords } from "../escalation/store/types.js";
import type { Logger } from "../logger.js";
import { createSlackHelpdeskChat } from "./helpdesk-chat.js";

/** What the person's destination needs: the outbox's Web API client, where to record the thread, the wording. */
export interface PersonDestinationOptions {
  /** Made like the triage destination's: rate limits and outages come back to the outbox. */
  client: webApi.WebClient;
  store: Pick<EscalationRecords, "setPersonThread">;
  /** The helpdesk answers in Slack (a triage channel is configured), so the root says replies come there. */
  repliesInChat: boolean;
  logger: Logger;
}

/**
 * The person's DM thread as an outbox destination: posts its root, which tells them their reference, and records
 * where it is. Committed with the escalation, so a crash between Send and this message only delays it.
 */
export function createPersonDestination(options: PersonDestinationOptions): Destination {
  const chat = createSlackHelpdeskChat(options.client, options.logger);
  return {
    name: "person",
    async deliver(e) {
      // Started already (an earlier attempt, or an agent's reply that needed it first).
      if (e.personChannel && e.personThreadTs) return;
      let thread: { channel: string; ts: string };
      try {
        // The DM's own channel id, so the root sits where the person's Send and their replies are.
        const opened = await options.client.conversations.open({ users: e.requesterId });
        thread = await chat.startPersonThread(e, { repliesInChat: options.repliesInChat, dmChannel: opened.channel?.id });
      } catch (error) {
        throw toDeliveryError(error, "person");
      }
      await options.store.setPersonThread(e.reference, thread.channel, thread.ts);
      options.logger.info({ event: "person_thread_started", reference: e.reference, channel: thread.channel }, "person's thread started");
    },
  };
}
