import { truncate } from "../blockkit/mrkdwn.js";
import { logError } from "../errors.js";
import type { DestinationName, Escalation, EscalationMatch, EscalationStore } from "../escalation/store/types.js";
import type { Logger } from "../log.js";
import type { Answer } from "../search/answer.js";
import type { QuestionOrigin } from "./question.js";

/** A thread in a conversation: the person's DM thread, or the triage message's thread. */
export interface Thread {
  channel: string;
  ts: string;
}

/** A message written in a thread. */
export interface ThreadMessage {
  channel: string;
  threadTs: string;
  ts: string;
  userId: string;
  /** As the chat delivered it (for Slack: mrkdwn). */
  text: string;
}

/** What the person is told in their thread; the chat renders each in its own words. */
export type PersonNotice =
  | { kind: "claimed"; reference: string; agentId: string; agentName: string }
  | { kind: "resolved"; reference: string }
  | { kind: "agent_reply"; reference: string; agentId: string; agentName: string; text: string }
  | { kind: "relay_closed"; reference: string }
  | { kind: "handled_by_email"; reference: string; email: string };

/**
 * The conversations an escalation lives in, as the chat platform provides them: the hand-off's one port to Slack.
 * An implementation is made per request (it uses that request's Web API client).
 */
export interface HelpdeskChat {
  /** The person's display name (else full name, else username), or `fallback` when the chat will not say. */
  displayName(userId: string, fallback?: string): Promise<string>;
  /** Posts the root of the person's thread for an escalation (in `dmChannel`, else their DM) and says where it is. */
  startPersonThread(e: Escalation, options: { repliesInChat: boolean; dmChannel?: string | undefined }): Promise<Thread>;
  /** Posts a notice in the person's thread. */
  tellPerson(thread: Thread, notice: PersonNotice): Promise<void>;
  /** Posts what the person wrote in the triage message's thread. */
  relayToHelpdesk(e: Escalation, triage: Thread, text: string): Promise<void>;
  /** Shows the triage message again after a status change. */
  refreshTriage(e: Escalation, triage: Thread): Promise<void>;
  /** Tells only the agent who wrote `message` that their reply went nowhere: the escalation is resolved. */
  tellAgentClosed(message: ThreadMessage, reference: string): Promise<void>;
}

/** A person asked for ithelp (Ask ithelp, Not helpful, or in words): what the consent step needs. */
export interface HandOffRequest {
  userId: string;
  /** The question as the person wrote it (plain text). */
  question: string;
  /** What the consent buttons carry: the question and the paragraphs found (see carried-question.ts). */
  questionRef: string;
  /** The question's own id, which makes Send idempotent. */
  questionId: string;
  /** The engine's result for the question (the paragraphs found, the confidence). */
  answer: Answer;
  origin: QuestionOrigin;
  /** The chat's username from the payload, shared when the display name cannot be looked up. */
  userName?: string | undefined;
  /** The consent step is a message of its own rather than under an answer. */
  standalone?: boolean;
}

/** Exactly what a hand-off would share, as the person is shown it before anything is sent. */
export interface ConsentPreview {
  question: string;
  userId: string;
  /** The display name that will be sent; empty when the chat gave none. */
  requesterName: string;
  matches: readonly EscalationMatch[];
  note?: string | null;
  retentionDays: number;
}

/** The consent step to show, or why there is none. Nothing is stored by preparing it. */
export type ConsentOutcome =
  /** No destination: the person is pointed at the ithelp mailbox. */
  | { kind: "mailbox"; email: string }
  | { kind: "already_sent"; reference: string }
  | { kind: "consent"; preview: ConsentPreview; questionRef: string; standalone: boolean };

/** The person pressed Send to ithelp: what they agreed to share. */
export interface Consent {
  userId: string;
  question: string;
  /** The question's own id, carried by the consent step: a repeated Send records nothing new. */
  questionId: string;
  answer: Answer;
  /** The name the consent step showed. */
  requesterName: string;
  note?: string | null | undefined;
  /** The person's DM with Privacy Desk, when they consented there (else it is opened by user id). */
  dmChannel?: string | undefined;
}

