import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";

/** Where an escalation is handed to the helpdesk. */
export const DestinationNameSchema = z.enum(["slack", "email", "webhook"]);
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
  authorName: z.string().nullish().transform((v) => v ?? null),
  text: z.string().trim().min(1, "text must not be empty"),
  /** e.g. the Slack event id; a Slack retry of the same event records nothing new. */
  idempotencyKey: z.string().min(1).nullish().transform((v) => v ?? null),
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

/** What `purgeExpired` and `forgetUser` removed. */
export interface DeletionCounts {
  escalations: number;
  messages: number;
  deliveries: number;
  /** Rows about other people's escalations where this person's id was replaced (agent ids, message authors). */
  redacted: number;
}

/** Where the store keeps its file, and its clock. */
export interface EscalationStoreOptions {
  /** File path of the database; `:memory:` only for throwaway use. */
  path: string;
  now?: () => Date;
  /** How long a writer waits for another connection's lock before giving up. */
  busyTimeoutMs?: number;
}

/** The first reference handed out is `PD-1001`. */
export const FIRST_REFERENCE_NUMBER = 1001;
/** Stands in for a forgotten person's id where the record itself belongs to someone else. */
export const FORGOTTEN_USER_ID = "forgotten";
export const REFERENCE_PREFIX = "PD-";
const REFERENCE_PATTERN = /\bPD-(\d{1,12})\b/i;
const DAY_MS = 86_400_000;

/**
 * `PD-1042` of installation `3f9a0c1d2e4b` → `PD-1042.3f9a0c1d2e4b`: the escalation's key across installations
 * (email Message-ID, webhook Idempotency-Key, the triage post's metadata). People only ever see `PD-1042`.
 */
export function escalationKey(reference: string, installationId: string | undefined): string {
  return installationId ? `${reference}.${installationId}` : reference;
}

/** `1042` → `PD-1042`. */
export function formatReference(n: number): string {
  return `${REFERENCE_PREFIX}${n}`;
}

/** Finds a reference in free text (`pd-1042`, `[PD-1042] …`) and returns it canonical, or null. */
export function parseReference(text: string): string | null {
  const m = REFERENCE_PATTERN.exec(text);
  return m?.[1] ? formatReference(Number(m[1])) : null;
}

/** The database was written by a newer Privacy Desk than this one. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database at ${path} has schema version ${found}, but this Privacy Desk only knows up to ${known}. ` +
        `Run the newer Privacy Desk, or point DATABASE_PATH at another file.`,
    );
    this.name = "DatabaseTooNewError";
  }
}

type Migration = (db: Database.Database) => void;

/**
 * Schema history; index i brings the database to user_version i + 1. Append only — never edit a released entry.
 */
