import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmailDestination } from "../../src/escalation/destinations/email.js";
import { createWebhookDestination } from "../../src/escalation/destinations/webhook.js";
import { type Destination, OutboxWorker } from "../../src/escalation/outbox.js";
import { SqliteEscalationStore } from "../../src/escalation/sqlite/store.js";
import type { DestinationName } from "../../src/escalation/store/types.js";
import {
  countBy,
  newEscalation,
  recordingDestination,
  startSmtpReceiver,
  startWebhookReceiver,
  tempDir,
  WEBHOOK_SECRET,
} from "./fixtures.js";

const ALL: DestinationName[] = ["slack", "email", "webhook"];
const FAST_RETRY = { baseMs: 5, capMs: 40, maxAttempts: 10 };

let tmp: ReturnType<typeof tempDir>;
const cleanups: (() => unknown)[] = [];

beforeEach(() => {
  tmp = tempDir();
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  tmp.cleanup();
});

function openStore(): SqliteEscalationStore {
  const store = new SqliteEscalationStore({ path: tmp.dbPath });
  cleanups.push(() => store.close());
  return store;
}

/** The helpdesk's three intakes, each with an outage at first, counting what they accept. */
async function helpdesk(outage: { smtpRefusals: number; webhookFailures: number }) {
  const smtp = await startSmtpReceiver({ refuseFirst: outage.smtpRefusals });
  cleanups.push(smtp.close);
  const intake = await startWebhookReceiver(
    WEBHOOK_SECRET,
    Array.from({ length: outage.webhookFailures }, (_, i) => (i % 2 ? { status: 429, retryAfter: "0" } : { status: 502 })),
  );
  cleanups.push(intake.close);
  const slack = recordingDestination("slack");
  const destinations = (): Destination[] => {
    const email = createEmailDestination({ smtpUrl: smtp.url, from: "privacy-desk@example.edu" });
    cleanups.push(() => email.close());
    return [slack.destination, email, createWebhookDestination({ url: intake.url, secret: WEBHOOK_SECRET })];
  };
  /** How many times each reference was accepted, per destination. */
  const accepted = () => ({
    slack: countBy(slack.delivered),
    email: countBy(smtp.messageIds().map((id) => /^<(PD-\d+)@privacy-desk>$/.exec(id)?.[1] ?? id)),
    webhook: countBy(intake.acceptedKeys()),
  });
  return { smtp, intake, slack, destinations, accepted };
}

function expectEachExactlyOnce(accepted: Record<Exclude<DestinationName, "person">, Map<string, number>>, references: string[]) {
  const expected = new Map(references.map((r) => [r, 1]));
  expect(accepted.slack).toEqual(expected);
  expect(accepted.email).toEqual(expected);
  expect(accepted.webhook).toEqual(expected);
}

describe("nothing is lost when the process stops", () => {
  it("delivers escalations committed before a stop, through a helpdesk outage, exactly once each", async () => {
    const desk = await helpdesk({ smtpRefusals: 4, webhookFailures: 5 });

    // 1. Escalations are committed; the process stops before any delivery.
    const first = openStore();
    const references = Array.from(
      { length: 8 },
      (_, i) => first.createEscalation(newEscalation({ requesterId: `U0PERSON${i}` }), ALL).escalation.reference,
    );
    first.close();
    expect(desk.accepted()).toEqual({ slack: new Map(), email: new Map(), webhook: new Map() });

    // 2. The next start meets a helpdesk outage and is stopped (SIGTERM) with deliveries still pending.
    const second = openStore();
    const interrupted = new OutboxWorker({ store: second, destinations: desk.destinations(), retry: FAST_RETRY });
    await interrupted.runOnce();
    await interrupted.stop();
    expect(second.countPendingDeliveries()).toBeGreaterThan(0);
    second.close();

    // 3. The start after that resumes from the rows alone.
    const third = openStore();
    const worker = new OutboxWorker({ store: third, destinations: desk.destinations(), retry: FAST_RETRY });
    await worker.drain();

    expectEachExactlyOnce(desk.accepted(), references);
    expect(desk.smtp.received).toHaveLength(references.length);
    expect(desk.smtp.refused()).toBe(4);
    expect(desk.intake.requests.filter((r) => r.status >= 300)).toHaveLength(5);
    expect(third.countDeliveriesByStatus()).toEqual({ pending: 0, delivered: references.length * 3, failed: 0 });
  });

  it("delivers escalations committed by a process that was killed outright (SIGKILL)", async () => {
    const desk = await helpdesk({ smtpRefusals: 1, webhookFailures: 1 });
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./crash-after-commit.child.ts", import.meta.url)), tmp.dbPath, "5"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    const references = await new Promise<string[]>((resolve) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!) as string[]);
      });
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(references).toHaveLength(5);

    const store = openStore();
    expect(store.countPendingDeliveries()).toBe(15);
    await new OutboxWorker({ store, destinations: desk.destinations(), retry: FAST_RETRY }).drain();
    expectEachExactlyOnce(desk.accepted(), references);
  }, 60_000);

  it("lets the helpdesk drop a repeat when a process dies after sending but before recording it", async () => {
    const desk = await helpdesk({ smtpRefusals: 0, webhookFailures: 0 });
    const store = openStore();
    const { escalation } = store.createEscalation(newEscalation(), ["email", "webhook"]);
    const [email, webhook] = desk.destinations().slice(1) as [Destination, Destination];

    // A worker takes both deliveries (a 1 ms lease) and sends them, then dies before marking them delivered.
    for (const d of [email, webhook]) {
      expect(store.leaseDueDelivery(d.name, new Date(), 1)).toBeDefined();
      await d.deliver(escalation);
    }
    await new Promise((r) => setTimeout(r, 5));
    await new OutboxWorker({ store, destinations: [email, webhook], retry: FAST_RETRY }).drain();

    // Sent twice, with the same key both times, so the intake keeps one.
    expect(desk.smtp.messageIds()).toEqual([`<${escalation.reference}@privacy-desk>`, `<${escalation.reference}@privacy-desk>`]);
    expect(desk.intake.acceptedKeys()).toEqual([escalation.reference, escalation.reference]);
    expect(store.listDeliveries(escalation.reference).map((d) => d.status)).toEqual(["delivered", "delivered"]);
  });
});
