import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import { DatabaseTooNewError } from "../store/errors.js";
import { FIRST_REFERENCE_NUMBER } from "../store/reference.js";

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
  (db) => {
    // A delivery to the person's own DM thread (their reference): SQLite cannot change a CHECK, so the table is
    // rebuilt with every row kept.
    db.exec(`
      CREATE TABLE deliveries_v4 (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        escalation_id   INTEGER NOT NULL REFERENCES escalations (id) ON DELETE CASCADE,
        destination     TEXT NOT NULL CHECK (destination IN ('slack', 'email', 'webhook', 'person')),
        status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error      TEXT,
        delivered_at    INTEGER,
        created_at      INTEGER NOT NULL,
        UNIQUE (escalation_id, destination)
      );
      INSERT INTO deliveries_v4 SELECT id, escalation_id, destination, status, attempts, next_attempt_at, last_error,
        delivered_at, created_at FROM deliveries;
      DROP TABLE deliveries;
      ALTER TABLE deliveries_v4 RENAME TO deliveries;
      CREATE INDEX deliveries_due ON deliveries (status, destination, next_attempt_at);
    `);
  },
  (db) => {
    db.exec(`
      -- Which paragraph the helpdesk said answered an escalation: an index into matches_json, deleted with the row.
      ALTER TABLE escalations ADD COLUMN answered_by INTEGER;
      CREATE INDEX escalations_by_creation ON escalations (created_at);

      -- Questions answered and escalated per UTC day and section of the best paragraph; '' is "no paragraph".
      -- No person, no text, no time finer than the day.
      CREATE TABLE question_counts (
        day          TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        section_slug TEXT NOT NULL,
        answered     INTEGER NOT NULL DEFAULT 0,
        escalated    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, statement_id, section_slug)
      ) WITHOUT ROWID;
    `);
  },
  (db) => {
    // Posts owed to people (a DM answer Slack refused, a notice, a relay): only what posting needs, deleted once
    // sent; one about an escalation goes when the escalation does.
    db.exec(`
      CREATE TABLE owed_posts (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        post_key        TEXT NOT NULL UNIQUE,
        channel         TEXT NOT NULL,
        thread_ts       TEXT,
        text            TEXT NOT NULL,
        blocks_json     TEXT,
        broadcast       INTEGER NOT NULL DEFAULT 0,
        escalation_id   INTEGER REFERENCES escalations (id) ON DELETE CASCADE,
        tries           INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        created_at      INTEGER NOT NULL
      );
      CREATE INDEX owed_posts_due ON owed_posts (next_attempt_at);
    `);
  },
  (db) => {
    // An owed post may be a message's new state (the triage message after a claim), sent with chat.update.
    db.exec(`
      ALTER TABLE owed_posts ADD COLUMN update_ts TEXT;
      CREATE INDEX owed_posts_by_update ON owed_posts (channel, update_ts) WHERE update_ts IS NOT NULL;
    `);
  },
];

/** The installation id the migrations made for this database. */
export function installationIdOf(db: Database.Database): string {
  return db.prepare<[], { value: string }>("SELECT value FROM settings WHERE name = 'installation_id'").get()!.value;
}

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The schema version of an open database. */
export function schemaVersionOf(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/**
 * Brings the database to SCHEMA_VERSION, or throws DatabaseTooNewError when a newer Privacy Desk wrote it.
 * IMMEDIATE takes the write lock before reading user_version, so two processes opening at once migrate once.
 */
export function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    const current = schemaVersionOf(db);
    if (current > MIGRATIONS.length) throw new DatabaseTooNewError(path, current, MIGRATIONS.length);
    for (let v = current; v < MIGRATIONS.length; v++) {
      MIGRATIONS[v]!(db);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}