/** What Send did. */
export type SendOutcome =
  | { kind: "mailbox"; email: string }
  /** `created` is false when this consent had already been sent (a second click, a retried request). */
  | { kind: "sent"; reference: string; created: boolean };

/** An agent pressed Claim or Resolve on a triage message. */
export interface AgentClick {
  reference: string;
  agentId: string;
}

/** An agent said which of the paragraphs found answered a resolved escalation (null: none did). */
export interface AnsweredByClick extends AgentClick {
  matchIndex: number | null;
}

/** What an agent's Claim, Resolve or "Answered by this paragraph" did; all but `done` are told only to that agent. */
export type AgentClickOutcome =
  | { kind: "done" }
  | { kind: "not_resolved"; reference: string }
  | { kind: "not_found" }
  | { kind: "already_yours"; reference: string }
  | { kind: "claimed_by_other"; reference: string; owner: string }
  | { kind: "already_resolved"; reference: string };

/**
 * The hand-off to ithelp. Nothing is stored or sent before `send`; after it, the escalation lives in the store and
 * the two threads (the person's DM, the triage channel) are relayed.
 */
export interface HandOff {
  /** The consent step: exactly what would be shared. Stores nothing. */
  prepare(request: HandOffRequest, chat: HelpdeskChat, logger: Logger): Promise<ConsentOutcome>;
  /** Records the escalation and its deliveries in one transaction, then opens the person's DM thread. */
  send(consent: Consent, chat: HelpdeskChat, logger: Logger): Promise<SendOutcome>;
  /** `/privacy status`: the person's open escalations, oldest first. */
  status(userId: string): Promise<Escalation[]>;
  /** A message in a DM thread; false when the thread belongs to no escalation (it is then a question). */
  fromPerson(message: ThreadMessage, chat: HelpdeskChat, logger: Logger): Promise<boolean>;
  /** A message in a triage thread; false when the thread belongs to no escalation. */
  fromAgent(message: ThreadMessage, chat: HelpdeskChat, logger: Logger): Promise<boolean>;
  claim(click: AgentClick, chat: HelpdeskChat, logger: Logger): Promise<AgentClickOutcome>;
  resolve(click: AgentClick, chat: HelpdeskChat, logger: Logger): Promise<AgentClickOutcome>;
  /** Records which paragraph answered a resolved escalation, and shows it on the triage message. */
  answeredBy(click: AnsweredByClick, chat: HelpdeskChat, logger: Logger): Promise<AgentClickOutcome>;
  /** True when `threadTs` in `channel` is an escalation's triage message. */
  isTriageThread(channel: string, threadTs: string): Promise<boolean>;
}

/** Slack's display-name length. */
const MAX_NAME_CHARS = 80;

/** The idempotency key of a consent: one escalation per person and question, however often Send arrives. */
export function consentKey(userId: string, questionId: string): string {
  return `consent:${userId}:${questionId}`;
}

/** The paragraphs the engine found, as the escalation records and the helpdesk sees them. */
export function matchesOf(answer: Answer): EscalationMatch[] {
  return answer.matches.slice(0, 3).map(({ statement, section, text, url, score }) => ({ statement, section, text, url, score }));
}

