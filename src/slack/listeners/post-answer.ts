import type { webApi } from "@slack/bolt";
import type { SlackMessage } from "../../blockkit/blocks.js";
import { logError } from "../../errors.js";
import type { SlackDeps } from "../deps.js";
import { callPatiently, retryOf } from "../patient-calls.js";

/** Where an answer goes: a DM, or a thread under a mention in a channel. */
export interface AnswerPlace {
  channel: string;
  threadTs?: string | undefined;
  eventId?: string | undefined;
}

/**
 * Posts an answer owed to a person. Refused by a Slack outage or a rate limit, it is kept in the store and sent by
 * the owed-posts worker (a restart meanwhile loses nothing); without a store, or with it locked, tried again in
 * this process.
 */
export async function postAnswer(deps: SlackDeps, client: webApi.WebClient, place: AnswerPlace, reply: SlackMessage): Promise<void> {
  const { channel, threadTs, eventId } = place;
  const post = () =>
    client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...reply, unfurl_links: false, unfurl_media: false });
  const ids = { eventId };
  if (!deps.owed) {
    await callPatiently("chat.postMessage", post, { logger: deps.logger, ids });
    return;
  }
  try {
    await post();
    return;
  } catch (error) {
    if (!retryOf(error)) throw error;
    logError(deps.logger, "slack_error", error, "Slack did not take an answer; keeping it until it does", ids, "warn");
  }
  try {
    await deps.owed.owe({
      channel,
      threadTs: threadTs ?? null,
      text: reply.text,
      blocks: reply.blocks as unknown as Array<Record<string, unknown>>,
    });
  } catch (error) {
    logError(deps.logger, "post_owed_failed", error, "could not keep an answer in the store; sending it from this process", ids, "warn");
    await callPatiently("chat.postMessage", post, { logger: deps.logger, ids });
  }
}
