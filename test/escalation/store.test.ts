import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  DatabaseTooNewError,
  EscalationStore,
  FORGOTTEN_USER_ID,
  SCHEMA_VERSION,
  formatReference,
  parseReference,
} from "../../src/escalation/store.js";
import { newEscalation, tempDir } from "./fixtures.js";

const DAY = 86_400_000;
let tmp: ReturnType<typeof tempDir>;
let clock: number;
const now = () => new Date(clock);
const stores: EscalationStore[] = [];

function open(path = tmp.dbPath): EscalationStore {
  const store = new EscalationStore({ path, now });
  stores.push(store);
  return store;
}

beforeEach(() => {
  tmp = tempDir();
  clock = Date.parse("2025-03-03T15:00:00.000Z");
});

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  tmp.cleanup();
});

describe("opening the database", () => {
  it("creates the file (and its directory), in WAL mode, at the current schema version", () => {
    const store = open();
    expect(store.journalMode).toBe("wal");
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThan(0);
  });

  it("keeps what was written when opened again, without migrating twice", () => {
    const first = open();
    const { escalation } = first.createEscalation(newEscalation(), ["email"]);
    first.close();
    const again = open();
    expect(again.schemaVersion).toBe(SCHEMA_VERSION);
    expect(again.getByReference(escalation.reference)).toEqual(escalation);
  });

  it("refuses a database written by a newer version, saying what to do", () => {
    open().close();
    const raw = new Database(tmp.dbPath);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => open()).toThrow(DatabaseTooNewError);
    expect(() => open()).toThrow(/newer Privacy Desk/);
  });
});

describe("references", () => {
  it("start at PD-1001 and count up, one per escalation, across restarts", () => {
    const store = open();
    const a = store.createEscalation(newEscalation(), []).escalation;
    const b = store.createEscalation(newEscalation(), []).escalation;
    store.close();
    const c = open().createEscalation(newEscalation(), []).escalation;
    expect([a.reference, b.reference, c.reference]).toEqual(["PD-1001", "PD-1002", "PD-1003"]);
  });

  it("are never reused after the newest escalation is deleted", () => {
    const store = open();
    store.createEscalation(newEscalation({ requesterId: "U0KEEP" }), []);
    const last = store.createEscalation(newEscalation({ requesterId: "U0GONE" }), []).escalation;
    expect(last.reference).toBe("PD-1002");
    expect(store.forgetUser("U0GONE").escalations).toBe(1);
    store.close();
    const next = open().createEscalation(newEscalation(), []).escalation;
    expect(next.reference).toBe("PD-1003");
  });

  it("are not used up by a request that was rejected", () => {
    const store = open();
    expect(() => store.createEscalation(newEscalation({ question: "   " }), ["email"])).toThrow(ZodError);
    expect(store.createEscalation(newEscalation(), []).escalation.reference).toBe("PD-1001");
  });

  it("are found in free text and case", () => {
    expect(formatReference(1042)).toBe("PD-1042");
    expect(parseReference("Re: [pd-1042] Privacy question")).toBe("PD-1042");
    expect(parseReference("no reference here")).toBeNull();
    const store = open();
    const { escalation } = store.createEscalation(newEscalation(), []);
    expect(store.getByReference(escalation.reference.toLowerCase())?.id).toBe(escalation.id);
  });
});

describe("creating an escalation", () => {
  it("records what the person consented to share, open, with a pending delivery per destination", () => {
    const store = open();
    const input = newEscalation();
    const { escalation, created } = store.createEscalation(input, ["slack", "email", "webhook", "email"]);
    expect(created).toBe(true);
    expect(escalation).toMatchObject({
      requesterId: input.requesterId,
      requesterName: input.requesterName,
      question: input.question,
      note: input.note,
      matches: input.matches,
      confidence: input.confidence,
      status: "open",
      claimedBy: null,
      createdAt: new Date(clock),
      personChannel: null,
      triageTs: null,
    });
    const deliveries = store.listDeliveries(escalation.reference);
    expect(deliveries.map((d) => [d.destination, d.status, d.attempts])).toEqual([
      ["slack", "pending", 0],
      ["email", "pending", 0],
      ["webhook", "pending", 0],
    ]);
    expect(store.countPendingDeliveries()).toBe(3);
  });

  it("stores an empty note as no note", () => {
    const store = open();
    expect(store.createEscalation(newEscalation({ note: "  " }), []).escalation.note).toBeNull();
  });

  it("gives one escalation when the same request arrives twice (double click, Slack retry)", () => {
    const store = open();
    const input = newEscalation({ idempotencyKey: "view_submission:V123" });
    const first = store.createEscalation(input, ["slack", "email"]);
    const second = store.createEscalation({ ...input, question: "a retried payload" }, ["slack", "email", "webhook"]);
    expect(second.created).toBe(false);
    expect(second.escalation).toEqual(first.escalation);
    expect(store.listDeliveries(first.escalation.reference)).toHaveLength(2);
    expect(store.listOpenFor(input.requesterId)).toHaveLength(1);
  });

  it("gives one escalation when two processes record the same request", () => {
    const a = open();
    const b = open();
    const input = newEscalation({ idempotencyKey: "view_submission:V999" });
    const fromA = a.createEscalation(input, ["email"]);
    const fromB = b.createEscalation(input, ["email"]);
    expect([fromA.created, fromB.created]).toEqual([true, false]);
    expect(fromB.escalation.reference).toBe(fromA.escalation.reference);
    expect(a.countPendingDeliveries()).toBe(1);
  });
});

