import { z } from "zod";
import { FIRST_REFERENCE_NUMBER, FORGOTTEN_USER_ID, formatReference, normalizeReference } from "../../src/escalation/store/reference.js";
import {
  type AddMessageResult,
  type ClaimResult,
  CountedQuestionSchema,
  type CreateEscalationResult,
  type DeletionCounts,
  type Delivery,
  type DeliveryStatus,
  type DestinationName,
  DestinationNameSchema,
  type Escalation,
  type EscalationStore,
  type FeedbackCount,
  type MarkAnsweredByResult,
  type NewEscalation,
  NewEscalationSchema,
  type NewMessage,
  NewMessageSchema,
  NewOwedPostSchema,
  type OwedPost,
  type QuestionCount,
  type RelayedMessage,
  type ResolveResult,
} from "../../src/escalation/store/types.js";

/** What one in-memory "database" holds; several stores opened on it behave like connections to one database. */
export interface MemoryDatabase {
  counter: number;
  escalations: Escalation[];
  messages: Array<RelayedMessage & { idempotencyKey: string | null }>;
  deliveries: Array<Omit<Delivery, "reference">>;
  feedback: Map<string, FeedbackCount>;
  /** Keyed by day, statement id and section slug. */
  questionCounts: Map<string, QuestionCount>;
  owedPosts?: OwedPost[];
  nextId: { escalation: number; message: number; delivery: number };
  /** Made when the database is created, as a real database's migrations make it. */
  installationId: string;
}

/** An empty in-memory database. */
export function createMemoryDatabase(): MemoryDatabase {
  return {
    counter: FIRST_REFERENCE_NUMBER - 1,
    escalations: [],
    messages: [],
    deliveries: [],
    feedback: new Map(),
    questionCounts: new Map(),
    nextId: { escalation: 1, message: 1, delivery: 1 },
    installationId: Math.random().toString(16).slice(2, 14).padEnd(12, "0"),
  };
}

const DAY_MS = 86_400_000;
const copy = <T>(value: T): T => structuredClone(value);

/**
 * The escalation store kept in memory, answering every call with a promise as a networked database would. For
 * tests of the desk (no file, no SQL), and a second implementation that the store contract is run against.
 */
