import type { webApi } from "@slack/bolt";
import type { DestinationName, Escalation, EscalationMatch, EscalationStore } from "../escalation/store/types.js";
import type { Logger } from "../logger.js";
import type { Answer } from "../search/answer.js";
import { truncate, escapeWithin } from "../blockkit/mrkdwn.js";
import { describeError } from "./listeners/guard.js";
import { relayText } from "../blockkit/relay.js";
import {
  ESCALATION_NOT_FOUND,
  STATUS_CLAIMED,
  STATUS_HEADING,
  STATUS_NONE,
  STATUS_OPEN,
  agentRelayClosed,
  agentRelayLead,
  alreadyClaimedBy,
  alreadyResolved,
  alreadyYours,
  handoffAlreadySent,
  handoffByEmail,
  handoffClaimedNotice,
  handoffResolvedNotice,
  handoffSent,
  personRelayByEmail,
  personRelayClosed,
  personThreadRoot,
} from "./texts.js";
import { buildQuestionEcho } from "./views/answer.js";
import { buildConsentMessage, type ConsentPreview } from "./views/consent.js";
import { buildMrkdwnMessage, section, type SlackMessage } from "../blockkit/blocks.js";
import { buildPersonRelay, buildRelayText, buildTriageMessage, displayName, mention } from "../escalation/destinations/slack.js";

/** Where the person asked. */
export type QuestionOrigin = "dm" | "command" | "mention";

/** A person asked for ithelp (Ask ithelp, Not helpful, or in words): what the consent step needs. */
export interface HandOffRequest {
  userId: string;
  /** The question as the person wrote it (plain text). */
  question: string;
  /** Its reference in the question memory; the consent buttons carry this, never the text. */
  questionRef: string;
  /** The engine's result for the question (the paragraphs found, the confidence). */
  answer: Answer;
  origin: QuestionOrigin;
  /** The Slack username from the payload, shared when the display name cannot be looked up. */
  userName?: string | undefined;
  /** The consent step is a message of its own rather than under an answer. */
  standalone?: boolean;
  /** Already-escaped mrkdwn shown above the consent step. */
  lead?: string;
}

/** The person pressed Send to ithelp: what they agreed to share. */
export interface Consent {
  userId: string;
  question: string;
  questionRef: string;
  answer: Answer;
  /** The name the consent step showed. */
  requesterName: string;
  note?: string | null | undefined;
  /** The person's DM with Privacy Desk, when they consented there (else it is opened by user id). */
  dmChannel?: string | undefined;
}

/** What Send did: the message that replaces the consent step, and the escalation's reference. */
export interface SendResult {
  message: SlackMessage;
  reference?: string;
  /** False when this consent had already been sent (a second click, a retried request). */
  created: boolean;
}

/** A message written in a thread: the person's DM thread or the triage message's thread. */
export interface ThreadMessage {
  channel: string;
  threadTs: string;
  ts: string;
  userId: string;
  /** As Slack delivered it (mrkdwn). */
  text: string;
}

/** An agent pressed Claim or Resolve on a triage message. */
export interface AgentClick {
  reference: string;
  agentId: string;
}

/** What the agent who clicked is told, if anything (only they see it). */
export interface AgentClickResult {
  ephemeral?: string;
}

/** Tools a hand-off uses: the Web API client of the request being handled, and the logger. */
export interface HandOffContext {
  client: webApi.WebClient;
  logger: Logger;
}

/**
 * The hand-off to ithelp, as the Slack listeners see it. Nothing is stored or sent before `send`; after it,
 * the escalation lives in the store and the two threads (the person's DM, the triage channel) are relayed.
 */
export interface HandOff {
  /** The consent step: exactly what would be shared, with Send to ithelp / Add a note… / Cancel. Stores nothing. */
  prepare(request: HandOffRequest, ctx: HandOffContext): Promise<SlackMessage>;
  /** Records the escalation and its deliveries in one transaction, then opens the person's DM thread. */
  send(consent: Consent, ctx: HandOffContext): Promise<SendResult>;
  /** `/privacy status`: the person's open escalations. */
  status(userId: string): Promise<SlackMessage>;
  /** A message in a DM thread; false when the thread belongs to no escalation (it is then a question). */
  fromPerson(message: ThreadMessage, ctx: HandOffContext): Promise<boolean>;
  /** A message in a triage thread; false when the thread belongs to no escalation. */
  fromAgent(message: ThreadMessage, ctx: HandOffContext): Promise<boolean>;
  claim(click: AgentClick, ctx: HandOffContext): Promise<AgentClickResult>;
  resolve(click: AgentClick, ctx: HandOffContext): Promise<AgentClickResult>;
  /** True when `threadTs` in `channel` is an escalation's triage message. */
  isTriageThread(channel: string, threadTs: string): Promise<boolean>;
}