describe("claiming and resolving", () => {
  it("gives the escalation to the first agent and tells the second who has it", () => {
    const store = open();
    const { reference } = store.createEscalation(newEscalation(), []).escalation;
    const first = store.claim(reference, "U0AGENT1");
    expect(first.outcome).toBe("claimed");
    if (first.outcome === "claimed") expect(first.escalation).toMatchObject({ status: "claimed", claimedBy: "U0AGENT1" });
    expect(store.claim(reference, "U0AGENT1").outcome).toBe("already_yours");
    const second = store.claim(reference, "U0AGENT2");
    expect(second).toMatchObject({ outcome: "claimed_by_other", owner: "U0AGENT1" });
    expect(store.getByReference(reference)?.claimedBy).toBe("U0AGENT1");
    expect(store.claim("PD-9999", "U0AGENT1")).toEqual({ outcome: "not_found" });
  });

  it("has exactly one owner when several agents in separate processes claim at the same moment", async () => {
    const store = open();
    const { reference } = store.createEscalation(newEscalation(), ["slack"]).escalation;
    const child = fileURLToPath(new URL("./claim-race.child.ts", import.meta.url));
    const startSignal = join(tmp.dir, "go");
    const agents = ["U0AGENT1", "U0AGENT2", "U0AGENT3", "U0AGENT4"];
    const runs = agents.map((agent) => {
      const p = spawn(process.execPath, ["--import", "tsx", child, tmp.dbPath, reference, agent, startSignal], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      const ready = new Promise<void>((resolve) =>
        p.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          if (out.includes("ready\n")) resolve();
        }),
      );
      const done = new Promise<{ agentId: string; outcome: string; owner: string | null }>((resolve, reject) =>
        p.on("exit", (code) =>
          code === 0 ? resolve(JSON.parse(out.split("\n")[1]!)) : reject(new Error(`claimant exited ${code}`)),
        ),
      );
      return { ready, done };
    });
    await Promise.all(runs.map((r) => r.ready));
    writeFileSync(startSignal, "");
    const results = await Promise.all(runs.map((r) => r.done));
    const winners = results.filter((r) => r.outcome === "claimed");
    expect(winners).toHaveLength(1);
    const owner = winners[0]!.agentId;
    for (const r of results.filter((r) => r.outcome !== "claimed"))
      expect(r).toMatchObject({ outcome: "claimed_by_other", owner });
    expect(store.getByReference(reference)).toMatchObject({ status: "claimed", claimedBy: owner });
  }, 60_000);

  it("resolves an open or claimed escalation once, and it leaves the person's open list", () => {
    const store = open();
    const a = store.createEscalation(newEscalation(), []).escalation;
    const b = store.createEscalation(newEscalation(), []).escalation;
    store.createEscalation(newEscalation({ requesterId: "U0SOMEONE" }), []);
    store.claim(a.reference, "U0AGENT1");
    clock += 60_000;
    const resolved = store.resolve(a.reference, "U0AGENT2");
    expect(resolved).toMatchObject({
      outcome: "resolved",
      escalation: { status: "resolved", claimedBy: "U0AGENT1", resolvedBy: "U0AGENT2", resolvedAt: new Date(clock) },
    });
    expect(store.resolve(a.reference, "U0AGENT1").outcome).toBe("already_resolved");
    expect(store.claim(a.reference, "U0AGENT3").outcome).toBe("already_resolved");
    expect(store.listOpenFor("U0PERSON01").map((e) => e.reference)).toEqual([b.reference]);
    expect(store.resolve(b.reference, "U0AGENT1").outcome).toBe("resolved");
    expect(store.listOpenFor("U0PERSON01")).toEqual([]);
    expect(store.resolve("PD-4242", "U0AGENT1")).toEqual({ outcome: "not_found" });
  });
});

