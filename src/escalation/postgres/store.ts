import pg from "pg";
import { DatabaseTooNewError, DatabaseUnavailableError } from "../store/errors.js";
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
  RateWindowDecision,
  RelayedMessage,
  ResolveResult,
  SharedSlackState,
} from "../store/types.js";
import * as deliveries from "./deliveries.js";
import * as escalations from "./escalations.js";
import * as feedback from "./feedback.js";
import * as messages from "./messages.js";
import { installationIdOf, migrate } from "./migrations.js";
import * as owedPosts from "./owed-posts.js";
import * as questionCounts from "./question-counts.js";
import * as retention from "./retention.js";
import type { PostgresContext } from "./rows.js";
import * as shared from "./shared.js";

/** Where the store connects, and its clock. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` (DATABASE_URL). */
  url: string;
  now?: () => Date;
  /** Connections this process keeps at most (default 10). */
  maxConnections?: number;
  /** How long to wait for a connection to the server before failing (default 2 s: inside Slack's 3 s). */
  connectTimeoutMs?: number;
  /** Longest a statement may run before the server cancels it (default 10 s). */
  statementTimeoutMs?: number;
  /** Told of errors on idle connections (the server restarting, the network dropping); the pool replaces them. */
  onIdleError?: (error: Error) => void;
}

/** The connection string with its password hidden, for messages and logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "DATABASE_URL";
  }
}

/**
 * The escalation store in PostgreSQL, shared by every replica: a pool of connections, one migration history
 * applied at open under an advisory lock, and every state change a single statement or a transaction whose row
 * locks make two replicas (or two clicks) agree. Also keeps what replicas must agree on about Slack (see
 * SharedSlackState). The queries live in one module per concern beside this file.
 */
export class PostgresEscalationStore implements EscalationStore, SharedSlackState {
  readonly url: string;
  /** The server and database, without the password (for logs and messages). */
  readonly where: string;
  readonly schemaVersion: number;
  /** Made once per database; carried with the reference wherever the helpdesk drops repeats. */
  readonly installationId: string;
  private readonly pool: pg.Pool;
  private readonly ctx: PostgresContext;
  private open = true;

  private constructor(pool: pg.Pool, url: string, schemaVersion: number, installationId: string, now: () => Date) {
    this.pool = pool;
    this.installationId = installationId;
    this.url = url;
    this.where = describeDatabaseUrl(url);
    this.schemaVersion = schemaVersion;
    this.ctx = { pool, now };
  }

