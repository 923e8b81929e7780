/** Payloads shaped as Slack sends them, for the few fields Privacy Desk reads plus the ones Bolt needs to route. */

export const TEAM_ID = "T0TEAM";
export const APP_ID = "A0PRIVACY";
export const USER_ID = "U0PERSON";

let counter = 0;
const nextTs = (): string => `17000${String(++counter).padStart(5, "0")}.000200`;

/** An Events API envelope. */
export function eventCallback(event: Record<string, unknown>, eventId = `Ev${Date.now()}${++counter}`): Record<string, unknown> {
  return {
    token: "legacy-verification-token",
    team_id: TEAM_ID,
    api_app_id: APP_ID,
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: "UPRIVACYBOT", is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** A direct message to the bot. */
export function dmEvent(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = nextTs();
  return {
    type: "message",
    channel_type: "im",
    channel: "D0PERSON",
    user: USER_ID,
    text,
    ts,
    event_ts: ts,
    team: TEAM_ID,
    ...extra,
  };
}

/** A mention of the bot in a channel. */
export function mentionEvent(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = nextTs();
  return { type: "app_mention", channel: "C0GENERAL", user: USER_ID, text, ts, event_ts: ts, team: TEAM_ID, ...extra };
}

/** The App Home being opened. */
export function homeOpenedEvent(tab: "home" | "messages" = "home"): Record<string, unknown> {
  return { type: "app_home_opened", user: USER_ID, channel: "D0PERSON", tab, event_ts: nextTs() };
}

/** A `/privacy` slash command body (form fields). */
export function slashCommand(text: string, responseUrl: string): Record<string, string> {
  return {
    token: "legacy-verification-token",
    team_id: TEAM_ID,
    team_domain: "harvard-test",
    channel_id: "C0GENERAL",
    channel_name: "general",
    user_id: USER_ID,
    user_name: "person",
    command: "/privacy",
    text,
    api_app_id: APP_ID,
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: `${++counter}.trigger`,
  };
}

/** A button press (block_actions) on a message. */
export function buttonPress(options: {
  actionId: string;
  value: string;
  responseUrl: string;
  message?: { ts: string; text: string; blocks: unknown[]; thread_ts?: string };
  channelId?: string;
  ephemeral?: boolean;
}): Record<string, unknown> {
  const channelId = options.channelId ?? "D0PERSON";
  const messageTs = options.message?.ts ?? nextTs();
  return {
    type: "block_actions",
    user: { id: USER_ID, username: "person", name: "person", team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: "legacy-verification-token",
    container: options.ephemeral
      ? { type: "message", message_ts: messageTs, channel_id: channelId, is_ephemeral: true }
      : { type: "message", message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: `${++counter}.trigger`,
    team: { id: TEAM_ID, domain: "harvard-test" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: "directmessage" },
    ...(options.message && !options.ephemeral
      ? { message: { type: "message", user: "UPRIVACYBOT", bot_id: "BPRIVACYBOT", ...options.message } }
      : {}),
    state: { values: {} },
    response_url: options.responseUrl,
    actions: [
      {
        action_id: options.actionId,
        block_id: "pd_answer_actions",
        text: { type: "plain_text", text: "button", emoji: true },
        value: options.value,
        type: "button",
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}
