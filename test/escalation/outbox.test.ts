import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  computeRetryDelay,
  DeliveryError,
  type Destination,
  fullJitter,
  OutboxDrainTimeoutError,
  OutboxWorker,
  type OutboxWorkerOptions,
  parseRetryAfter,
} from "../../src/escalation/outbox.js";
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import type { DestinationName } from "../../src/escalation/store/types.js";
import { countBy, newEscalation, recordingDestination, tempDir } from "./fixtures.js";

let tmp: ReturnType<typeof tempDir>;
let clock: number;
const now = () => new Date(clock);
const stores: SqliteEscalationStore[] = [];
const workers: OutboxWorker[] = [];

function openStore(): SqliteEscalationStore {
  const s = new SqliteEscalationStore({ path: tmp.dbPath, now });
  stores.push(s);
  return s;
}

function worker(options: Partial<OutboxWorkerOptions> & Pick<OutboxWorkerOptions, "store" | "destinations">) {
  const w = new OutboxWorker({ now, retry: { baseMs: 1_000, capMs: 3_000, maxAttempts: 5 }, ...options });
  workers.push(w);
  return w;
}

beforeEach(() => {
  tmp = tempDir();
  clock = Date.parse("2025-03-03T15:00:00.000Z");
});

afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  for (const s of stores.splice(0)) s.close();
  tmp.cleanup();
});

function deliveryOf(store: SqliteEscalationStore, reference: string, destination: DestinationName) {
  return store.listDeliveries(reference).find((d) => d.destination === destination)!;
}

/** A destination whose deliveries wait until released, to observe what happens while one is in flight. */
function gatedDestination(name: DestinationName) {
  const started: string[] = [];
  const delivered: string[] = [];
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const destination: Destination = {
    name,
    async deliver(e) {
      started.push(e.reference);
      await gate;
      delivered.push(e.reference);
    },
  };
  return {
    destination,
    started,
    delivered,
    open: () => release(),
    close: () => (gate = new Promise<void>((r) => (release = r))),
  };
}

