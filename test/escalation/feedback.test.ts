import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreFeedbackSink } from "../../src/desk/feedback.js";
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import { createLogger } from "../../src/logger.js";
import { tempDir } from "./fixtures.js";

let tmp: ReturnType<typeof tempDir>;
let store: SqliteEscalationStore;

beforeEach(() => {
  tmp = tempDir();
  store = new SqliteEscalationStore({ path: tmp.dbPath });
});

afterEach(() => {
  if (store.isOpen) store.close();
  tmp.cleanup();
});

describe("feedback", () => {
  it("is kept as counts per paragraph, across restarts", async () => {
    const sink = createStoreFeedbackSink(store, createLogger({ level: "silent" }));
    await sink.record({ paragraphId: "zoom/sharing/1", helpful: true });
    await sink.record({ paragraphId: "zoom/sharing/1", helpful: true });
    await sink.record({ paragraphId: "zoom/sharing/1", helpful: false });
    await sink.record({ paragraphId: "zoom/cookies/2", helpful: false });
    await sink.record({ paragraphId: undefined, helpful: false });
    store.close();
    store = new SqliteEscalationStore({ path: tmp.dbPath });
    expect(store.feedbackCounts()).toEqual([
      { paragraphId: "zoom/sharing/1", helpful: 2, notHelpful: 1 },
      { paragraphId: "zoom/cookies/2", helpful: 0, notHelpful: 1 },
    ]);
  });

  it("has nowhere to keep who pressed or what they asked", () => {
    store.close();
    const db = new Database(tmp.dbPath, { readonly: true });
    const columns = (db.prepare("PRAGMA table_info(feedback_counts)").all() as Array<{ name: string }>).map((c) => c.name);
    db.close();
    expect(columns).toEqual(["paragraph_id", "helpful", "not_helpful"]);
  });
});