/** The idempotency key of a consent: one escalation per person and question, however often Send arrives. */
export function consentKey(userId: string, questionRef: string): string {
  return `consent:${userId}:${questionRef}`;
}

/** The paragraphs the engine found, as the escalation records and the helpdesk sees them. */
export function matchesOf(answer: Answer): EscalationMatch[] {
  return answer.matches.slice(0, 3).map(({ statement, section: s, text, url, score }) => ({ statement, section: s, text, url, score }));
}

/** Without a store or a destination: the person is pointed at the ithelp mailbox, and nothing is kept. */
export function createMailboxHandOff(options: { ithelpEmail: string }): HandOff {
  const byEmail = () => buildMrkdwnMessage(escapeWithin(handoffByEmail(options.ithelpEmail), 3000));
  return {
    prepare: async () => byEmail(),
    send: async () => ({ message: byEmail(), created: false }),
    status: async () => buildMrkdwnMessage(STATUS_NONE),
    fromPerson: async () => false,
    fromAgent: async () => false,
    claim: async () => ({ ephemeral: ESCALATION_NOT_FOUND }),
    resolve: async () => ({ ephemeral: ESCALATION_NOT_FOUND }),
    isTriageThread: async () => false,
  };
}

/** What the store-backed hand-off works with. */
export interface StoreHandOffOptions {
  store: EscalationStore;
  /** Where escalations are delivered (one outbox row each); none → the person is pointed at the mailbox. */
  destinations: readonly DestinationName[];
  /** Tells the outbox worker an escalation is waiting. */
  wake?: () => void;
  ithelpEmail: string;
  retentionDays: number;
  /** Clock in milliseconds, for timings in the log. */
  now?: () => number;
}

