import { z } from "zod";

/**
 * Where an escalation is delivered: the helpdesk's triage channel, mailbox or webhook, and `person` — the
 * person's own DM thread, which tells them their reference (delivered like the others, so a crash between
 * Send and that message cannot lose it).
 */
export const DestinationNameSchema = z.enum(["slack", "email", "webhook", "person"]);
export type DestinationName = z.infer<typeof DestinationNameSchema>;

/** An escalation's life: a person asked, an agent took it, the agent closed it. */
export const EscalationStatusSchema = z.enum(["open", "claimed", "resolved"]);
export type EscalationStatus = z.infer<typeof EscalationStatusSchema>;

/** Which way a relayed message travelled. */
export const MessageDirectionSchema = z.enum(["to_person", "to_helpdesk"]);
export type MessageDirection = z.infer<typeof MessageDirectionSchema>;

/** Delivery state of one escalation at one destination. */
export const DeliveryStatusSchema = z.enum(["pending", "delivered", "failed"]);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** A paragraph the bot found for the question, as shown to the helpdesk. */
export const EscalationMatchSchema = z.object({
  statement: z.string(),
  section: z.string(),
  text: z.string(),
  url: z.string().nullable(),
  score: z.number(),
});
export type EscalationMatch = z.infer<typeof EscalationMatchSchema>;

/** What the person consented to share, plus the key that makes a repeated request create nothing new. */
export const NewEscalationSchema = z.object({
  /** e.g. the Slack view submission / action that carried the consent; a repeat returns the first escalation. */
  idempotencyKey: z.string().trim().min(1, "idempotencyKey must not be empty"),
  requesterId: z.string().trim().min(1, "requesterId (the Slack user id) must not be empty"),
  requesterName: z.string(),
  question: z.string().trim().min(1, "question must not be empty"),
  note: z
    .string()
    .nullish()
    .transform((v) => (v == null || v.trim() === "" ? null : v)),
  matches: z.array(EscalationMatchSchema),
  confidence: z.number().min(0).max(1),
});
export type NewEscalation = z.input<typeof NewEscalationSchema>;

/** One escalation as the rest of the app sees it. */
export interface Escalation {
  id: number;
  /** `PD-1042`: unique, never reused. */
  reference: string;
  idempotencyKey: string;
  requesterId: string;
  requesterName: string;
  question: string;
  note: string | null;
  matches: EscalationMatch[];
  confidence: number;
  status: EscalationStatus;
  claimedBy: string | null;
  resolvedBy: string | null;
  createdAt: Date;
  claimedAt: Date | null;
  resolvedAt: Date | null;
  /** The person's DM channel and the thread (ts of the bot's confirmation) where the conversation continues. */
  personChannel: string | null;
  personThreadTs: string | null;
  /** The triage channel message that carries Claim / Resolve; agents reply in its thread. */
  triageChannel: string | null;
  triageTs: string | null;
  /**
   * Which of `matches` (its index) the agent said answers the question, once resolved ("Answered by this
   * paragraph"), or null: the report proposes the question as an `asked:` phrasing of that paragraph.
   */
  answeredBy: number | null;
}

/** A message relayed between the person and the helpdesk. */
export interface RelayedMessage {
  id: number;
  escalationId: number;
  direction: MessageDirection;
  /** Slack user id of whoever wrote it. */
  authorId: string;
  /** Display name, when known (agents are named to the person). */
  authorName: string | null;
  text: string;
  createdAt: Date;
}

