import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { StoreBusyError } from "../store/errors.js";
import type {
  AddMessageResult,
  ClaimResult,
  CountedQuestion,
  CreateEscalationResult,
  DeletionCounts,
  Delivery,
  DeliveryStatus,
  DestinationName,
  Escalation,
  EscalationStore,
  FeedbackCount,
  MarkAnsweredByResult,
  NewEscalation,
  NewMessage,
  NewOwedPost,
  OwedPost,
  QuestionCount,
  RelayedMessage,
  ResolveResult,
} from "../store/types.js";
import * as deliveries from "./deliveries.js";
import * as escalations from "./escalations.js";
import * as feedback from "./feedback.js";
import * as messages from "./messages.js";
import { installationIdOf, migrate, schemaVersionOf } from "./migrations.js";
import * as owedPosts from "./owed-posts.js";
import * as questionCounts from "./question-counts.js";
import * as retention from "./retention.js";
import type { SqliteContext } from "./rows.js";

/** SQLite's "the file is locked" (after the busy timeout) as the store interfaces' StoreBusyError. */
function busyAsStoreBusy<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED") throw new StoreBusyError({ cause: error });
    throw error;
  }
}

/** Where the store keeps its file, and its clock. */
export interface SqliteStoreOptions {
  /** File path of the database; `:memory:` only for throwaway use. */
  path: string;
  now?: () => Date;
  /**
   * How long a writer waits for another connection's lock before giving up (default 5 s, for the command-line
   * tools). SQLite waits synchronously, so the running bot passes a short one: see REQUEST_PATH_BUSY_TIMEOUT_MS.
   */
  busyTimeoutMs?: number;
}

/**
 * The running bot's busy timeout. A SQLite call waits on the event loop, so a lock held elsewhere (a backup, an
 * operator's shell) must not hold every person's request for long: half a second, well under Slack's 3 s; a
 * write that times out is tried again (the outbox) or answered "try again in a moment".
 */
export const REQUEST_PATH_BUSY_TIMEOUT_MS = 500;

/**
 * The escalation store in one SQLite file (WAL). Every state change is a single statement or an IMMEDIATE
 * transaction, so two processes (or two clicks) cannot both win. Answers synchronously; the queries live in one
 * module per concern beside this file.
 */