export function createMemoryStore(db: MemoryDatabase, now: () => Date = () => new Date()): EscalationStore {
  let open = true;
  const byRef = (reference: string) => db.escalations.find((e) => e.reference === normalizeReference(reference));
  const deliveryOut = (d: Omit<Delivery, "reference">): Delivery => ({
    ...copy(d),
    reference: db.escalations.find((e) => e.id === d.escalationId)!.reference,
  });
  const deleteWhere = (doomed: (e: Escalation) => boolean, redact: string | null): DeletionCounts => {
    const ids = new Set(db.escalations.filter(doomed).map((e) => e.id));
    const before = { e: db.escalations.length, m: db.messages.length, d: db.deliveries.length };
    db.escalations = db.escalations.filter((e) => !ids.has(e.id));
    db.messages = db.messages.filter((m) => !ids.has(m.escalationId));
    db.deliveries = db.deliveries.filter((d) => !ids.has(d.escalationId));
    db.owedPosts = (db.owedPosts ?? []).filter((p) => p.escalationId === null || !ids.has(p.escalationId));
    let redacted = 0;
    if (redact !== null) {
      for (const e of db.escalations) {
        if (e.claimedBy === redact) {
          e.claimedBy = FORGOTTEN_USER_ID;
          redacted++;
        }
        if (e.resolvedBy === redact) {
          e.resolvedBy = FORGOTTEN_USER_ID;
          redacted++;
        }
      }
      for (const m of db.messages) {
        if (m.authorId !== redact) continue;
        Object.assign(m, { authorId: FORGOTTEN_USER_ID, authorName: null });
        redacted++;
      }
    }
    return {
      escalations: before.e - db.escalations.length,
      messages: before.m - db.messages.length,
      deliveries: before.d - db.deliveries.length,
      redacted,
    };
  };

  return {
    schemaVersion: 1,
    installationId: db.installationId,
    get isOpen() {
      return open;
    },
    async close() {
      open = false;
    },

    async createEscalation(input: NewEscalation, destinations: readonly DestinationName[]): Promise<CreateEscalationResult> {
      const data = NewEscalationSchema.parse(input);
      const targets = [...new Set(z.array(DestinationNameSchema).parse(destinations))];
      const existing = db.escalations.find((e) => e.idempotencyKey === data.idempotencyKey);
      if (existing) return { escalation: copy(existing), created: false };
      const at = now();
      const escalation: Escalation = {
        id: db.nextId.escalation++,
        reference: formatReference(++db.counter),
        ...data,
        matches: copy(data.matches),
        status: "open",
        claimedBy: null,
        resolvedBy: null,
        createdAt: at,
        claimedAt: null,
        resolvedAt: null,
        personChannel: null,
        personThreadTs: null,
        triageChannel: null,
        triageTs: null,
        answeredBy: null,
      };
      db.escalations.push(escalation);
      for (const destination of targets)
        db.deliveries.push({
          id: db.nextId.delivery++,
          escalationId: escalation.id,
          destination,
          status: "pending",
          attempts: 0,
          nextAttemptAt: at,
          lastError: null,
          deliveredAt: null,
          createdAt: at,
        });
      return { escalation: copy(escalation), created: true };
    },
    async getByReference(reference) {
      const e = byRef(reference);
      return e && copy(e);
    },
    async getByIdempotencyKey(key) {
      const e = db.escalations.find((x) => x.idempotencyKey === key);
      return e && copy(e);
    },
    async getById(id) {
      const e = db.escalations.find((x) => x.id === id);
      return e && copy(e);
    },
    async claim(reference, agentId): Promise<ClaimResult> {
      const e = byRef(reference);
      if (!e) return { outcome: "not_found" };
      if (e.status === "resolved") return { outcome: "already_resolved", escalation: copy(e) };
      if (e.status === "claimed")
        return e.claimedBy === agentId
          ? { outcome: "already_yours", escalation: copy(e) }
          : { outcome: "claimed_by_other", owner: e.claimedBy ?? "", escalation: copy(e) };
      Object.assign(e, { status: "claimed", claimedBy: agentId, claimedAt: now() });
      return { outcome: "claimed", escalation: copy(e) };
    },
    async resolve(reference, agentId): Promise<ResolveResult> {
      const e = byRef(reference);
      if (!e) return { outcome: "not_found" };
      if (e.status === "resolved") return { outcome: "already_resolved", escalation: copy(e) };
      Object.assign(e, { status: "resolved", resolvedBy: agentId, resolvedAt: now() });
      return { outcome: "resolved", escalation: copy(e) };
    },
    async listOpenFor(userId) {
      return db.escalations.filter((e) => e.requesterId === userId && e.status !== "resolved").map(copy);
    },
    async setTriageMessage(reference, channel, ts) {
      const e = byRef(reference);
      if (e) Object.assign(e, { triageChannel: channel, triageTs: ts });
      return e !== undefined;
    },
    async setPersonThread(reference, channel, threadTs) {
      const e = byRef(reference);
      if (e) Object.assign(e, { personChannel: channel, personThreadTs: threadTs });
      return e !== undefined;
    },
    async findByTriageThread(channel, ts) {
      const e = db.escalations.findLast((x) => x.triageChannel === channel && x.triageTs === ts);
      return e && copy(e);
    },
    async findByPersonThread(channel, threadTs) {
      const e = db.escalations.findLast((x) => x.personChannel === channel && x.personThreadTs === threadTs);
      return e && copy(e);
    },

    async markAnsweredBy(reference, matchIndex): Promise<MarkAnsweredByResult> {
      const e = byRef(reference);
      if (!e) return { outcome: "not_found" };
      if (matchIndex !== null && !(Number.isInteger(matchIndex) && matchIndex >= 0 && matchIndex < e.matches.length))
        throw new RangeError(`${e.reference} has ${e.matches.length} paragraphs found; ${matchIndex} names none of them`);
      if (e.status !== "resolved") return { outcome: "not_resolved", escalation: copy(e) };
      e.answeredBy = matchIndex;
      return { outcome: "marked", escalation: copy(e) };
    },
    async listCreatedSince(since) {
      return db.escalations.filter((e) => e.createdAt.getTime() >= since.getTime()).map(copy);
    },

    async addMessage(input: NewMessage): Promise<AddMessageResult> {
      const data = NewMessageSchema.parse(input);
      const e = byRef(data.reference);
      if (!e) return { outcome: "not_found" };
      const seen = data.idempotencyKey ? db.messages.find((m) => m.idempotencyKey === data.idempotencyKey) : undefined;
      if (seen) return { outcome: "duplicate", message: strip(seen), escalation: copy(e) };
      if (e.status === "resolved") return { outcome: "resolved", escalation: copy(e) };
      const message = {
        id: db.nextId.message++,
        escalationId: e.id,
        direction: data.direction,
        authorId: data.authorId,
        authorName: data.authorName,
        text: data.text,
        createdAt: now(),
        idempotencyKey: data.idempotencyKey,
      };
      db.messages.push(message);
      return { outcome: "added", message: strip(message), escalation: copy(e) };
    },
    async listMessages(reference) {
      const e = byRef(reference);
      return e ? db.messages.filter((m) => m.escalationId === e.id).map(strip) : [];
    },

    async listDeliveries(reference) {
      const e = byRef(reference);
      return e ? db.deliveries.filter((d) => d.escalationId === e.id).map(deliveryOut) : [];
    },
    async countPendingDeliveries(destinations) {
      const names = destinations ?? DestinationNameSchema.options;
      return db.deliveries.filter((d) => d.status === "pending" && names.includes(d.destination)).length;
    },
    async countDeliveriesByStatus() {
      const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const d of db.deliveries) counts[d.status]++;
      return counts;
    },
    async nextDeliveryDueAt(destinations) {
      const due = db.deliveries
        .filter((d) => d.status === "pending" && destinations.includes(d.destination))
        .map((d) => d.nextAttemptAt.getTime());
      return due.length === 0 ? undefined : new Date(Math.min(...due));
    },
    async leaseDueDelivery(destination, dueBy, leaseMs) {
      const due = db.deliveries
        .filter((d) => d.status === "pending" && d.destination === destination && d.nextAttemptAt.getTime() <= dueBy.getTime())
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id)[0];
      if (!due) return undefined;
      due.nextAttemptAt = new Date(now().getTime() + Math.max(1, leaseMs));
      return deliveryOut(due);
    },
    async renewLease(deliveryId, leaseMs) {
      const d = db.deliveries.find((x) => x.id === deliveryId && x.status === "pending");
      if (!d) return false;
      d.nextAttemptAt = new Date(now().getTime() + Math.max(1, leaseMs));
      return true;
    },
    async markDelivered(deliveryId) {
      const d = db.deliveries.find((x) => x.id === deliveryId && x.status === "pending");
      if (d) Object.assign(d, { status: "delivered", attempts: d.attempts + 1, deliveredAt: now(), lastError: null });
    },
    async recordDeliveryFailure(deliveryId, error, retryAt) {
      const d = db.deliveries.find((x) => x.id === deliveryId);
      if (!d) return undefined;
      if (d.status === "pending") {
        d.attempts++;
        d.lastError = error.length > 500 ? `${error.slice(0, 499)}…` : error;
        if (retryAt) d.nextAttemptAt = retryAt;
        else d.status = "failed";
      }
      return deliveryOut(d);
    },
    async requeueFailedDeliveries(reference) {
      const e = reference === undefined ? undefined : byRef(reference);
      if (reference !== undefined && !e) return 0;
      let n = 0;
      for (const d of db.deliveries) {
        if (d.status !== "failed" || (e && d.escalationId !== e.id)) continue;
        Object.assign(d, { status: "pending", attempts: 0, nextAttemptAt: now() });
        n++;
      }
      return n;
    },
    async oldestPendingDeliveryCreatedAt() {
      const created = db.deliveries.filter((d) => d.status === "pending").map((d) => d.createdAt.getTime());
      return created.length === 0 ? undefined : new Date(Math.min(...created));
    },

    async queuePost(input) {
      const p = NewOwedPostSchema.parse(input);
      if (p.updateTs !== null) db.owedPosts = (db.owedPosts ?? []).filter((q) => !(q.channel === p.channel && q.updateTs === p.updateTs));
      db.owedPosts ??= [];
      const posts = db.owedPosts;
      const at = now();
      const post: OwedPost = {
        id: posts.reduce((m, q) => Math.max(m, q.id), 0) + 1,
        key: Math.random().toString(16).slice(2),
        channel: p.channel,
        threadTs: p.threadTs,
        text: p.text,
        blocks: p.blocks,
        broadcast: p.broadcast,
        updateTs: p.updateTs,
        escalationId: p.reference === null ? null : (byRef(p.reference)?.id ?? null),
        tries: 0,
        nextAttemptAt: at,
        createdAt: at,
      };
      posts.push(post);
      return copy(post);
    },
    async leaseDuePost(dueBy, leaseMs) {
      const due = (db.owedPosts ?? [])
        .filter((p) => p.nextAttemptAt.getTime() <= dueBy.getTime())
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id)[0];
      if (!due) return undefined;
      due.tries += 1;
      due.nextAttemptAt = new Date(now().getTime() + Math.max(1, leaseMs));
      return copy(due);
    },
    async deletePost(id) {
      db.owedPosts = (db.owedPosts ?? []).filter((p) => p.id !== id);
    },
    async retryPostAt(id, retryAt) {
      const p = (db.owedPosts ?? []).find((q) => q.id === id);
      if (p) p.nextAttemptAt = new Date(retryAt);
    },
    async countOwedPosts() {
      return (db.owedPosts ?? []).length;
    },
    async nextPostDueAt() {
      const times = (db.owedPosts ?? []).map((p) => p.nextAttemptAt.getTime());
      return times.length === 0 ? undefined : new Date(Math.min(...times));
    },

    async recordFeedback(paragraphId, helpful) {
      const c = db.feedback.get(paragraphId) ?? { paragraphId, helpful: 0, notHelpful: 0 };
      if (helpful) c.helpful++;
      else c.notHelpful++;
      db.feedback.set(paragraphId, c);
    },
    async feedbackCounts() {
      return [...db.feedback.values()]
        .map(copy)
        .sort((a, b) => b.helpful + b.notHelpful - (a.helpful + a.notHelpful) || (a.paragraphId < b.paragraphId ? -1 : 1));
    },

    async recordQuestion(question) {
      const q = CountedQuestionSchema.parse(question);
      const day = now().toISOString().slice(0, 10);
      const key = JSON.stringify([day, q.statementId, q.sectionSlug]);
      const c = db.questionCounts.get(key) ?? { day, statementId: q.statementId, sectionSlug: q.sectionSlug, answered: 0, escalated: 0 };
      if (q.result === "answered") c.answered += q.times ?? 1;
      else c.escalated += q.times ?? 1;
      db.questionCounts.set(key, c);
    },
    async recordQuestions(questions) {
      for (const q of questions) CountedQuestionSchema.parse(q);
      for (const q of questions) await this.recordQuestion(q);
    },
    async questionCounts(since) {
      const from = since.toISOString().slice(0, 10);
      const order = (c: QuestionCount) => [c.day, c.statementId ?? "", c.sectionSlug ?? ""].join("\u0000");
      return [...db.questionCounts.values()]
        .filter((c) => c.day >= from)
        .map(copy)
        .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    },

    async purgeExpired(at, retentionDays) {
      if (!Number.isFinite(retentionDays) || retentionDays < 0)
        throw new RangeError(`retentionDays must be 0 or more (got ${retentionDays})`);
      const cutoff = at.getTime() - retentionDays * DAY_MS;
      return deleteWhere((e) => e.status === "resolved" && e.resolvedAt !== null && e.resolvedAt.getTime() <= cutoff, null);
    },
    async forgetUser(userId) {
      if (userId.trim() === "") throw new RangeError("forgetUser needs a Slack user id");
      return deleteWhere((e) => e.requesterId === userId, userId);
    },
  };
}

function strip({ idempotencyKey: _key, ...message }: RelayedMessage & { idempotencyKey: string | null }): RelayedMessage {
  return copy(message);
}