const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.exec(`
      -- Reference numbers come from here, never from a row count or max(id), so a deleted number is never reused.
      CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );
      INSERT INTO counters (name, value) VALUES ('escalation_reference', ${FIRST_REFERENCE_NUMBER - 1});

      CREATE TABLE escalations (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        reference        TEXT NOT NULL UNIQUE,
        idempotency_key  TEXT NOT NULL UNIQUE,
        requester_id     TEXT NOT NULL,
        requester_name   TEXT NOT NULL,
        question         TEXT NOT NULL,
        note             TEXT,
        matches_json     TEXT NOT NULL,
        confidence       REAL NOT NULL,
        status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'resolved')),
        claimed_by       TEXT,
        resolved_by      TEXT,
        created_at       INTEGER NOT NULL,
        claimed_at       INTEGER,
        resolved_at      INTEGER,
        person_channel   TEXT,
        person_thread_ts TEXT,
        triage_channel   TEXT,
        triage_ts        TEXT
      );
      CREATE INDEX escalations_by_requester ON escalations (requester_id, status);
      CREATE INDEX escalations_by_triage ON escalations (triage_channel, triage_ts);
      CREATE INDEX escalations_by_person_thread ON escalations (person_channel, person_thread_ts);
      CREATE INDEX escalations_by_resolution ON escalations (status, resolved_at);

      CREATE TABLE messages (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        escalation_id   INTEGER NOT NULL REFERENCES escalations (id) ON DELETE CASCADE,
        direction       TEXT NOT NULL CHECK (direction IN ('to_person', 'to_helpdesk')),
        author_id       TEXT NOT NULL,
        author_name     TEXT,
        text            TEXT NOT NULL,
        idempotency_key TEXT UNIQUE,
        created_at      INTEGER NOT NULL
      );
      CREATE INDEX messages_by_escalation ON messages (escalation_id, id);
      CREATE INDEX messages_by_author ON messages (author_id);

      CREATE TABLE deliveries (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        escalation_id   INTEGER NOT NULL REFERENCES escalations (id) ON DELETE CASCADE,
        destination     TEXT NOT NULL CHECK (destination IN ('slack', 'email', 'webhook')),
        status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error      TEXT,
        delivered_at    INTEGER,
        created_at      INTEGER NOT NULL,
        UNIQUE (escalation_id, destination)
      );
      CREATE INDEX deliveries_due ON deliveries (status, destination, next_attempt_at);
    `);
  },
  (db) => {
    db.exec(`
      -- Helpful / Not helpful as counts per paragraph: which answers work, never who pressed or what they asked.
      CREATE TABLE feedback_counts (
        paragraph_id TEXT PRIMARY KEY,
        helpful      INTEGER NOT NULL DEFAULT 0,
        not_helpful  INTEGER NOT NULL DEFAULT 0
      );
    `);
  },
  (db) => {
    // Every database starts at PD-1001; this id, made once per database, keeps two installations' (or a lost and
    // restarted database's) escalations apart where the helpdesk drops repeats by key.
    db.exec("CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
    db.prepare("INSERT INTO settings (name, value) VALUES ('installation_id', ?)").run(randomBytes(6).toString("hex"));
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

interface EscalationRow {
  id: number;
  reference: string;
  idempotency_key: string;
  requester_id: string;
  requester_name: string;
  question: string;
  note: string | null;
  matches_json: string;
  confidence: number;
  status: EscalationStatus;
  claimed_by: string | null;
  resolved_by: string | null;
  created_at: number;
  claimed_at: number | null;
  resolved_at: number | null;
  person_channel: string | null;
  person_thread_ts: string | null;
  triage_channel: string | null;
  triage_ts: string | null;
}

interface MessageRow {
  id: number;
  escalation_id: number;
  direction: MessageDirection;
  author_id: string;
  author_name: string | null;
  text: string;
  created_at: number;
}

interface DeliveryRow {
  id: number;
  escalation_id: number;
  reference: string;
  destination: DestinationName;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

const date = (ms: number | null): Date | null => (ms == null ? null : new Date(ms));

function toEscalation(row: EscalationRow): Escalation {
  return {
    id: row.id,
    reference: row.reference,
    idempotencyKey: row.idempotency_key,
    requesterId: row.requester_id,
    requesterName: row.requester_name,
    question: row.question,
    note: row.note,
    matches: z.array(EscalationMatchSchema).parse(JSON.parse(row.matches_json)),
    confidence: row.confidence,
    status: row.status,
    claimedBy: row.claimed_by,
    resolvedBy: row.resolved_by,
    createdAt: new Date(row.created_at),
    claimedAt: date(row.claimed_at),
    resolvedAt: date(row.resolved_at),
    personChannel: row.person_channel,
    personThreadTs: row.person_thread_ts,
    triageChannel: row.triage_channel,
    triageTs: row.triage_ts,
  };
}

function toMessage(row: MessageRow): RelayedMessage {
  return {
    id: row.id,
    escalationId: row.escalation_id,
    direction: row.direction,
    authorId: row.author_id,
    authorName: row.author_name,
    text: row.text,
    createdAt: new Date(row.created_at),
  };
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    escalationId: row.escalation_id,
    reference: row.reference,
    destination: row.destination,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    deliveredAt: date(row.delivered_at),
    createdAt: new Date(row.created_at),
  };
}

const DELIVERY_COLUMNS = `d.id, d.escalation_id, e.reference, d.destination, d.status, d.attempts,
  d.next_attempt_at, d.last_error, d.delivered_at, d.created_at`;

/** Keeps stored error texts short; they are for operators, not an archive. */
const MAX_ERROR_LENGTH = 500;

/**
 * Escalations, the messages relayed on them and their outbox, in one SQLite file.
 * Every state change is a single statement or transaction, so two processes (or two clicks) cannot both win.
 */
export class EscalationStore {
  readonly path: string;
  /** Made once per database (12 hex digits); carried with the reference wherever the helpdesk drops repeats. */
  readonly installationId: string;
  private readonly db: Database.Database;
  private readonly now: () => Date;

  constructor(options: EscalationStoreOptions) {
    this.path = options.path;
    this.now = options.now ?? (() => new Date());
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    try {
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      this.db.pragma("journal_mode = WAL");
      // FULL: a committed escalation survives a power cut, not just a crash; the write volume is tiny.
      this.db.pragma("synchronous = FULL");
      this.db.pragma("foreign_keys = ON");
      // Deleted rows are overwritten, so a purged or forgotten person cannot be read back from free pages.
      this.db.pragma("secure_delete = ON");
      this.migrate();
      this.installationId = this.db
        .prepare<[], { value: string }>("SELECT value FROM settings WHERE name = 'installation_id'")
        .get()!.value;
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  /** The schema version of the open database. */
  get schemaVersion(): number {
    return this.db.pragma("user_version", { simple: true }) as number;
  }

  /** The SQLite journal mode in use (`wal` for a file). */
  get journalMode(): string {
    return String(this.db.pragma("journal_mode", { simple: true }));
  }

  /** False once closed. */
  get isOpen(): boolean {
    return this.db.open;
  }

  /** Counts one Helpful or Not helpful press for a paragraph; nothing about the person is kept. */
  recordFeedback(paragraphId: string, helpful: boolean): void {
    this.db
      .prepare(
        `INSERT INTO feedback_counts (paragraph_id, helpful, not_helpful) VALUES (?, ?, ?)
         ON CONFLICT (paragraph_id) DO UPDATE SET helpful = helpful + excluded.helpful, not_helpful = not_helpful + excluded.not_helpful`,
      )
      .run(paragraphId, helpful ? 1 : 0, helpful ? 0 : 1);
  }

  /** The feedback counts, most pressed first. */
  feedbackCounts(): Array<{ paragraphId: string; helpful: number; notHelpful: number }> {
    return this.db
      .prepare(`SELECT paragraph_id AS paragraphId, helpful, not_helpful AS notHelpful FROM feedback_counts ORDER BY helpful + not_helpful DESC, paragraph_id`)
      .all() as Array<{ paragraphId: string; helpful: number; notHelpful: number }>;
  }

  /** Closes the database; pending deliveries stay in it for the next start. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  private migrate(): void {
    // IMMEDIATE takes the write lock before reading user_version, so two processes opening at once migrate once.
    this.db
      .transaction(() => {
        const current = this.schemaVersion;
        if (current > MIGRATIONS.length) throw new DatabaseTooNewError(this.path, current, MIGRATIONS.length);
        for (let v = current; v < MIGRATIONS.length; v++) {
          MIGRATIONS[v]!(this.db);
          this.db.pragma(`user_version = ${v + 1}`);
        }
      })
      .immediate();
  }

  /**
   * Records an escalation and one pending delivery per destination in one transaction, before anything is sent.
   * A repeated idempotency key returns the escalation created first, unchanged.
   */
  createEscalation(input: NewEscalation, destinations: readonly DestinationName[]): CreateEscalationResult {
    const data = NewEscalationSchema.parse(input);
    const targets = [...new Set(z.array(DestinationNameSchema).parse(destinations))];
    return this.db
      .transaction((): CreateEscalationResult => {
        const existing = this.db
          .prepare<[string], EscalationRow>("SELECT * FROM escalations WHERE idempotency_key = ?")
          .get(data.idempotencyKey);
        if (existing) return { escalation: toEscalation(existing), created: false };

        const now = this.now().getTime();
        const { value } = this.db
          .prepare<[], { value: number }>(
            "UPDATE counters SET value = value + 1 WHERE name = 'escalation_reference' RETURNING value",
          )
          .get()!;
        const row = this.db
          .prepare<unknown[], EscalationRow>(
            `INSERT INTO escalations (reference, idempotency_key, requester_id, requester_name, question, note,
               matches_json, confidence, status, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) RETURNING *`,
          )
          .get(
            formatReference(value),
            data.idempotencyKey,
            data.requesterId,
            data.requesterName,
            data.question,
            data.note,
            JSON.stringify(data.matches),
            data.confidence,
            now,
          )!;
        const addDelivery = this.db.prepare(
          `INSERT INTO deliveries (escalation_id, destination, status, attempts, next_attempt_at, created_at)
           VALUES (?, ?, 'pending', 0, ?, ?)`,
        );
        for (const destination of targets) addDelivery.run(row.id, destination, now, now);
        return { escalation: toEscalation(row), created: true };
      })
      .immediate();
  }

  /** The escalation with this reference (any case), or undefined. */
  getByReference(reference: string): Escalation | undefined {
    const row = this.db
      .prepare<[string], EscalationRow>("SELECT * FROM escalations WHERE reference = ?")
      .get(reference.trim().toUpperCase());
    return row && toEscalation(row);
  }

  /** The escalation a consent created (its idempotency key), or undefined when none was sent. */
  getByIdempotencyKey(key: string): Escalation | undefined {
    const row = this.db
      .prepare<[string], EscalationRow>("SELECT * FROM escalations WHERE idempotency_key = ?")
      .get(key);
    return row && toEscalation(row);
  }

  /** The escalation with this row id, or undefined. */
  getById(id: number): Escalation | undefined {
    const row = this.db.prepare<[number], EscalationRow>("SELECT * FROM escalations WHERE id = ?").get(id);
    return row && toEscalation(row);
  }

  /** Takes an open escalation for an agent; of two agents claiming at once exactly one gets `claimed`. */
  claim(reference: string, agentId: string): ClaimResult {
    const ref = reference.trim().toUpperCase();
    return this.db
      .transaction((): ClaimResult => {
        const changed = this.db
          .prepare<[string, number, string], EscalationRow>(
            `UPDATE escalations SET status = 'claimed', claimed_by = ?, claimed_at = ?
             WHERE reference = ? AND status = 'open' RETURNING *`,
          )
          .get(agentId, this.now().getTime(), ref);
        if (changed) return { outcome: "claimed", escalation: toEscalation(changed) };
        const current = this.getByReference(ref);
        if (!current) return { outcome: "not_found" };
        if (current.status === "resolved") return { outcome: "already_resolved", escalation: current };
        if (current.claimedBy === agentId) return { outcome: "already_yours", escalation: current };
        return { outcome: "claimed_by_other", owner: current.claimedBy ?? "", escalation: current };
      })
      .immediate();
  }

  /** Closes an open or claimed escalation; any agent may resolve (the helpdesk shares its queue). */
  resolve(reference: string, agentId: string): ResolveResult {
    const ref = reference.trim().toUpperCase();
    return this.db
      .transaction((): ResolveResult => {
        const changed = this.db
          .prepare<[string, number, string], EscalationRow>(
            `UPDATE escalations SET status = 'resolved', resolved_by = ?, resolved_at = ?
             WHERE reference = ? AND status IN ('open', 'claimed') RETURNING *`,
          )
          .get(agentId, this.now().getTime(), ref);
        if (changed) return { outcome: "resolved", escalation: toEscalation(changed) };
        const current = this.getByReference(ref);
        return current ? { outcome: "already_resolved", escalation: current } : { outcome: "not_found" };
      })
      .immediate();
  }

  /** The person's escalations that are not resolved yet, oldest first. */
  listOpenFor(userId: string): Escalation[] {
    return this.db
      .prepare<[string], EscalationRow>(
        `SELECT * FROM escalations WHERE requester_id = ? AND status IN ('open', 'claimed') ORDER BY id`,
      )
      .all(userId)
      .map(toEscalation);
  }

  /** Records a relayed message; refused once the escalation is resolved, recorded once per idempotency key. */
  addMessage(input: NewMessage): AddMessageResult {
    const data = NewMessageSchema.parse(input);
    return this.db
      .transaction((): AddMessageResult => {
        const escalation = this.getByReference(data.reference);
        if (!escalation) return { outcome: "not_found" };
        if (data.idempotencyKey) {
          const seen = this.db
            .prepare<[string], MessageRow>("SELECT * FROM messages WHERE idempotency_key = ?")
            .get(data.idempotencyKey);
          if (seen) return { outcome: "duplicate", message: toMessage(seen), escalation };
        }
        if (escalation.status === "resolved") return { outcome: "resolved", escalation };
        const row = this.db
          .prepare<unknown[], MessageRow>(
            `INSERT INTO messages (escalation_id, direction, author_id, author_name, text, idempotency_key, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(
            escalation.id,
            data.direction,
            data.authorId,
            data.authorName,
            data.text,
            data.idempotencyKey,
            this.now().getTime(),
          )!;
        return { outcome: "added", message: toMessage(row), escalation };
      })
      .immediate();
  }

  /** Messages relayed on an escalation, in the order they were recorded. */
  listMessages(reference: string): RelayedMessage[] {
    return this.db
      .prepare<[string], MessageRow>(
        `SELECT m.* FROM messages m JOIN escalations e ON e.id = m.escalation_id
         WHERE e.reference = ? ORDER BY m.id`,
      )
      .all(reference.trim().toUpperCase())
      .map(toMessage);
  }

  /** Remembers the triage channel message for an escalation; returns false when the reference is unknown. */
  setTriageMessage(reference: string, channel: string, ts: string): boolean {
    return (
      this.db
        .prepare("UPDATE escalations SET triage_channel = ?, triage_ts = ? WHERE reference = ?")
        .run(channel, ts, reference.trim().toUpperCase()).changes === 1
    );
  }

  /** Remembers the person's DM thread for an escalation; returns false when the reference is unknown. */
  setPersonThread(reference: string, channel: string, threadTs: string): boolean {
    return (
      this.db
        .prepare("UPDATE escalations SET person_channel = ?, person_thread_ts = ? WHERE reference = ?")
        .run(channel, threadTs, reference.trim().toUpperCase()).changes === 1
    );
  }

  /** The escalation whose triage message is `channel`/`ts` (the thread an agent replied in). */
  findByTriageThread(channel: string, ts: string): Escalation | undefined {
    const row = this.db
      .prepare<[string, string], EscalationRow>(
        "SELECT * FROM escalations WHERE triage_channel = ? AND triage_ts = ? ORDER BY id DESC LIMIT 1",
      )
      .get(channel, ts);
    return row && toEscalation(row);
  }

  /** The escalation whose DM thread is `channel`/`threadTs` (the thread the person replied in). */
  findByPersonThread(channel: string, threadTs: string): Escalation | undefined {
    const row = this.db
      .prepare<[string, string], EscalationRow>(
        "SELECT * FROM escalations WHERE person_channel = ? AND person_thread_ts = ? ORDER BY id DESC LIMIT 1",
      )
      .get(channel, threadTs);
    return row && toEscalation(row);
  }

  // ---- outbox -------------------------------------------------------------------------------------------------

  /** Every delivery of an escalation. */
  listDeliveries(reference: string): Delivery[] {
    return this.db
      .prepare<[string], DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN escalations e ON e.id = d.escalation_id
         WHERE e.reference = ? ORDER BY d.id`,
      )
      .all(reference.trim().toUpperCase())
      .map(toDelivery);
  }

  /** Deliveries waiting to be sent (for /healthz and drains), optionally only to some destinations. */
  countPendingDeliveries(destinations?: readonly DestinationName[]): number {
    const names = destinations ?? DestinationNameSchema.options;
    if (names.length === 0) return 0;
    const row = this.db
      .prepare<string[], { n: number }>(
        `SELECT count(*) AS n FROM deliveries WHERE status = 'pending'
         AND destination IN (${names.map(() => "?").join(", ")})`,
      )
      .get(...names)!;
    return row.n;
  }

  /** Deliveries by status, for operators. */
  countDeliveriesByStatus(): Record<DeliveryStatus, number> {
    const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
    for (const row of this.db
      .prepare<[], { status: DeliveryStatus; n: number }>("SELECT status, count(*) AS n FROM deliveries GROUP BY status")
      .all())
      counts[row.status] = row.n;
    return counts;
  }

  /** When the longest-waiting pending delivery was created (for /healthz), or undefined when none is pending. */
  oldestPendingDeliveryCreatedAt(): Date | undefined {
    const row = this.db
      .prepare<[], { at: number | null }>("SELECT min(created_at) AS at FROM deliveries WHERE status = 'pending'")
      .get()!;
    return row.at == null ? undefined : new Date(row.at);
  }

  /** When the earliest pending delivery to one of these destinations falls due, or undefined when none waits. */
  nextDeliveryDueAt(destinations: readonly DestinationName[]): Date | undefined {
    if (destinations.length === 0) return undefined;
    const row = this.db
      .prepare<string[], { at: number | null }>(
        `SELECT min(next_attempt_at) AS at FROM deliveries WHERE status = 'pending'
         AND destination IN (${destinations.map(() => "?").join(", ")})`,
      )
      .get(...destinations)!;
    return row.at == null ? undefined : new Date(row.at);
  }

  /**
   * Takes the earliest pending delivery to `destination` due at or before `dueBy` and pushes its due time to
   * `now + leaseMs`, so no other worker (in this or another process) sends it meanwhile. A worker that dies
   * mid-send leaves the lease to expire, and the delivery is tried again.
   */
  leaseDueDelivery(destination: DestinationName, dueBy: Date, leaseMs: number): Delivery | undefined {
    return this.db
      .transaction((): Delivery | undefined => {
        const row = this.db
          .prepare<[string, number], DeliveryRow>(
            `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN escalations e ON e.id = d.escalation_id
             WHERE d.status = 'pending' AND d.destination = ? AND d.next_attempt_at <= ?
             ORDER BY d.next_attempt_at, d.id LIMIT 1`,
          )
          .get(destination, dueBy.getTime());
        if (!row) return undefined;
        const until = this.now().getTime() + Math.max(1, leaseMs);
        this.db.prepare("UPDATE deliveries SET next_attempt_at = ? WHERE id = ?").run(until, row.id);
        return toDelivery({ ...row, next_attempt_at: until });
      })
      .immediate();
  }

  /** Marks a delivery done; counts the attempt that succeeded. */
  markDelivered(deliveryId: number): void {
    this.db
      .prepare(
        `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL
         WHERE id = ? AND status = 'pending'`,
      )
      .run(this.now().getTime(), deliveryId);
  }

  /**
   * Records a failed attempt: with `retryAt` the delivery stays pending until then; without, it is marked failed
   * and kept for an operator (see `requeueFailedDeliveries`). Returns the updated delivery.
   */
  recordDeliveryFailure(deliveryId: number, error: string, retryAt: Date | null): Delivery | undefined {
    const lastError = error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
    this.db
      .prepare(
        `UPDATE deliveries SET attempts = attempts + 1, last_error = ?,
           status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = coalesce(?, next_attempt_at)
         WHERE id = ? AND status = 'pending'`,
      )
      .run(lastError, retryAt?.getTime() ?? null, retryAt?.getTime() ?? null, deliveryId);
    const row = this.db
      .prepare<[number], DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM deliveries d JOIN escalations e ON e.id = d.escalation_id WHERE d.id = ?`,
      )
      .get(deliveryId);
    return row && toDelivery(row);
  }

  /** Puts failed deliveries (all, or one escalation's) back in the queue with a fresh attempt count. */
  requeueFailedDeliveries(reference?: string): number {
    const now = this.now().getTime();
    if (reference === undefined)
      return this.db
        .prepare("UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE status = 'failed'")
        .run(now).changes;
    return this.db
      .prepare(
        `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?
         WHERE status = 'failed' AND escalation_id = (SELECT id FROM escalations WHERE reference = ?)`,
      )
      .run(now, reference.trim().toUpperCase()).changes;
  }

  // ---- privacy --------------------------------------------------------------------------------------------------

  /** Deletes escalations resolved more than `retentionDays` before `now`, with their messages and deliveries. */
  purgeExpired(now: Date, retentionDays: number): DeletionCounts {
    if (!Number.isFinite(retentionDays) || retentionDays < 0)
      throw new RangeError(`retentionDays must be a number of days, 0 or more (got ${retentionDays})`);
    const cutoff = now.getTime() - retentionDays * DAY_MS;
    return this.deleteEscalationsWhere("status = 'resolved' AND resolved_at <= ?", [cutoff], null);
  }

  /**
   * Deletes everything about a person: the escalations they raised (with messages and deliveries), and their id
   * where they acted on someone else's escalation as an agent or author (replaced by `FORGOTTEN_USER_ID`).
   */
  forgetUser(userId: string): DeletionCounts {
    if (userId.trim() === "") throw new RangeError("forgetUser needs a Slack user id");
    return this.deleteEscalationsWhere("requester_id = ?", [userId], userId);
  }

  private deleteEscalationsWhere(where: string, params: unknown[], redactUserId: string | null): DeletionCounts {
    const counts = this.db
      .transaction((): DeletionCounts => {
        const ids = `SELECT id FROM escalations WHERE ${where}`;
        const messages = this.db.prepare(`DELETE FROM messages WHERE escalation_id IN (${ids})`).run(...params).changes;
        const deliveries = this.db
          .prepare(`DELETE FROM deliveries WHERE escalation_id IN (${ids})`)
          .run(...params).changes;
        const escalations = this.db.prepare(`DELETE FROM escalations WHERE ${where}`).run(...params).changes;
        let redacted = 0;
        if (redactUserId !== null) {
          const f = FORGOTTEN_USER_ID;
          redacted += this.db
            .prepare("UPDATE escalations SET claimed_by = ? WHERE claimed_by = ?")
            .run(f, redactUserId).changes;
          redacted += this.db
            .prepare("UPDATE escalations SET resolved_by = ? WHERE resolved_by = ?")
            .run(f, redactUserId).changes;
          redacted += this.db
            .prepare("UPDATE messages SET author_id = ?, author_name = NULL WHERE author_id = ?")
            .run(f, redactUserId).changes;
        }
        return { escalations, messages, deliveries, redacted };
      })
      .immediate();
    // Old page images of the deleted rows also sit in the write-ahead log until a checkpoint copies over them.
    if (counts.escalations + counts.redacted > 0 && this.path !== ":memory:") this.db.pragma("wal_checkpoint(TRUNCATE)");
    return counts;
  }
}
