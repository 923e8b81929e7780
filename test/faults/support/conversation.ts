import { expect } from "vitest";
import { dmChannelOf, type FakeSlack, type RecordedCall } from "../../slack/support/fake-slack.js";
import { buttonPress, dmEvent, eventCallback, mentionEvent, slashCommand } from "../../slack/support/payloads.js";
import { formBody, interactionBody } from "../../slack/support/signing.js";
import { type Outcome, postSigned } from "./app.js";

/** Action ids of the buttons, as they appear in the messages the app posts (the app's contract with Slack). */
export const BUTTON = {
  askIthelp: "ask_ithelp",
  notHelpful: "feedback_not_helpful",
  share: "share_answer",
  send: "consent_send",
  claim: "triage_claim",
  resolve: "triage_resolve",
} as const;

/** A question the statements do not answer, so the bot offers ithelp. */
export const unanswerable = (marker: string): string => `What is the capital of France? (${marker})`;

export const json = (c: RecordedCall): string => JSON.stringify(c.body);

type Blocks = Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;

/** The value of a button on a posted message (or a response_url body), or undefined. */
export function buttonValue(on: RecordedCall, actionId: string): string | undefined {
  const blocks = (on.body.blocks as Blocks | undefined) ?? [];
  return blocks.flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : [])).find((b) => b.action_id === actionId)?.value;
}

/** What one app, seen from Slack, is: its port and signing secret, and the Slack stand-in it talks to. */
export interface Desk {
  port: number;
  secret: string;
  fake: FakeSlack;
}

let clicks = 0;

/** A person writes to the bot in their DM. */
export function sendDm(desk: Desk, user: string, text: string, extra: Record<string, unknown> = {}): Promise<Outcome> {
  const body = JSON.stringify(eventCallback(dmEvent(text, { user, channel: dmChannelOf(user), ...extra })));
  return postSigned(desk.port, desk.secret, body, "application/json");
}

/** A mention of the bot by `user` in `channel`, as message `ts` (its answer goes in the thread under it). */
export function mention(desk: Desk, user: string, text: string, channel: string, ts: string): Promise<Outcome> {
  const body = JSON.stringify(eventCallback(mentionEvent(`<@UPRIVACYBOT> ${text}`, { user, channel, ts, event_ts: ts })));
  return postSigned(desk.port, desk.secret, body, "application/json");
}

/** `/privacy <text>` from `user`; the acknowledgement is the outcome. */
export function slash(desk: Desk, user: string, text: string, responseId = `cmd-${++clicks}`): Promise<Outcome> {
  const body = formBody({ ...slashCommand(text, desk.fake.responseUrl(responseId)), user_id: user });
  return postSigned(desk.port, desk.secret, body, "application/x-www-form-urlencoded");
}

/** Presses a button on `on` as `user`; the response URL's id is returned with the HTTP outcome. */
export async function press(
  desk: Desk,
  on: RecordedCall,
  actionId: string,
  options: { user: string; channel?: string },
): Promise<{ responseId: string; outcome: Outcome }> {
  const value = buttonValue(on, actionId);
  if (value === undefined) throw new Error(`no ${actionId} button on ${on.method}: ${json(on).slice(0, 300)}`);
  const responseId = `press-${++clicks}`;
  const payload = buttonPress({
    actionId,
    value,
    responseUrl: desk.fake.responseUrl(responseId),
    channelId: options.channel ?? dmChannelOf(options.user),
    message: {
      ts: String(on.reply?.ts ?? "1700000000.000100"),
      text: String(on.body.text ?? ""),
      blocks: (on.body.blocks as unknown[]) ?? [],
    },
  });
  payload.user = { id: options.user, username: options.user.toLowerCase(), name: options.user.toLowerCase(), team_id: "T0TEAM" };
  const outcome = await postSigned(desk.port, desk.secret, interactionBody(payload), "application/x-www-form-urlencoded");
  return { responseId, outcome };
}

/** The bot's first post in `user`'s DM that contains `marker`. */
export function dmPost(desk: Desk, user: string, marker: string, timeoutMs = 5000): Promise<RecordedCall> {
  return desk.fake.waitFor(
    (c) => c.method === "chat.postMessage" && c.body.channel === dmChannelOf(user) && json(c).includes(marker),
    timeoutMs,
  );
}

/** Asks something unanswerable and presses Ask ithelp: resolves with the consent step (carrying Send). */
export async function openConsent(desk: Desk, user: string, marker: string): Promise<RecordedCall> {
  const asked = await sendDm(desk, user, unanswerable(marker));
  expect(asked).toMatchObject({ status: 200 });
  const answer = await dmPost(desk, user, marker);
  const { responseId, outcome } = await press(desk, answer, BUTTON.askIthelp, { user });
  expect(outcome).toMatchObject({ status: 200 });
  const consent = await desk.fake.waitFor((c) => c.method === `response:${responseId}`);
  expect(buttonValue(consent, BUTTON.send), "the consent step offers Send").toBeDefined();
  return consent;
}

/** The references (PD-…) a text mentions. */
export const referencesIn = (text: string): string[] => [...new Set(text.match(/PD-\d+/g) ?? [])];