/** One row of the outbox. */
export interface Delivery {
  id: number;
  escalationId: number;
  reference: string;
  destination: DestinationName;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** A message to relay on an escalation, identified by its reference. */
export const NewMessageSchema = z.object({
  reference: z.string().min(1),
  direction: MessageDirectionSchema,
  authorId: z.string().trim().min(1, "authorId must not be empty"),
  authorName: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  text: z.string().trim().min(1, "text must not be empty"),
  /** e.g. the Slack event id; a Slack retry of the same event records nothing new. */
  idempotencyKey: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
});
export type NewMessage = z.input<typeof NewMessageSchema>;

/** The escalation, and whether this call created it (false: the idempotency key was seen before). */
export type CreateEscalationResult = { escalation: Escalation; created: boolean };

/** Outcome of `claim`; only `claimed` changed anything. */
export type ClaimResult =
  | { outcome: "claimed"; escalation: Escalation }
  | { outcome: "already_yours"; escalation: Escalation }
  | { outcome: "claimed_by_other"; owner: string; escalation: Escalation }
  | { outcome: "already_resolved"; escalation: Escalation }
  | { outcome: "not_found" };

/** Outcome of `resolve`; only `resolved` changed anything. */
export type ResolveResult =
  | { outcome: "resolved"; escalation: Escalation }
  | { outcome: "already_resolved"; escalation: Escalation }
  | { outcome: "not_found" };

/** Outcome of `addMessage`; nothing is relayed on a resolved escalation. */
export type AddMessageResult =
  | { outcome: "added"; message: RelayedMessage; escalation: Escalation }
  | { outcome: "duplicate"; message: RelayedMessage; escalation: Escalation }
  | { outcome: "resolved"; escalation: Escalation }
  | { outcome: "not_found" };

/** Outcome of `markAnsweredBy`; only `marked` changed anything. */
export type MarkAnsweredByResult =
  | { outcome: "marked"; escalation: Escalation }
  | { outcome: "not_resolved"; escalation: Escalation }
  | { outcome: "not_found" };

/** What the one question flow decided for a question: answered with a paragraph, or offered to the helpdesk. */
export const QuestionResultSchema = z.enum(["answered", "escalated"]);
export type QuestionResult = z.infer<typeof QuestionResultSchema>;

/** One question counted: where its best paragraph is (null: no paragraph shares a word) and what became of it. */
export const CountedQuestionSchema = z.object({
  /** The statement's id (its file name without `.md`). */
  statementId: z.string().min(1).nullable(),
  /** The section's slug within the statement. */
  sectionSlug: z.string().min(1).nullable(),
  result: QuestionResultSchema,
  /** How many questions this stands for (counts waiting for their write are added up); one by default. */
  times: z.number().int().positive().optional(),
});
export type CountedQuestion = z.infer<typeof CountedQuestionSchema>;

/** The questions of one day (UTC) whose best paragraph is in one section, by what became of them. */
export interface QuestionCount {
  /** YYYY-MM-DD, UTC. */
  day: string;
  statementId: string | null;
  sectionSlug: string | null;
  answered: number;
  escalated: number;
}

/** What `purgeExpired` and `forgetUser` removed. */
export interface DeletionCounts {
  escalations: number;
  messages: number;
  deliveries: number;
  /** Rows about other people's escalations where this person's id was replaced (agent ids, message authors). */
  redacted: number;
}

/** Feedback presses counted for one paragraph. */
export interface FeedbackCount {
  paragraphId: string;
  helpful: number;
  notHelpful: number;
}

/**
 * A value now or later: the SQLite store answers synchronously, a networked database (PostgreSQL) with a promise.
 * Callers always `await`.
 */
export type Awaitable<T> = T | Promise<T>;

/** Escalations: recorded on consent, claimed and resolved by agents, linked to the two Slack threads. */
export interface EscalationRecords {
  /**
   * Records an escalation and one pending delivery per destination atomically, before anything is sent.
   * A repeated idempotency key returns the escalation created first, unchanged. Invalid input throws a ZodError
   * and uses up no reference; a lock held elsewhere past the store's timeout throws StoreBusyError (nothing written).
   */
  createEscalation(input: NewEscalation, destinations: readonly DestinationName[]): Awaitable<CreateEscalationResult>;
  /** The escalation with this reference (any case), or undefined. */
  getByReference(reference: string): Awaitable<Escalation | undefined>;
  /** The escalation a consent created (its idempotency key), or undefined when none was sent. */
  getByIdempotencyKey(key: string): Awaitable<Escalation | undefined>;
  /** The escalation with this id, or undefined. */
  getById(id: number): Awaitable<Escalation | undefined>;
  /** Takes an open escalation for an agent; of two agents claiming at once exactly one gets `claimed`. */
  claim(reference: string, agentId: string): Awaitable<ClaimResult>;
  /** Closes an open or claimed escalation; any agent may resolve (the helpdesk shares its queue). */
  resolve(reference: string, agentId: string): Awaitable<ResolveResult>;
  /** The person's escalations that are not resolved yet, oldest first. */
  listOpenFor(userId: string): Awaitable<Escalation[]>;
  /** Remembers the triage channel message for an escalation; false when the reference is unknown. */
  setTriageMessage(reference: string, channel: string, ts: string): Awaitable<boolean>;
  /** Remembers the person's DM thread for an escalation; false when the reference is unknown. */
  setPersonThread(reference: string, channel: string, threadTs: string): Awaitable<boolean>;
  /** The escalation whose triage message is `channel`/`ts` (the thread an agent replied in). */
  findByTriageThread(channel: string, ts: string): Awaitable<Escalation | undefined>;
  /** The escalation whose DM thread is `channel`/`threadTs` (the thread the person replied in). */
  findByPersonThread(channel: string, threadTs: string): Awaitable<Escalation | undefined>;
  /**
   * Records which of a resolved escalation's matches answered it (null: none did); a later press replaces an
   * earlier one. An index outside `matches` throws a RangeError.
   */
  markAnsweredBy(reference: string, matchIndex: number | null): Awaitable<MarkAnsweredByResult>;
  /** Escalations created at or after `since`, oldest first (what the report shows; resolved ones go with retention). */
  listCreatedSince(since: Date): Awaitable<Escalation[]>;
}

/** Messages relayed between the person and the helpdesk on an escalation. */
export interface MessageLog {
  /** Records a relayed message; refused once the escalation is resolved, recorded once per idempotency key. */
  addMessage(input: NewMessage): Awaitable<AddMessageResult>;
  /** Messages relayed on an escalation, in the order they were recorded. */
  listMessages(reference: string): Awaitable<RelayedMessage[]>;
}

/** The outbox: one delivery per escalation and destination, leased by workers and retried with backoff. */
export interface DeliveryQueue {
  /** Every delivery of an escalation. */
  listDeliveries(reference: string): Awaitable<Delivery[]>;
  /** Deliveries waiting to be sent, optionally only to some destinations. */
  countPendingDeliveries(destinations?: readonly DestinationName[]): Awaitable<number>;
  /** Deliveries by status, for operators. */
  countDeliveriesByStatus(): Awaitable<Record<DeliveryStatus, number>>;
  /** When the earliest pending delivery to one of these destinations falls due, or undefined when none waits. */
  nextDeliveryDueAt(destinations: readonly DestinationName[]): Awaitable<Date | undefined>;
  /**
   * Takes the earliest pending delivery to `destination` due at or before `dueBy` and pushes its due time to
   * `now + leaseMs`, so no other worker (in this or another process) sends it meanwhile.
   */
  leaseDueDelivery(destination: DestinationName, dueBy: Date, leaseMs: number): Awaitable<Delivery | undefined>;
  /**
   * Extends the lease of a delivery still being sent (a heartbeat) to `now + leaseMs`, so leases can be short:
   * work a dead process held falls due again within one lease. False when it is no longer pending.
   */
  renewLease(deliveryId: number, leaseMs: number): Awaitable<boolean>;
  /** Marks a pending delivery done; counts the attempt that succeeded. */
  markDelivered(deliveryId: number): Awaitable<void>;
  /**
   * Records a failed attempt: with `retryAt` the delivery stays pending until then; without, it is marked failed
   * and kept for an operator. Returns the updated delivery.
   */
  recordDeliveryFailure(deliveryId: number, error: string, retryAt: Date | null): Awaitable<Delivery | undefined>;
  /** Puts failed deliveries (all, or one escalation's) back in the queue with a fresh attempt count. */
  requeueFailedDeliveries(reference?: string): Awaitable<number>;
  /** When the longest-waiting pending delivery was created (for /healthz), or undefined when none is pending. */
  oldestPendingDeliveryCreatedAt(): Awaitable<Date | undefined>;
}

/**
 * A message the bot owes a person and Slack has not taken yet: a DM answer Slack refused, a notice in the
 * person's thread (claimed, resolved, an agent's reply), a relay into the triage thread, the triage message's new
 * state. Only what posting needs is kept (the channel, the thread, the text), and the row is deleted once Slack has
 * taken it.
 */
export const NewOwedPostSchema = z.object({
  channel: z.string().trim().min(1, "channel must not be empty"),
  threadTs: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
  text: z.string().min(1, "text must not be empty"),
  /** The message's Block Kit blocks, exactly as they would have been posted (an answer's), or none. */
  blocks: z
    .array(z.record(z.string(), z.unknown()))
    .nullish()
    .transform((v) => v ?? null),
  /** Also shown in the channel itself, not only inside the thread (an agent's reply). */
  broadcast: z.boolean().default(false),
  /** The message this one replaces (`chat.update`, the triage message's new state), or none for a new post. */
  updateTs: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
  /** The escalation it is about, so forgetting or purging the escalation deletes it too; none for an answer. */
  reference: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
});
export type NewOwedPost = z.input<typeof NewOwedPostSchema>;

/** One owed post as the worker sees it. */
export interface OwedPost {
  id: number;
  /** Random; carried in the post's metadata, so a post Slack took before a crash is found instead of sent twice. */
  key: string;
  channel: string;
  threadTs: string | null;
  text: string;
  blocks: Array<Record<string, unknown>> | null;
  broadcast: boolean;
  /** The message it replaces (`chat.update`), or null for a new post. */
  updateTs: string | null;
  escalationId: number | null;
  /** Tries started (counted when leased): above 1, an earlier try may have reached Slack. */
  tries: number;
  nextAttemptAt: Date;
  createdAt: Date;
}

/** The durable queue of posts owed to people, leased by workers like deliveries. */
export interface OwedPostQueue {
  /**
   * Records a post to send; returns it. A new state of a message (`updateTs`) replaces one still waiting for the
   * same message: only its latest state is owed. Invalid input throws a ZodError.
   */
  queuePost(input: NewOwedPost): Awaitable<OwedPost>;
  /**
   * Takes the earliest post due at or before `dueBy`, counts a try and pushes its due time to `now + leaseMs`, so
   * no other worker sends it meanwhile.
   */
  leaseDuePost(dueBy: Date, leaseMs: number): Awaitable<OwedPost | undefined>;
  /** Slack took it: the row is deleted. */
  deletePost(id: number): Awaitable<void>;
  /** A try failed: the post falls due again at `retryAt`. */
  retryPostAt(id: number, retryAt: Date): Awaitable<void>;
  /** Posts waiting. */
  countOwedPosts(): Awaitable<number>;
  /** When the earliest waiting post falls due, or undefined when none waits. */
  nextPostDueAt(): Awaitable<Date | undefined>;
}

/** Helpful / Not helpful as counts per paragraph: nothing about who pressed or what they asked. */
export interface FeedbackCounts {
  /** Counts one press for a paragraph. */
  recordFeedback(paragraphId: string, helpful: boolean): Awaitable<void>;
  /** The counts, most pressed first, then by paragraph id. */
  feedbackCounts(): Awaitable<FeedbackCount[]>;
}

/**
 * How many questions were answered and how many escalated, per day and per section of the best paragraph: counts
 * only, with no person, no question text and no time finer than the day.
 */
export interface QuestionCounts {
  /** Counts one question on the store's clock's day (UTC). Invalid input throws a ZodError. */
  recordQuestion(question: CountedQuestion): Awaitable<void>;
  /** Counts several questions at once, in one write (as `recordQuestion` each would); all or none. */
  recordQuestions(questions: readonly CountedQuestion[]): Awaitable<void>;
  /** The counts of days from `since`'s day (UTC) on, by day, then statement id, then section slug (null first). */
  questionCounts(since: Date): Awaitable<QuestionCount[]>;
}

/** Deleting what is no longer to be kept. */
export interface Retention {
  /** Deletes escalations resolved at least `retentionDays` before `now`, with their messages and deliveries. */
  purgeExpired(now: Date, retentionDays: number): Awaitable<DeletionCounts>;
  /**
   * Deletes everything about a person: the escalations they raised (with messages and deliveries), and their id
   * where they acted on someone else's escalation as an agent or author (replaced by `FORGOTTEN_USER_ID`).
   */
  forgetUser(userId: string): Awaitable<DeletionCounts>;
}

/** The schema the store is at; an implementation migrates when it opens and refuses a newer schema. */
export interface SchemaMigrations {
  /** The schema version of the open database (read when it was opened and migrated). */
  readonly schemaVersion: number;
}

/** Which installation (database) this is: references start at PD-1001 in every one. */
export interface Installation {
  /**
   * Made once when the database is created and kept in it; carried with the reference wherever the helpdesk
   * drops repeats by key (see `escalationKey`), so two installations' PD-1042 are never taken for one another.
   */
  readonly installationId: string;
}

/** Opening and closing. */
export interface StoreLifecycle {
  /** False once closed. */
  readonly isOpen: boolean;
  /** Closes the store; pending deliveries stay in it for the next start. */
  close(): Awaitable<void>;
}

/** A rate-limit decision: counted, or refused with how long until the person may ask again. */
export type RateWindowDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * What several replicas of the bot must agree on about Slack itself, kept where they all read and write (the
 * PostgreSQL store). One replica on SQLite keeps these in its own memory.
 */
export interface SharedSlackState {
  /**
   * Records a Slack delivery id (an event id, an interaction's id) and says whether this was its first sighting
   * by any replica: a retry, wherever it lands, gets false.
   */
  firstSighting(id: string): Awaitable<boolean>;
  /** Counts a question for a person in a window every replica counts into; refused past `limit` per `windowMs`. */
  takeRate(personId: string, limit: number, windowMs: number): Awaitable<RateWindowDecision>;
}

/** Everything Privacy Desk keeps, by concern; each part of the app asks only for the concerns it uses. */
export interface EscalationStore
  extends EscalationRecords,
    MessageLog,
    DeliveryQueue,
    OwedPostQueue,
    FeedbackCounts,
    QuestionCounts,
    Retention,
    SchemaMigrations,
    Installation,
    StoreLifecycle {}

/** Questions to count, validated and added up by statement and section: one row to write each (see QuestionCounts). */
export function tallyQuestions(
  questions: readonly CountedQuestion[],
): Array<{ statementId: string | null; sectionSlug: string | null; answered: number; escalated: number }> {
  const tally = new Map<string, { statementId: string | null; sectionSlug: string | null; answered: number; escalated: number }>();
  for (const question of questions) {
    const q = CountedQuestionSchema.parse(question);
    const key = JSON.stringify([q.statementId, q.sectionSlug]);
    const row = tally.get(key) ?? { statementId: q.statementId, sectionSlug: q.sectionSlug, answered: 0, escalated: 0 };
    if (q.result === "answered") row.answered += q.times ?? 1;
    else row.escalated += q.times ?? 1;
    tally.set(key, row);
  }
  return [...tally.values()];
}