describe("retry timing", () => {
  it("doubles from the base up to the cap, and never waits less than a Retry-After", () => {
    const policy = { baseMs: 1_000, capMs: 30_000, maxAttempts: 10 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => computeRetryDelay(n, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(computeRetryDelay(1, policy, 45_000)).toBe(45_000);
    expect(computeRetryDelay(5, policy, 500)).toBe(16_000);
    expect(computeRetryDelay(3, { ...policy, jitter: fullJitter(() => 0.5) })).toBe(2_000);
    expect(computeRetryDelay(1, { ...policy, baseMs: 0 })).toBe(1);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const at = new Date("2025-03-03T15:00:00Z");
    expect(parseRetryAfter("30", at)).toBe(30_000);
    expect(parseRetryAfter("1.5", at)).toBe(1_500);
    expect(parseRetryAfter("Mon, 03 Mar 2025 15:02:00 GMT", at)).toBe(120_000);
    expect(parseRetryAfter("soon", at)).toBeUndefined();
    expect(parseRetryAfter(null, at)).toBeUndefined();
  });
});

describe("OutboxWorker", () => {
  it("delivers each pending delivery once to its destination and marks it delivered", async () => {
    const store = openStore();
    const slack = recordingDestination("slack");
    const email = recordingDestination("email");
    const refs = [1, 2, 3].map(() => store.createEscalation(newEscalation(), ["slack", "email"]).escalation.reference);
    const w = worker({ store, destinations: [slack.destination, email.destination] });

    expect(await w.runOnce()).toEqual({ delivered: 6, retrying: 0, failed: 0 });
    expect(await w.runOnce()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(slack.delivered).toEqual(refs);
    expect(email.delivered).toEqual(refs);
    for (const ref of refs)
      expect(store.listDeliveries(ref).map((d) => [d.status, d.attempts, d.deliveredAt])).toEqual([
        ["delivered", 1, new Date(clock)],
        ["delivered", 1, new Date(clock)],
      ]);
    expect(store.countPendingDeliveries()).toBe(0);
  });

  it("retries a failing destination with exponential backoff until it accepts", async () => {
    const store = openStore();
    const flaky = recordingDestination("email", (_e, attempt) =>
      attempt <= 3 ? new DeliveryError("email", "SMTP replied 451", { retryable: true }) : undefined,
    );
    const { reference } = store.createEscalation(newEscalation(), ["email"]).escalation;
    const w = worker({ store, destinations: [flaky.destination] });

    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await w.runOnce()).toMatchObject({ retrying: 1 });
      const d = deliveryOf(store, reference, "email");
      expect(d).toMatchObject({ status: "pending", attempts: i + 1, lastError: "SMTP replied 451" });
      waits.push(d.nextAttemptAt.getTime() - clock);
      // Not due yet: a pass now sends nothing.
      expect(await w.runOnce()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      clock = d.nextAttemptAt.getTime();
    }
    expect(waits).toEqual([1_000, 2_000, 3_000]);
    expect(await w.runOnce()).toMatchObject({ delivered: 1 });
    expect(deliveryOf(store, reference, "email")).toMatchObject({ status: "delivered", attempts: 4, lastError: null });
    expect(flaky.delivered).toEqual([reference]);
  });

  it("waits as long as the destination's Retry-After asks (Slack 429)", async () => {
    const store = openStore();
    const limited = recordingDestination("slack", (_e, attempt) =>
      attempt === 1 ? new DeliveryError("slack", "rate limited", { retryable: true, retryAfterMs: 42_000 }) : undefined,
    );
    const { reference } = store.createEscalation(newEscalation(), ["slack"]).escalation;
    const w = worker({ store, destinations: [limited.destination] });
    await w.runOnce();
    expect(deliveryOf(store, reference, "slack").nextAttemptAt.getTime() - clock).toBe(42_000);
    clock += 41_999;
    await w.runOnce();
    expect(limited.delivered).toEqual([]);
    clock += 1;
    await w.runOnce();
    expect(limited.delivered).toEqual([reference]);
  });

  it("uses the injected jitter", async () => {
    const store = openStore();
    const failing = recordingDestination("webhook", () => new Error("connection reset"));
    const { reference } = store.createEscalation(newEscalation(), ["webhook"]).escalation;
    const w = worker({
      store,
      destinations: [failing.destination],
      retry: { baseMs: 1_000, capMs: 60_000, maxAttempts: 5, jitter: (d) => d / 4 },
    });
    await w.runOnce();
    expect(deliveryOf(store, reference, "webhook").nextAttemptAt.getTime() - clock).toBe(250);
  });

  it("keeps a delivery as failed after the last attempt, logs it, and sends it when an operator requeues it", async () => {
    const store = openStore();
    let down = true;
    const outage = recordingDestination("email", () => (down ? new Error("ECONNREFUSED 127.0.0.1:25") : undefined));
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { reference } = store.createEscalation(newEscalation(), ["email"]).escalation;
    const w = worker({ store, destinations: [outage.destination], logger, retry: { baseMs: 10, capMs: 10, maxAttempts: 3 } });

    for (let i = 0; i < 3; i++) {
      await w.runOnce();
      clock += 10;
    }
    expect(deliveryOf(store, reference, "email")).toMatchObject({
      status: "failed",
      attempts: 3,
      lastError: "ECONNREFUSED 127.0.0.1:25",
    });
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ reference, destination: "email", attempt: 3 }),
      expect.stringContaining("kept as failed"),
    );
    expect(await w.runOnce()).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    down = false;
    expect(store.requeueFailedDeliveries(reference)).toBe(1);
    await w.runOnce();
    expect(deliveryOf(store, reference, "email").status).toBe("delivered");
    expect(outage.delivered).toEqual([reference]);
  });

  it("does not retry what the destination refuses for good", async () => {
    const store = openStore();
    const refusing = recordingDestination("webhook", () => new DeliveryError("webhook", "webhook answered HTTP 400", { retryable: false }));
    const { reference } = store.createEscalation(newEscalation(), ["webhook"]).escalation;
    const w = worker({ store, destinations: [refusing.destination] });
    expect(await w.runOnce()).toEqual({ delivered: 0, retrying: 0, failed: 1 });
    expect(deliveryOf(store, reference, "webhook")).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("sends one delivery at a time per destination, and a stuck destination does not hold up the others", async () => {
    const store = openStore();
    const slack = recordingDestination("slack");
    const email = gatedDestination("email");
    const refs = [1, 2, 3, 4].map(() => store.createEscalation(newEscalation(), ["slack", "email"]).escalation.reference);
    const w = worker({ store, destinations: [slack.destination, email.destination] });

    const pass = w.runOnce();
    await vi.waitFor(() => expect(slack.delivered).toEqual(refs), { timeout: 5_000 });
    expect(slack.maxInFlight()).toBe(1);
    expect(email.started).toEqual([refs[0]]);
    email.open();
    await pass;
    expect(email.delivered).toEqual(refs);
  });

  it("stops after the delivery in flight has finished, leaving the rest pending for the next start", async () => {
    const store = openStore();
    const email = gatedDestination("email");
    const refs = [1, 2, 3].map(() => store.createEscalation(newEscalation(), ["email"]).escalation.reference);
    const w = worker({ store, destinations: [email.destination] });
    w.start();
    await vi.waitFor(() => expect(email.started).toHaveLength(1), { timeout: 5_000 });

    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    email.open();
    await stopping;
    expect(email.delivered).toEqual([refs[0]]);
    expect(deliveryOf(store, refs[0]!, "email").status).toBe("delivered");
    expect(store.countPendingDeliveries()).toBe(2);

    const next = worker({ store, destinations: [email.destination] });
    await next.runOnce();
    expect(email.delivered).toEqual(refs);
  });

  it("counts an attempt that never answers as failed, so a hung destination cannot block shutdown", async () => {
    const store = openStore();
    const hung: Destination = { name: "slack", deliver: () => new Promise(() => {}) };
    const { reference } = store.createEscalation(newEscalation(), ["slack"]).escalation;
    const w = worker({ store, destinations: [hung], attemptTimeoutMs: 20 });
    w.start();
    await vi.waitFor(() => expect(deliveryOf(store, reference, "slack").attempts).toBe(1), { timeout: 5_000 });
    await w.stop();
    expect(deliveryOf(store, reference, "slack")).toMatchObject({
      status: "pending",
      lastError: "slack did not answer within 20 ms",
    });
    expect(() => worker({ store, destinations: [hung], leaseMs: 10 })).toThrow(/leaseMs/);
  });

  it("keeps a slow delivery from a second worker by renewing its short lease, and frees a dead worker's within one lease", async () => {
    const a = openStore();
    const b = openStore();
    const { reference } = a.createEscalation(newEscalation(), ["slack"]).escalation;
    let calls = 0;
    let finish!: () => void;
    const slow: Destination = {
      name: "slack",
      deliver: () => {
        calls++;
        return new Promise<void>((r) => (finish = r));
      },
    };
    const w1 = worker({ store: a, destinations: [slow], leaseMs: 150 });
    const first = w1.runOnce();
    await vi.waitFor(() => expect(calls).toBe(1));
    // Four leases later (on the clock) the heartbeat still holds it: the second worker finds nothing due.
    clock += 600;
    await new Promise((r) => setTimeout(r, 200));
    const w2 = worker({ store: b, destinations: [slow], leaseMs: 150 });
    expect(await w2.runOnce()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    finish();
    await first;
    expect(deliveryOf(a, reference, "slack")).toMatchObject({ status: "delivered", attempts: 1 });

    // A worker that takes a delivery and dies (no heartbeat) holds it for one lease only.
    const next = a.createEscalation(newEscalation(), ["slack"]).escalation.reference;
    a.leaseDueDelivery("slack", new Date(), 150);
    const recording = recordingDestination("slack");
    const w3 = worker({ store: b, destinations: [recording.destination], leaseMs: 150 });
    expect((await w3.runOnce()).delivered).toBe(0);
    clock += 200;
    expect((await w3.runOnce()).delivered).toBe(1);
    expect(recording.delivered).toEqual([next]);
  });

  it("sends a new escalation as soon as it is woken, without waiting for the next poll", async () => {
    const store = openStore();
    const slack = recordingDestination("slack");
    const w = worker({ store, destinations: [slack.destination], pollIntervalMs: 3_600_000 });
    w.start();
    await new Promise((r) => setImmediate(r));
    const { reference } = store.createEscalation(newEscalation(), ["slack"]).escalation;
    w.wake();
    await vi.waitFor(() => expect(slack.delivered).toEqual([reference]), { timeout: 5_000 });
  });

  it("sends each delivery once when two workers share the database", async () => {
    const a = openStore();
    const b = openStore();
    const slack = recordingDestination("slack");
    const refs = Array.from({ length: 20 }, () => a.createEscalation(newEscalation(), ["slack"]).escalation.reference);
    const w1 = worker({ store: a, destinations: [slack.destination] });
    const w2 = worker({ store: b, destinations: [slack.destination] });
    await Promise.all([w1.drain(), w2.drain()]);
    expect([...countBy(slack.delivered).values()].every((n) => n === 1)).toBe(true);
    expect(new Set(slack.delivered)).toEqual(new Set(refs));
  });

  it("leaves deliveries for destinations it does not have, and says so", async () => {
    const store = openStore();
    const slack = recordingDestination("slack");
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    store.createEscalation(newEscalation(), ["slack", "webhook"]);
    const w = worker({ store, destinations: [slack.destination], logger });
    w.start();
    await w.stop();
    await w.drain();
    expect(slack.delivered).toHaveLength(1);
    expect(store.countPendingDeliveries(["webhook"])).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(
      { event: "outbox_waiting_for_destination", pending: 1 },
      expect.stringContaining("not configured"),
    );
  });

  it("gives up draining after the timeout and keeps the deliveries", async () => {
    const store = openStore();
    const failing = recordingDestination("email", () => new Error("421 service not available"));
    store.createEscalation(newEscalation(), ["email"]);
    const w = new OutboxWorker({ store, destinations: [failing.destination], retry: { baseMs: 60_000 } });
    await expect(w.drain({ timeoutMs: 20 })).rejects.toThrow(OutboxDrainTimeoutError);
    expect(store.countPendingDeliveries()).toBe(1);
  });

  it("logs references and outcomes but nothing the person wrote", async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: "info" },
      new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    );
    const store = openStore();
    const input = newEscalation({
      requesterName: "Quillon Marsh",
      question: "Is my telemedicine visit with HUHS recorded?",
      note: "private-note-text",
    });
    const flaky = recordingDestination("email", (_e, n) =>
      n === 1 ? new DeliveryError("email", "SMTP replied 451", { retryable: true }) : undefined,
    );
    const { reference } = store.createEscalation(input, ["email"]).escalation;
    const w = worker({ store, destinations: [flaky.destination], logger });
    await w.runOnce();
    clock += 1_000;
    await w.runOnce();
    const log = lines.join("");
    expect(log).toContain(reference);
    expect(log).toContain("will retry");
    expect(log).toContain('"msg":"delivered"');
    for (const secret of ["Quillon", "telemedicine", "private-note-text", input.requesterId]) expect(log).not.toContain(secret);
  });
});
