import type pg from "pg";
import { DatabaseTooNewError } from "../store/errors.js";
import { FIRST_REFERENCE_NUMBER } from "../store/reference.js";

/**
 * PostgreSQL's schema history; index i brings the database to version i + 1. Append only — never edit a released
 * entry. The same tables as the SQLite schema, in PostgreSQL's types; SQLite keeps its own history.
 */
const MIGRATIONS: readonly string[] = [
  `
  -- Reference numbers come from here, never from a row count or max(id), so a deleted number is never reused.
  CREATE TABLE counters (
    name  text PRIMARY KEY,
    value bigint NOT NULL
  );
  INSERT INTO counters (name, value) VALUES ('escalation_reference', ${FIRST_REFERENCE_NUMBER - 1});

  CREATE TABLE escalations (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference        text NOT NULL UNIQUE,
    idempotency_key  text NOT NULL UNIQUE,
    requester_id     text NOT NULL,
    requester_name   text NOT NULL,
    question         text NOT NULL,
    note             text,
    matches          jsonb NOT NULL,
    confidence       double precision NOT NULL,
    status           text NOT NULL CHECK (status IN ('open', 'claimed', 'resolved')),
    claimed_by       text,
    resolved_by      text,
    created_at       timestamptz NOT NULL,
    claimed_at       timestamptz,
    resolved_at      timestamptz,
    person_channel   text,
    person_thread_ts text,
    triage_channel   text,
    triage_ts        text
  );
  CREATE INDEX escalations_requester ON escalations (requester_id, status);
  CREATE INDEX escalations_triage_thread ON escalations (triage_channel, triage_ts);
  CREATE INDEX escalations_person_thread ON escalations (person_channel, person_thread_ts);

  CREATE TABLE messages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    escalation_id   bigint NOT NULL REFERENCES escalations (id),
    direction       text NOT NULL CHECK (direction IN ('to_person', 'to_helpdesk')),
    author_id       text NOT NULL,
    author_name     text,
    text            text NOT NULL,
    idempotency_key text UNIQUE,
    created_at      timestamptz NOT NULL
  );
  CREATE INDEX messages_escalation ON messages (escalation_id, id);

  CREATE TABLE deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    escalation_id   bigint NOT NULL REFERENCES escalations (id),
    destination     text NOT NULL CHECK (destination IN ('slack', 'email', 'webhook')),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    delivered_at    timestamptz,
    created_at      timestamptz NOT NULL,
    UNIQUE (escalation_id, destination)
  );
  CREATE INDEX deliveries_due ON deliveries (status, destination, next_attempt_at);

  -- Helpful / Not helpful as counts per paragraph: which answers work, never who pressed or what they asked.
  CREATE TABLE feedback_counts (
    paragraph_id text PRIMARY KEY,
    helpful      bigint NOT NULL DEFAULT 0,
    not_helpful  bigint NOT NULL DEFAULT 0
  );
  `,
  `
  -- What every replica must agree on about Slack: an event or interaction handled once, whichever replica got it.
  -- Only ids and when they were seen; rows older than a day are deleted as new ones arrive.
  CREATE TABLE slack_deliveries_seen (
    id      text PRIMARY KEY,
    seen_at timestamptz NOT NULL
  );
  CREATE INDEX slack_deliveries_seen_at ON slack_deliveries_seen (seen_at);

  -- The per-person rate limit every replica counts into: per person, the times of the questions counted within
  -- the last window (oldest first) and whether the latest one was counted. Idle people's rows are deleted.
  CREATE TABLE rate_limit_windows (
    person_id text PRIMARY KEY,
    hits      timestamptz[] NOT NULL,
    allowed   boolean NOT NULL,
    last_at   timestamptz NOT NULL
  );
  CREATE INDEX rate_limit_windows_last_at ON rate_limit_windows (last_at);
  `,
  `
  -- Every database starts at PD-1001; this id, made once per database, keeps two installations' escalations
  -- apart where the helpdesk drops repeats by key.
  CREATE TABLE settings (name text PRIMARY KEY, value text NOT NULL);
  INSERT INTO settings (name, value) VALUES ('installation_id', substr(md5(random()::text || clock_timestamp()::text), 1, 12));

  -- A delivery to the person's own DM thread (their reference).
  ALTER TABLE deliveries DROP CONSTRAINT deliveries_destination_check;
  ALTER TABLE deliveries ADD CONSTRAINT deliveries_destination_check CHECK (destination IN ('slack', 'email', 'webhook', 'person'));
  `,
  `
  -- Which paragraph the helpdesk said answered an escalation: an index into matches, deleted with the row.
  ALTER TABLE escalations ADD COLUMN answered_by integer;
  CREATE INDEX escalations_by_creation ON escalations (created_at);

  -- Questions answered and escalated per UTC day and section of the best paragraph; '' is "no paragraph".
  -- No person, no text, no time finer than the day.
  CREATE TABLE question_counts (
    day          text NOT NULL,
    statement_id text NOT NULL,
    section_slug text NOT NULL,
    answered     bigint NOT NULL DEFAULT 0,
    escalated    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, statement_id, section_slug)
  );
  `,
  `
  -- Posts owed to people (a DM answer Slack refused, a notice, a relay): only what posting needs, deleted once
  -- sent; one about an escalation goes when the escalation does.
  CREATE TABLE owed_posts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_key        text NOT NULL UNIQUE,
    channel         text NOT NULL,
    thread_ts       text,
    text            text NOT NULL,
    blocks_json     text,
    broadcast       boolean NOT NULL DEFAULT false,
    escalation_id   bigint REFERENCES escalations (id) ON DELETE CASCADE,
    tries           integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL
  );
  CREATE INDEX owed_posts_due ON owed_posts (next_attempt_at);
  `,
  `
  -- An owed post may be a message's new state (the triage message after a claim), sent with chat.update.
  ALTER TABLE owed_posts ADD COLUMN update_ts text;
  CREATE INDEX owed_posts_by_update ON owed_posts (channel, update_ts) WHERE update_ts IS NOT NULL;
  `,
];

/** The installation id the migrations made for this database. */
export async function installationIdOf(client: pg.ClientBase): Promise<string> {
  const { rows } = await client.query<{ value: string }>("SELECT value FROM settings WHERE name = 'installation_id'");
  return rows[0]!.value;
}

/** The schema version this code writes. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Any number would do; it only has to be the same in every replica. Spells "PDSK" so it is recognisable in
 * pg_locks.
 */
const MIGRATION_LOCK_KEY = 0x5044534b;

/**
 * Brings the database to POSTGRES_SCHEMA_VERSION under a transaction-scoped advisory lock, so replicas starting
 * together migrate once (the others wait, then find nothing to do). Throws DatabaseTooNewError when a newer
 * Privacy Desk wrote it. Returns the version.
 */
export async function migrate(client: pg.ClientBase, where: string): Promise<number> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_version (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version integer NOT NULL)",
    );
    const found = await client.query<{ version: number }>("SELECT version FROM schema_version");
    const current = found.rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length)
      throw new DatabaseTooNewError(where, current, MIGRATIONS.length, "point DATABASE_URL at another database");
    for (let v = current; v < MIGRATIONS.length; v++) await client.query(MIGRATIONS[v]!);
    await client.query("INSERT INTO schema_version (version) VALUES ($1) ON CONFLICT (only_row) DO UPDATE SET version = excluded.version", [
      MIGRATIONS.length,
    ]);
    await client.query("COMMIT");
    return Math.max(current, MIGRATIONS.length);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
