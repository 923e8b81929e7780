import type { webApi } from "@slack/bolt";
import { section } from "../blockkit/blocks.js";
import { relayText } from "../blockkit/relay.js";
import type { HelpdeskChat, PersonNotice } from "../desk/handoff.js";
import { logError } from "../errors.js";
import { buildPersonRelay, buildRelayText, buildTriageMessage, displayName } from "../escalation/destinations/slack.js";
import type { NewOwedPost } from "../escalation/store/types.js";
import type { Logger } from "../logger.js";
import type { PostOwer } from "./owed-posts.js";
import { callPatiently } from "./patient-calls.js";
import {
  agentRelayClosed,
  agentRelayLead,
  handoffClaimedNotice,
  handoffResolvedNotice,
  personRelayByEmail,
  personRelayClosed,
  personThreadRoot,
} from "./texts.js";
import { buildQuestionEcho } from "./views/answer.js";

const NO_UNFURL = { unfurl_links: false, unfurl_media: false } as const;

/** The words of a notice to the person, as posted in their DM thread. */
export function personNoticeText(notice: PersonNotice): string {
  switch (notice.kind) {
    case "claimed":
      return handoffClaimedNotice(displayName(notice.agentName, notice.agentId), notice.reference);
    case "resolved":
      return handoffResolvedNotice(notice.reference);
    case "agent_reply":
      return buildRelayText(
        agentRelayLead(displayName(notice.agentName, notice.agentId)),
        relayText(notice.text, { keepUserMentions: true }),
      );
    case "relay_closed":
      return personRelayClosed(notice.reference);
    case "handled_by_email":
      return personRelayByEmail(notice.reference, notice.email);
  }
}

/** The hand-off's conversations in Slack, through the Web API client of the request being handled. */
export function createSlackHelpdeskChat(client: webApi.WebClient, logger: Logger, owed?: PostOwer): HelpdeskChat {
  /**
   * A message owed to the person or the helpdesk: kept in the store and sent by the worker, so a restart during a
   * Slack outage loses nothing. Without a store (or with it locked), tried in this process instead.
   */
  const owe = async (
    post: NewOwedPost,
    direct: () => Promise<unknown>,
    ids: Record<string, unknown>,
    method: "chat.postMessage" | "chat.update" = "chat.postMessage",
  ): Promise<void> => {
    if (owed) {
      try {
        await owed.owe(post);
        return;
      } catch (error) {
        logError(
          logger,
          "post_owed_failed",
          error,
          "could not keep an owed message in the store; sending it from this process",
          ids,
          "warn",
        );
      }
    }
    await callPatiently(method, direct, { logger, ids });
  };
  return {
    async displayName(userId, fallback = "") {
      try {
        const res = await client.users.info({ user: userId });
        const user = res.user;
        // Only the name is read from the profile.
        return user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || fallback;
      } catch (error) {
        logError(logger, "name_lookup_failed", error, "could not look up a display name", {}, "warn");
        return fallback;
      }
    },

    async startPersonThread(e, { repliesInChat, dmChannel }) {
      const root = personThreadRoot(e.reference, repliesInChat);
      // Posting to the user id lands in the person's DM with the app; Slack answers with that DM's channel id.
      const posted = await client.chat.postMessage({
        channel: dmChannel ?? e.requesterId,
        text: root,
        blocks: [section(root), buildQuestionEcho(e.question)],
        ...NO_UNFURL,
      });
      return { channel: posted.channel ?? dmChannel ?? e.requesterId, ts: String(posted.ts) };
    },

    async tellPerson(thread, notice) {
      const text = personNoticeText(notice);
      // A reply from ithelp is broadcast, so it shows in the DM itself and not only inside the thread.
      const broadcast = notice.kind === "agent_reply";
      await owe(
        { channel: thread.channel, threadTs: thread.ts, text, broadcast, reference: notice.reference },
        () =>
          client.chat.postMessage({
            channel: thread.channel,
            thread_ts: thread.ts,
            text,
            ...(broadcast
              ? { reply_broadcast: true }
              : notice.kind === "claimed" || notice.kind === "resolved"
                ? { reply_broadcast: false }
                : {}),
            ...NO_UNFURL,
          }),
        { reference: notice.reference, notice: notice.kind },
      );
    },

    async relayToHelpdesk(e, triage, text) {
      const relay = buildPersonRelay(e, text);
      await owe(
        { channel: triage.channel, threadTs: triage.ts, text: relay, reference: e.reference },
        () => client.chat.postMessage({ channel: triage.channel, thread_ts: triage.ts, text: relay, ...NO_UNFURL }),
        { reference: e.reference },
      );
    },

    async refreshTriage(e, triage) {
      const message = buildTriageMessage(e);
      await owe(
        {
          channel: triage.channel,
          updateTs: triage.ts,
          text: message.text,
          blocks: message.blocks as unknown as Array<Record<string, unknown>>,
          reference: e.reference,
        },
        () => client.chat.update({ channel: triage.channel, ts: triage.ts, ...message }),
        { reference: e.reference },
        "chat.update",
      );
    },

    async tellAgentClosed(message, reference) {
      await client.chat.postEphemeral({
        channel: message.channel,
        user: message.userId,
        thread_ts: message.threadTs,
        text: agentRelayClosed(reference),
      });
    },
  };
}