/** Without a store or a destination: the person is pointed at the ithelp mailbox, and nothing is kept. */
export function createMailboxHandOff(options: { ithelpEmail: string }): HandOff {
  const mailbox = { kind: "mailbox", email: options.ithelpEmail } as const;
  return {
    prepare: async () => mailbox,
    send: async () => mailbox,
    status: async () => [],
    fromPerson: async () => false,
    fromAgent: async () => false,
    claim: async () => ({ kind: "not_found" }),
    resolve: async () => ({ kind: "not_found" }),
    answeredBy: async () => ({ kind: "not_found" }),
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
  const repliesInChat = destinations.includes("slack");
  // The person's own thread is a destination too, but not a helpdesk: without one, people are pointed at the mailbox.
  const helpdesk = destinations.filter((d) => d !== "person");
  // With it, the outbox starts the person's thread (and tells them their reference) even after a crash.
  const threadByOutbox = destinations.includes("person");
  const mailbox = createMailboxHandOff({ ithelpEmail: options.ithelpEmail });

  /** The person's DM thread for an escalation, posting its root first if it does not exist yet. */
  async function personThread(e: Escalation, chat: HelpdeskChat, logger: Logger, dmChannel?: string): Promise<Thread> {
    if (e.personChannel && e.personThreadTs) return { channel: e.personChannel, ts: e.personThreadTs };
    const thread = await chat.startPersonThread(e, { repliesInChat, dmChannel });
    await store.setPersonThread(e.reference, thread.channel, thread.ts);
    logger.info({ event: "person_thread_started", reference: e.reference, channel: thread.channel }, "person's thread started");
    return thread;
  }

  const triageOf = (e: Escalation): Thread | undefined =>
    e.triageChannel && e.triageTs ? { channel: e.triageChannel, ts: e.triageTs } : undefined;

  /** Runs the follow-ups of a status change; one failing does not stop the other, and the change itself stands. */
  async function followUps(reference: string, logger: Logger, steps: Array<[string, () => Promise<void>]>): Promise<void> {
    const results = await Promise.allSettled(steps.map(([, run]) => run()));
    results.forEach((r, i) => {
      if (r.status === "rejected")
        logError(
          logger,
          "follow_up_failed",
          r.reason,
          "status change saved; a notification failed",
          { reference, step: steps[i]![0] },
          "warn",
        );
    });
  }

  const refresh = async (e: Escalation, chat: HelpdeskChat): Promise<void> => {
    const triage = triageOf(e);
    if (triage) await chat.refreshTriage(e, triage);
  };

  return {
    async prepare(request, chat, logger) {
      if (helpdesk.length === 0) return mailbox.prepare(request, chat, logger);
      const existing = await store.getByIdempotencyKey(consentKey(request.userId, request.questionId));
      if (existing) return { kind: "already_sent", reference: existing.reference };
      // Cut to Slack's display-name length here, so what is shown is exactly what Send shares.
      const requesterName = truncate(await chat.displayName(request.userId, request.userName), MAX_NAME_CHARS);
      const preview: ConsentPreview = {
        question: request.question,
        userId: request.userId,
        requesterName,
        matches: matchesOf(request.answer),
        retentionDays: options.retentionDays,
      };
      logger.info(
        {
          event: "handoff_consent_shown",
          origin: request.origin,
          matches: preview.matches.length,
          standalone: Boolean(request.standalone),
        },
        "consent step shown; nothing sent",
      );
      return { kind: "consent", preview, questionRef: request.questionRef, standalone: Boolean(request.standalone) };
    },

    async send(consent, chat, logger) {
      if (helpdesk.length === 0) return mailbox.send(consent, chat, logger);
      const started = now();
      const { escalation, created } = await store.createEscalation(
        {
          idempotencyKey: consentKey(consent.userId, consent.questionId),
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
      logger.info(
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
      if (threadByOutbox) return { kind: "sent", reference: escalation.reference, created };
      // The escalation is committed; a failed DM post is retried the next time something is relayed.
      if (created || !escalation.personThreadTs) {
        try {
          await personThread(escalation, chat, logger, consent.dmChannel);
        } catch (error) {
          logError(
            logger,
            "person_thread_failed",
            error,
            "could not start the person's thread yet",
            { reference: escalation.reference },
            "warn",
          );
        }
      }
      return { kind: "sent", reference: escalation.reference, created };
    },

    async status(userId) {
      return store.listOpenFor(userId);
    },

    async fromPerson(message, chat, logger) {
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
      logger.info({ event: "relay", reference: e.reference, direction: "to_helpdesk", outcome: result.outcome }, "message from the person");
      if (result.outcome === "not_found") return false;
      if (result.outcome === "duplicate") return true;
      const own: Thread = { channel: message.channel, ts: message.threadTs };
      if (result.outcome === "resolved") {
        await chat.tellPerson(own, { kind: "relay_closed", reference: e.reference });
        return true;
      }
      const triage = triageOf(e);
      if (triage) await chat.relayToHelpdesk(e, triage, message.text);
      else if (!repliesInChat) await chat.tellPerson(own, { kind: "handled_by_email", reference: e.reference, email: options.ithelpEmail });
      // Otherwise the triage message is not posted yet; the Slack destination posts waiting messages under it.
      return true;
    },

    async fromAgent(message, chat, logger) {
      const e = await store.findByTriageThread(message.channel, message.threadTs);
      if (!e) return false;
      if (message.text.trim() === "") return true;
      const agentName = await chat.displayName(message.userId);
      const result = await store.addMessage({
        reference: e.reference,
        direction: "to_person",
        authorId: message.userId,
        authorName: agentName || null,
        text: message.text,
        idempotencyKey: `slack:${message.channel}:${message.ts}`,
      });
      logger.info({ event: "relay", reference: e.reference, direction: "to_person", outcome: result.outcome }, "message from the helpdesk");
      if (result.outcome === "not_found") return false;
      if (result.outcome === "duplicate") return true;
      if (result.outcome === "resolved") {
        await chat.tellAgentClosed(message, e.reference);
        return true;
      }
      const thread = await personThread(result.escalation, chat, logger);
      await chat.tellPerson(thread, {
        kind: "agent_reply",
        reference: e.reference,
        agentId: message.userId,
        agentName,
        text: message.text,
      });
      return true;
    },

    async claim(click, chat, logger) {
      const result = await store.claim(click.reference, click.agentId);
      logger.info({ event: "escalation_claim", reference: click.reference, agentId: click.agentId, outcome: result.outcome }, "claim");
      switch (result.outcome) {
        case "not_found":
          return { kind: "not_found" };
        case "already_yours":
          return { kind: "already_yours", reference: result.escalation.reference };
        case "claimed_by_other":
          return { kind: "claimed_by_other", reference: result.escalation.reference, owner: result.owner };
        case "already_resolved":
          return { kind: "already_resolved", reference: result.escalation.reference };
        case "claimed": {
          const e = result.escalation;
          await followUps(e.reference, logger, [
            ["update_triage", () => refresh(e, chat)],
            [
              "notify_person",
              async () => {
                const agentName = await chat.displayName(click.agentId);
                const thread = await personThread(e, chat, logger);
                await chat.tellPerson(thread, { kind: "claimed", reference: e.reference, agentId: click.agentId, agentName });
              },
            ],
          ]);
          return { kind: "done" };
        }
      }
    },

    async resolve(click, chat, logger) {
      const result = await store.resolve(click.reference, click.agentId);
      logger.info({ event: "escalation_resolve", reference: click.reference, agentId: click.agentId, outcome: result.outcome }, "resolve");
      switch (result.outcome) {
        case "not_found":
          return { kind: "not_found" };
        case "already_resolved":
          return { kind: "already_resolved", reference: result.escalation.reference };
        case "resolved": {
          const e = result.escalation;
          await followUps(e.reference, logger, [
            ["update_triage", () => refresh(e, chat)],
            [
              "notify_person",
              async () => {
                const thread = await personThread(e, chat, logger);
                await chat.tellPerson(thread, { kind: "resolved", reference: e.reference });
              },
            ],
          ]);
          return { kind: "done" };
        }
      }
    },

    async answeredBy(click, chat, logger) {
      const e = await store.getByReference(click.reference);
      // A stale button naming a paragraph the escalation does not have counts as no escalation to mark.
      if (!e || (click.matchIndex !== null && click.matchIndex >= e.matches.length)) return { kind: "not_found" };
      const result = await store.markAnsweredBy(click.reference, click.matchIndex);
      logger.info(
        { event: "answered_by", reference: click.reference, agentId: click.agentId, matchIndex: click.matchIndex, outcome: result.outcome },
        "answered by a paragraph",
      );
      if (result.outcome === "not_found") return { kind: "not_found" };
      if (result.outcome === "not_resolved") return { kind: "not_resolved", reference: result.escalation.reference };
      await followUps(result.escalation.reference, logger, [["update_triage", () => refresh(result.escalation, chat)]]);
      return { kind: "done" };
    },

    async isTriageThread(channel, threadTs) {
      return (await store.findByTriageThread(channel, threadTs)) !== undefined;
    },
  };
}