describe("the conversation between person and helpdesk", () => {
  it("finds the escalation from either thread and records relayed messages in order", () => {
    const store = open();
    const { reference } = store.createEscalation(newEscalation(), ["slack"]).escalation;
    expect(store.findByTriageThread("C0TRIAGE", "1700000000.000100")).toBeUndefined();
    expect(store.setTriageMessage(reference, "C0TRIAGE", "1700000000.000100")).toBe(true);
    expect(store.setPersonThread(reference, "D0PERSON", "1700000001.000200")).toBe(true);
    expect(store.setPersonThread("PD-7777", "D0PERSON", "1")).toBe(false);
    expect(store.findByTriageThread("C0TRIAGE", "1700000000.000100")?.reference).toBe(reference);
    expect(store.findByPersonThread("D0PERSON", "1700000001.000200")?.reference).toBe(reference);
    expect(store.findByPersonThread("D0PERSON", "1700000000.000100")).toBeUndefined();

    const reply = store.addMessage({
      reference,
      direction: "to_person",
      authorId: "U0AGENT1",
      authorName: "Sam (ithelp)",
      text: "Recordings are only available to the host.",
      idempotencyKey: "Ev01",
    });
    expect(reply.outcome).toBe("added");
    const retry = store.addMessage({
      reference,
      direction: "to_person",
      authorId: "U0AGENT1",
      text: "Recordings are only available to the host.",
      idempotencyKey: "Ev01",
    });
    expect(retry.outcome).toBe("duplicate");
    store.addMessage({ reference, direction: "to_helpdesk", authorId: "U0PERSON01", text: "Thanks!" });
    expect(store.listMessages(reference).map((m) => [m.direction, m.authorName, m.text])).toEqual([
      ["to_person", "Sam (ithelp)", "Recordings are only available to the host."],
      ["to_helpdesk", null, "Thanks!"],
    ]);
  });

  it("relays nothing once the escalation is resolved", () => {
    const store = open();
    const { reference } = store.createEscalation(newEscalation(), []).escalation;
    store.resolve(reference, "U0AGENT1");
    const late = store.addMessage({ reference, direction: "to_helpdesk", authorId: "U0PERSON01", text: "one more thing" });
    expect(late.outcome).toBe("resolved");
    expect(store.listMessages(reference)).toEqual([]);
    expect(store.addMessage({ reference: "PD-5555", direction: "to_person", authorId: "U0A", text: "x" })).toEqual({
      outcome: "not_found",
    });
  });
});

describe("what is kept about people", () => {
  function escalationWithHistory(store: EscalationStore, requesterId: string, agentId = "U0AGENT1") {
    const { reference } = store.createEscalation(newEscalation({ requesterId }), ["slack", "email"]).escalation;
    store.claim(reference, agentId);
    store.addMessage({ reference, direction: "to_person", authorId: agentId, authorName: "Sam", text: "Hello" });
    store.addMessage({ reference, direction: "to_helpdesk", authorId: requesterId, text: "Hi" });
    return reference;
  }

  it("purges resolved escalations, with their messages and deliveries, once the retention period has passed", () => {
    const store = open();
    const old = escalationWithHistory(store, "U0OLD");
    const stillOpen = escalationWithHistory(store, "U0WAITING");
    store.resolve(old, "U0AGENT1");
    const resolvedAt = clock;
    clock += 200 * DAY;
    const recent = escalationWithHistory(store, "U0RECENT");
    store.resolve(recent, "U0AGENT1");

    expect(store.purgeExpired(new Date(resolvedAt + 90 * DAY - 1), 90)).toEqual({
      escalations: 0,
      messages: 0,
      deliveries: 0,
      redacted: 0,
    });
    expect(store.purgeExpired(new Date(resolvedAt + 90 * DAY), 90)).toEqual({
      escalations: 1,
      messages: 2,
      deliveries: 2,
      redacted: 0,
    });
    expect(store.getByReference(old)).toBeUndefined();
    expect(store.listMessages(old)).toEqual([]);
    expect(store.getByReference(stillOpen)?.status).toBe("claimed");
    expect(store.getByReference(recent)?.status).toBe("resolved");
    expect(() => store.purgeExpired(new Date(clock), -1)).toThrow(RangeError);
  });

  it("forgets a person: their escalations go, and their id is removed from others' they worked on", () => {
    const store = open();
    const theirs = escalationWithHistory(store, "U0LEAVING");
    store.addMessage({ reference: theirs, direction: "to_helpdesk", authorId: "U0LEAVING", text: "zebra-marmalade" });
    store.createEscalation(newEscalation({ requesterId: "U0LEAVING" }), ["webhook"]);
    // The same person also worked someone else's escalation as an agent.
    const other = escalationWithHistory(store, "U0STAYING", "U0LEAVING");
    store.resolve(other, "U0LEAVING");

    expect(store.forgetUser("U0LEAVING")).toEqual({ escalations: 2, messages: 3, deliveries: 3, redacted: 3 });
    expect(store.getByReference(theirs)).toBeUndefined();
    expect(store.listOpenFor("U0LEAVING")).toEqual([]);
    const kept = store.getByReference(other)!;
    expect(kept).toMatchObject({ requesterId: "U0STAYING", claimedBy: FORGOTTEN_USER_ID, resolvedBy: FORGOTTEN_USER_ID });
    expect(store.listMessages(other).map((m) => [m.authorId, m.authorName])).toEqual([
      [FORGOTTEN_USER_ID, null],
      ["U0STAYING", null],
    ]);
    expect(store.forgetUser("U0LEAVING")).toEqual({ escalations: 0, messages: 0, deliveries: 0, redacted: 0 });

    // Nothing of the person is left in the database files, not even in free pages or the write-ahead log.
    const bytes = Buffer.concat(
      [tmp.dbPath, `${tmp.dbPath}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    ).toString("latin1");
    expect(bytes).toContain("U0STAYING");
    expect(bytes).not.toContain("U0LEAVING");
    expect(bytes).not.toContain("zebra-marmalade");
  });
});
