import type { webApi } from "@slack/bolt";

/** A plain message a person wrote (no subtype, not from a bot), as the message listeners read it. */
export interface PersonMessage {
  user: string;
  text?: string | undefined;
  ts: string;
  thread_ts?: string | undefined;
  channel: string;
  channel_type: string;
}

/** What a message handler is given: the message, the request's Web API client, the bot's id, the event id. */
export interface MessageArgs {
  message: PersonMessage;
  client: webApi.WebClient;
  botUserId?: string | undefined;
  eventId?: string | undefined;
}