/** The consented hand-off backed by the escalation store and its outbox. */
export function createStoreHandOff(options: StoreHandOffOptions): HandOff {
  const { store, destinations } = options;
  const now = options.now ?? Date.now;
  const wake = options.wake ?? (() => undefined);
  const repliesInSlack = destinations.includes("slack");
  const mailbox = createMailboxHandOff({ ithelpEmail: options.ithelpEmail });

  /** The person's DM thread for an escalation, posting its root first if it does not exist yet. */
  async function personThread(e: Escalation, ctx: HandOffContext, dmChannel?: string): Promise<{ channel: string; ts: string }> {
    if (e.personChannel && e.personThreadTs) return { channel: e.personChannel, ts: e.personThreadTs };
    const root = personThreadRoot(e.reference, repliesInSlack);
    // Posting to the user id lands in the person's DM with the app; Slack answers with that DM's channel id.
    const posted = await ctx.client.chat.postMessage({
      channel: dmChannel ?? e.requesterId,
      text: root,
      blocks: [section(root), buildQuestionEcho(e.question)],
      unfurl_links: false,
      unfurl_media: false,
    });
    const channel = posted.channel ?? dmChannel ?? e.requesterId;
    const ts = String(posted.ts);
    await store.setPersonThread(e.reference, channel, ts);
    ctx.logger.info({ event: "person_thread_started", reference: e.reference, channel }, "person's thread started");
    return { channel, ts };
  }

  async function postToPerson(e: Escalation, text: string, ctx: HandOffContext, broadcast = false): Promise<void> {
    const thread = await personThread(e, ctx);
    await ctx.client.chat.postMessage({
      channel: thread.channel,
      thread_ts: thread.ts,
      text,
      // Broadcast, so a reply from ithelp shows in the DM itself and not only inside the thread.
      reply_broadcast: broadcast,
      unfurl_links: false,
      unfurl_media: false,
    });
  }

  async function updateTriage(e: Escalation, ctx: HandOffContext): Promise<void> {
    if (!e.triageChannel || !e.triageTs) return;
    await ctx.client.chat.update({ channel: e.triageChannel, ts: e.triageTs, ...buildTriageMessage(e) });
  }

  /** Runs the follow-ups of a status change; one failing does not stop the other, and the change itself stands. */
  async function followUps(reference: string, ctx: HandOffContext, steps: Array<[string, () => Promise<void>]>): Promise<void> {
    const results = await Promise.allSettled(steps.map(([, run]) => run()));
    results.forEach((r, i) => {
      if (r.status === "rejected")
        ctx.logger.warn({ event: "follow_up_failed", reference, step: steps[i]![0], err: describeError(r.reason) }, "status change saved; a notification failed");
    });
  }

  return {
    async prepare(request, ctx) {
      if (destinations.length === 0) return mailbox.prepare(request, ctx);
      const existing = await store.getByIdempotencyKey(consentKey(request.userId, request.questionRef));
      if (existing) return buildMrkdwnMessage(handoffAlreadySent(existing.reference));
      // Cut to Slack's display-name length here, so what is shown is exactly what Send shares.
      const requesterName = truncate(await lookupName(ctx, request.userId, request.userName), 80);
      const preview: ConsentPreview = {
        question: request.question,
        userId: request.userId,
        requesterName,
        matches: matchesOf(request.answer),
        retentionDays: options.retentionDays,
      };
      ctx.logger.info(
        { event: "handoff_consent_shown", origin: request.origin, matches: preview.matches.length, standalone: Boolean(request.standalone) },
        "consent step shown; nothing sent",
      );
      return buildConsentMessage(
        preview,
        { q: request.questionRef, n: requesterName, ...(request.standalone ? { a: 1 as const } : {}) },
        request.lead,
      );
    },

    async send(consent, ctx) {
      if (destinations.length === 0) return mailbox.send(consent, ctx);
      const started = now();
      const { escalation, created } = await store.createEscalation(
        {
          idempotencyKey: consentKey(consent.userId, consent.questionRef),
          requesterId: consent.userId,
          requesterName: consent.requesterName,
          question: consent.question,
          note: consent.note ?? null,
          matches: matchesOf(consent.answer),
          confidence: consent.answer.confidence,
        },
        destinations,
      );
      if (created) wake();
      ctx.logger.info(
        {
          event: "handoff_sent",
          reference: escalation.reference,
          created,
          destinations,
          withNote: escalation.note !== null,
          matches: escalation.matches.length,
          ms: now() - started,
        },
        created ? "escalation recorded; deliveries queued" : "consent already sent",
      );
      // The escalation is committed; a failed DM post is retried the next time something is relayed.
      if (created || !escalation.personThreadTs) {
        try {
          await personThread(escalation, ctx, consent.dmChannel);
        } catch (error) {
          ctx.logger.warn({ event: "person_thread_failed", reference: escalation.reference, err: describeError(error) }, "could not start the person's thread yet");
        }
      }
      const text = created ? handoffSent(escalation.reference) : handoffAlreadySent(escalation.reference);
      return { message: buildMrkdwnMessage(text), reference: escalation.reference, created };
    },

    async status(userId) {
      const open = await store.listOpenFor(userId);
      if (open.length === 0) return buildMrkdwnMessage(STATUS_NONE);
      const lines = open.map((e) => {
        const state = e.status === "claimed" ? STATUS_CLAIMED : STATUS_OPEN;
        const sent = `<!date^${Math.floor(e.createdAt.getTime() / 1000)}^{date_short_pretty}|${e.createdAt.toISOString().slice(0, 10)}>`;
        return `• *${e.reference}* — ${state} · sent ${sent} · “${escapeWithin(truncate(e.question, 120), 400)}”`;
      });
      return buildMrkdwnMessage(`${STATUS_HEADING}\n${lines.join("\n")}`);
    },

    async fromPerson(message, ctx) {
      const e = await store.findByPersonThread(message.channel, message.threadTs);
      if (!e) return false;
      if (message.text.trim() === "") return true;
      const result = await store.addMessage({
        reference: e.reference,
        direction: "to_helpdesk",
        authorId: message.userId,
        authorName: e.requesterName || null,
        text: message.text,
        idempotencyKey: `slack:${message.channel}:${message.ts}`,
      });
      ctx.logger.info({ event: "relay", reference: e.reference, direction: "to_helpdesk", outcome: result.outcome }, "message from the person");
      if (result.outcome === "not_found") return false;
      if (result.outcome === "duplicate") return true;
      const thread = { channel: message.channel, thread_ts: message.threadTs, unfurl_links: false, unfurl_media: false };
      if (result.outcome === "resolved") {
        await ctx.client.chat.postMessage({ ...thread, text: personRelayClosed(e.reference) });
        return true;
      }
      if (e.triageChannel && e.triageTs) {
        await ctx.client.chat.postMessage({
          channel: e.triageChannel,
          thread_ts: e.triageTs,
          text: buildPersonRelay(e, message.text),
          unfurl_links: false,
          unfurl_media: false,
        });
      } else if (!repliesInSlack) {
        await ctx.client.chat.postMessage({ ...thread, text: personRelayByEmail(e.reference, options.ithelpEmail) });
      }
      // Otherwise the triage message is not posted yet; the Slack destination posts waiting messages under it.
      return true;
    },

    async fromAgent(message, ctx) {
      const e = await store.findByTriageThread(message.channel, message.threadTs);
      if (!e) return false;
      if (message.text.trim() === "") return true;
      const agentName = await lookupName(ctx, message.userId);
      const result = await store.addMessage({
        reference: e.reference,
        direction: "to_person",
        authorId: message.userId,
        authorName: agentName || null,
        text: message.text,
        idempotencyKey: `slack:${message.channel}:${message.ts}`,
      });
      ctx.logger.info({ event: "relay", reference: e.reference, direction: "to_person", outcome: result.outcome }, "message from the helpdesk");
      if (result.outcome === "not_found") return false;
      if (result.outcome === "duplicate") return true;
      if (result.outcome === "resolved") {
        await ctx.client.chat.postEphemeral({
          channel: message.channel,
          user: message.userId,
          thread_ts: message.threadTs,
          text: agentRelayClosed(e.reference),
        });
        return true;
      }
      const text = buildRelayText(agentRelayLead(displayName(agentName, message.userId)), relayText(message.text, { keepUserMentions: true }));
      await postToPerson(result.escalation, text, ctx, true);
      return true;
    },

    async claim(click, ctx) {
      const result = await store.claim(click.reference, click.agentId);
      ctx.logger.info({ event: "escalation_claim", reference: click.reference, agentId: click.agentId, outcome: result.outcome }, "claim");
      switch (result.outcome) {
        case "not_found":
          return { ephemeral: ESCALATION_NOT_FOUND };
        case "already_yours":
          return { ephemeral: alreadyYours(result.escalation.reference) };
        case "claimed_by_other":
          return { ephemeral: alreadyClaimedBy(result.escalation.reference, mention(result.owner)) };
        case "already_resolved":
          return { ephemeral: alreadyResolved(result.escalation.reference) };
        case "claimed": {
          const e = result.escalation;
          await followUps(e.reference, ctx, [
            ["update_triage", () => updateTriage(e, ctx)],
            [
              "notify_person",
              async () => postToPerson(e, handoffClaimedNotice(displayName(await lookupName(ctx, click.agentId), click.agentId), e.reference), ctx),
            ],
          ]);
          return {};
        }
      }
    },

    async resolve(click, ctx) {
      const result = await store.resolve(click.reference, click.agentId);
      ctx.logger.info({ event: "escalation_resolve", reference: click.reference, agentId: click.agentId, outcome: result.outcome }, "resolve");
      switch (result.outcome) {
        case "not_found":
          return { ephemeral: ESCALATION_NOT_FOUND };
        case "already_resolved":
          return { ephemeral: alreadyResolved(result.escalation.reference) };
        case "resolved": {
          const e = result.escalation;
          await followUps(e.reference, ctx, [
            ["update_triage", () => updateTriage(e, ctx)],
            ["notify_person", () => postToPerson(e, handoffResolvedNotice(e.reference), ctx)],
          ]);
          return {};
        }
      }
    },

    async isTriageThread(channel, threadTs) {
      return (await store.findByTriageThread(channel, threadTs)) !== undefined;
    },
  };
}

/**
 * A person's Slack display name (else their full name, else their username), or `fallback` when Slack will not
 * say. Only the name is read from the profile.
 */
async function lookupName(ctx: HandOffContext, userId: string, fallback = ""): Promise<string> {
  try {
    const res = await ctx.client.users.info({ user: userId });
    const user = res.user;
    return user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || fallback;
  } catch (error) {
    ctx.logger.warn({ event: "name_lookup_failed", err: describeError(error) }, "could not look up a display name");
    return fallback;
  }
}