  /** Connects, migrates, and returns the store; throws (with the pool closed) when the database cannot be used. */
  static async open(options: PostgresStoreOptions): Promise<PostgresEscalationStore> {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 2_000,
      statement_timeout: options.statementTimeoutMs ?? 10_000,
      idleTimeoutMillis: 30_000,
      application_name: "privacy-desk",
    });
    // Without a listener, an idle connection dropped by the server would crash the process.
    pool.on("error", (error) => options.onIdleError?.(error));
    try {
      const client = await pool.connect();
      let version: number;
      let installationId: string;
      try {
        version = await migrate(client, describeDatabaseUrl(options.url));
        installationId = await installationIdOf(client);
      } finally {
        client.release();
      }
      return new PostgresEscalationStore(pool, options.url, version, installationId, options.now ?? (() => new Date()));
    } catch (error) {
      await pool.end().catch(() => undefined);
      if (error instanceof DatabaseTooNewError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseUnavailableError(describeDatabaseUrl(options.url), reason, { cause: error });
    }
  }

  get isOpen(): boolean {
    return this.open;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.pool.end();
  }

  /** Asks the server something trivial: resolves when it answers, throws when it is unreachable. */
  async ping(): Promise<void> {
    await this.pool.query("SELECT 1");
  }

  // escalations
  createEscalation(input: NewEscalation, destinations: readonly DestinationName[]): Promise<CreateEscalationResult> {
    return escalations.createEscalation(this.ctx, input, destinations);
  }
  getByReference(reference: string): Promise<Escalation | undefined> {
    return escalations.getByReference(this.ctx, reference);
  }
  getByIdempotencyKey(key: string): Promise<Escalation | undefined> {
    return escalations.getByIdempotencyKey(this.ctx, key);
  }
  getById(id: number): Promise<Escalation | undefined> {
    return escalations.getById(this.ctx, id);
  }
  claim(reference: string, agentId: string): Promise<ClaimResult> {
    return escalations.claim(this.ctx, reference, agentId);
  }
  resolve(reference: string, agentId: string): Promise<ResolveResult> {
    return escalations.resolve(this.ctx, reference, agentId);
  }
  listOpenFor(userId: string): Promise<Escalation[]> {
    return escalations.listOpenFor(this.ctx, userId);
  }
  setTriageMessage(reference: string, channel: string, ts: string): Promise<boolean> {
    return escalations.setTriageMessage(this.ctx, reference, channel, ts);
  }
  setPersonThread(reference: string, channel: string, threadTs: string): Promise<boolean> {
    return escalations.setPersonThread(this.ctx, reference, channel, threadTs);
  }
  findByTriageThread(channel: string, ts: string): Promise<Escalation | undefined> {
    return escalations.findByTriageThread(this.ctx, channel, ts);
  }
  findByPersonThread(channel: string, threadTs: string): Promise<Escalation | undefined> {
    return escalations.findByPersonThread(this.ctx, channel, threadTs);
  }

  markAnsweredBy(reference: string, matchIndex: number | null): Promise<MarkAnsweredByResult> {
    return escalations.markAnsweredBy(this.ctx, reference, matchIndex);
  }
  listCreatedSince(since: Date): Promise<Escalation[]> {
    return escalations.listCreatedSince(this.ctx, since);
  }

  // messages
  addMessage(input: NewMessage): Promise<AddMessageResult> {
    return messages.addMessage(this.ctx, input);
  }
  listMessages(reference: string): Promise<RelayedMessage[]> {
    return messages.listMessages(this.ctx, reference);
  }

  // outbox
  listDeliveries(reference: string): Promise<Delivery[]> {
    return deliveries.listDeliveries(this.ctx, reference);
  }
  countPendingDeliveries(destinations?: readonly DestinationName[]): Promise<number> {
    return deliveries.countPendingDeliveries(this.ctx, destinations);
  }
  countDeliveriesByStatus(): Promise<Record<DeliveryStatus, number>> {
    return deliveries.countDeliveriesByStatus(this.ctx);
  }
  nextDeliveryDueAt(destinations: readonly DestinationName[]): Promise<Date | undefined> {
    return deliveries.nextDeliveryDueAt(this.ctx, destinations);
  }
  leaseDueDelivery(destination: DestinationName, dueBy: Date, leaseMs: number): Promise<Delivery | undefined> {
    return deliveries.leaseDueDelivery(this.ctx, destination, dueBy, leaseMs);
  }
  renewLease(deliveryId: number, leaseMs: number): Promise<boolean> {
    return deliveries.renewLease(this.ctx, deliveryId, leaseMs);
  }
  oldestPendingDeliveryCreatedAt(): Promise<Date | undefined> {
    return deliveries.oldestPendingDeliveryCreatedAt(this.ctx);
  }
  markDelivered(deliveryId: number): Promise<void> {
    return deliveries.markDelivered(this.ctx, deliveryId);
  }
  recordDeliveryFailure(deliveryId: number, error: string, retryAt: Date | null): Promise<Delivery | undefined> {
    return deliveries.recordDeliveryFailure(this.ctx, deliveryId, error, retryAt);
  }
  requeueFailedDeliveries(reference?: string): Promise<number> {
    return deliveries.requeueFailedDeliveries(this.ctx, reference);
  }

  // feedback counts
  // posts owed to people
  queuePost(input: NewOwedPost): Promise<OwedPost> {
    return owedPosts.queuePost(this.ctx, input);
  }
  leaseDuePost(dueBy: Date, leaseMs: number): Promise<OwedPost | undefined> {
    return owedPosts.leaseDuePost(this.ctx, dueBy, leaseMs);
  }
  deletePost(id: number): Promise<void> {
    return owedPosts.deletePost(this.ctx, id);
  }
  retryPostAt(id: number, retryAt: Date): Promise<void> {
    return owedPosts.retryPostAt(this.ctx, id, retryAt);
  }
  countOwedPosts(): Promise<number> {
    return owedPosts.countOwedPosts(this.ctx);
  }
  nextPostDueAt(): Promise<Date | undefined> {
    return owedPosts.nextPostDueAt(this.ctx);
  }

  // feedback counts
  recordFeedback(paragraphId: string, helpful: boolean): Promise<void> {
    return feedback.recordFeedback(this.ctx, paragraphId, helpful);
  }
  feedbackCounts(): Promise<FeedbackCount[]> {
    return feedback.feedbackCounts(this.ctx);
  }

  // question counts
  recordQuestion(question: CountedQuestion): Promise<void> {
    return questionCounts.recordQuestions(this.ctx, [question]);
  }
  recordQuestions(questions: readonly CountedQuestion[]): Promise<void> {
    return questionCounts.recordQuestions(this.ctx, questions);
  }
  questionCounts(since: Date): Promise<QuestionCount[]> {
    return questionCounts.questionCounts(this.ctx, since);
  }

  // retention
  purgeExpired(now: Date, retentionDays: number): Promise<DeletionCounts> {
    return retention.purgeExpired(this.ctx, now, retentionDays);
  }
  forgetUser(userId: string): Promise<DeletionCounts> {
    return retention.forgetUser(this.ctx, userId);
  }

  // what replicas agree on about Slack
  firstSighting(id: string): Promise<boolean> {
    return shared.firstSighting(this.ctx, id);
  }
  takeRate(personId: string, limit: number, windowMs: number): Promise<RateWindowDecision> {
    return shared.takeRate(this.ctx, personId, limit, windowMs);
  }
}