export class SqliteEscalationStore implements EscalationStore {
  readonly path: string;
  /** Made once per database (12 hex digits); carried with the reference wherever the helpdesk drops repeats. */
  readonly installationId: string;
  private readonly db: Database.Database;
  private readonly ctx: SqliteContext;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.ctx = { db: this.db, now: options.now ?? (() => new Date()), path: options.path };
    try {
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      this.db.pragma("journal_mode = WAL");
      // FULL: a committed escalation survives a power cut, not just a crash; the write volume is tiny.
      this.db.pragma("synchronous = FULL");
      this.db.pragma("foreign_keys = ON");
      // Deleted rows are overwritten, so a purged or forgotten person cannot be read back from free pages.
      this.db.pragma("secure_delete = ON");
      migrate(this.db, this.path);
      this.installationId = installationIdOf(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  get schemaVersion(): number {
    return schemaVersionOf(this.db);
  }

  /** The SQLite journal mode in use (`wal` for a file). */
  get journalMode(): string {
    return String(this.db.pragma("journal_mode", { simple: true }));
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // escalations
  createEscalation(input: NewEscalation, destinations: readonly DestinationName[]): CreateEscalationResult {
    return busyAsStoreBusy(() => escalations.createEscalation(this.ctx, input, destinations));
  }
  getByReference(reference: string): Escalation | undefined {
    return escalations.getByReference(this.ctx, reference);
  }
  getByIdempotencyKey(key: string): Escalation | undefined {
    return escalations.getByIdempotencyKey(this.ctx, key);
  }
  getById(id: number): Escalation | undefined {
    return escalations.getById(this.ctx, id);
  }
  claim(reference: string, agentId: string): ClaimResult {
    return escalations.claim(this.ctx, reference, agentId);
  }
  resolve(reference: string, agentId: string): ResolveResult {
    return escalations.resolve(this.ctx, reference, agentId);
  }
  listOpenFor(userId: string): Escalation[] {
    return escalations.listOpenFor(this.ctx, userId);
  }
  setTriageMessage(reference: string, channel: string, ts: string): boolean {
    return escalations.setTriageMessage(this.ctx, reference, channel, ts);
  }
  setPersonThread(reference: string, channel: string, threadTs: string): boolean {
    return escalations.setPersonThread(this.ctx, reference, channel, threadTs);
  }
  findByTriageThread(channel: string, ts: string): Escalation | undefined {
    return escalations.findByTriageThread(this.ctx, channel, ts);
  }
  findByPersonThread(channel: string, threadTs: string): Escalation | undefined {
    return escalations.findByPersonThread(this.ctx, channel, threadTs);
  }

  markAnsweredBy(reference: string, matchIndex: number | null): MarkAnsweredByResult {
    return escalations.markAnsweredBy(this.ctx, reference, matchIndex);
  }
  listCreatedSince(since: Date): Escalation[] {
    return escalations.listCreatedSince(this.ctx, since);
  }

  // messages
  addMessage(input: NewMessage): AddMessageResult {
    return messages.addMessage(this.ctx, input);
  }
  listMessages(reference: string): RelayedMessage[] {
    return messages.listMessages(this.ctx, reference);
  }

  // outbox
  listDeliveries(reference: string): Delivery[] {
    return deliveries.listDeliveries(this.ctx, reference);
  }
  countPendingDeliveries(destinations?: readonly DestinationName[]): number {
    return deliveries.countPendingDeliveries(this.ctx, destinations);
  }
  countDeliveriesByStatus(): Record<DeliveryStatus, number> {
    return deliveries.countDeliveriesByStatus(this.ctx);
  }
  nextDeliveryDueAt(destinations: readonly DestinationName[]): Date | undefined {
    return deliveries.nextDeliveryDueAt(this.ctx, destinations);
  }
  leaseDueDelivery(destination: DestinationName, dueBy: Date, leaseMs: number): Delivery | undefined {
    return deliveries.leaseDueDelivery(this.ctx, destination, dueBy, leaseMs);
  }
  renewLease(deliveryId: number, leaseMs: number): boolean {
    return deliveries.renewLease(this.ctx, deliveryId, leaseMs);
  }
  markDelivered(deliveryId: number): void {
    deliveries.markDelivered(this.ctx, deliveryId);
  }
  recordDeliveryFailure(deliveryId: number, error: string, retryAt: Date | null): Delivery | undefined {
    return deliveries.recordDeliveryFailure(this.ctx, deliveryId, error, retryAt);
  }
  requeueFailedDeliveries(reference?: string): number {
    return deliveries.requeueFailedDeliveries(this.ctx, reference);
  }
  oldestPendingDeliveryCreatedAt(): Date | undefined {
    return deliveries.oldestPendingDeliveryCreatedAt(this.ctx);
  }

  // posts owed to people
  queuePost(input: NewOwedPost): OwedPost {
    return busyAsStoreBusy(() => owedPosts.queuePost(this.ctx, input));
  }
  leaseDuePost(dueBy: Date, leaseMs: number): OwedPost | undefined {
    return owedPosts.leaseDuePost(this.ctx, dueBy, leaseMs);
  }
  deletePost(id: number): void {
    owedPosts.deletePost(this.ctx, id);
  }
  retryPostAt(id: number, retryAt: Date): void {
    owedPosts.retryPostAt(this.ctx, id, retryAt);
  }
  countOwedPosts(): number {
    return owedPosts.countOwedPosts(this.ctx);
  }
  nextPostDueAt(): Date | undefined {
    return owedPosts.nextPostDueAt(this.ctx);
  }

  // feedback counts
  recordFeedback(paragraphId: string, helpful: boolean): void {
    busyAsStoreBusy(() => feedback.recordFeedback(this.ctx, paragraphId, helpful));
  }
  feedbackCounts(): FeedbackCount[] {
    return feedback.feedbackCounts(this.ctx);
  }

  // question counts
  /**
   * Never waits for a lock held elsewhere (SQLite would wait on the event loop, holding every reply): a locked
   * file throws StoreBusyError at once, and the caller counts it again later.
   */
  recordQuestion(question: CountedQuestion): void {
    this.recordQuestions([question]);
  }
  recordQuestions(questions: readonly CountedQuestion[]): void {
    const wait = this.db.pragma("busy_timeout", { simple: true }) as number;
    this.db.pragma("busy_timeout = 0");
    try {
      busyAsStoreBusy(() => questionCounts.recordQuestions(this.ctx, questions));
    } finally {
      this.db.pragma(`busy_timeout = ${wait}`);
    }
  }
  questionCounts(since: Date): QuestionCount[] {
    return questionCounts.questionCounts(this.ctx, since);
  }

  // retention
  purgeExpired(now: Date, retentionDays: number): DeletionCounts {
    return retention.purgeExpired(this.ctx, now, retentionDays);
  }
  forgetUser(userId: string): DeletionCounts {
    return retention.forgetUser(this.ctx, userId);
  }
}
