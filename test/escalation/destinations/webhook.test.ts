import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buildWebhookPayload,
  createWebhookDestination,
  HelpdeskWebhookPayloadSchema,
  helpdeskWebhookJsonSchema,
  signWebhookBody,
  verifyWebhookSignature,
} from "../../../src/escalation/destinations/webhook.js";
import { DeliveryError, OutboxWorker } from "../../../src/escalation/outbox.js";
import { SqliteEscalationStore } from "../../../src/escalation/sqlite/store.js";
import type { Escalation } from "../../../src/escalation/store/types.js";
import { newEscalation, startWebhookReceiver, tempDir, WEBHOOK_SECRET } from "../fixtures.js";

let tmp: ReturnType<typeof tempDir>;
let store: SqliteEscalationStore;
const cleanups: (() => unknown)[] = [];

beforeEach(() => {
  tmp = tempDir();
  store = new SqliteEscalationStore({ path: tmp.dbPath });
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  store.close();
  tmp.cleanup();
});

function escalation(): Escalation {
  return store.createEscalation(newEscalation(), ["webhook"]).escalation;
}

async function receiver(script?: Parameters<typeof startWebhookReceiver>[1], secret = WEBHOOK_SECRET) {
  const r = await startWebhookReceiver(secret, script);
  cleanups.push(r.close);
  return r;
}

async function deliveryError(promise: Promise<void>): Promise<DeliveryError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe("the webhook payload", () => {
  it("carries the escalation as documented, valid against both the zod and the JSON Schema", () => {
    const e = escalation();
    const payload = buildWebhookPayload(e);
    expect(payload).toEqual({
      reference: e.reference,
      status: "open",
      created_at: e.createdAt.toISOString(),
      requester: { slack_user_id: "U0PERSON01", name: "Jane Doe" },
      question: e.question,
      note: e.note,
      matches: e.matches,
      confidence: 0.31,
    });
    expect(HelpdeskWebhookPayloadSchema.parse(JSON.parse(JSON.stringify(payload)))).toEqual(payload);
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(helpdeskWebhookJsonSchema());
    expect(validate(payload)).toBe(true);
    expect(validate({ ...payload, reference: "1042" })).toBe(false);
  });
});

describe("webhook signatures", () => {
  const body = '{"reference":"PD-1001"}';
  const at = new Date("2025-03-03T15:00:00Z");
  const ts = String(at.getTime() / 1000);
  const signature = signWebhookBody(WEBHOOK_SECRET, ts, body);

  it("verify the body, the timestamp and the secret", () => {
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, ts, body, signature, { now: at })).toBe(true);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, ts, body.replace("1001", "1002"), signature, { now: at })).toBe(false);
    expect(verifyWebhookSignature("another-secret-0123456789", ts, body, signature, { now: at })).toBe(false);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, String(Number(ts) + 1), body, signature, { now: at })).toBe(false);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, ts, body, "sha256=00", { now: at })).toBe(false);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, "yesterday", body, signature, { now: at })).toBe(false);
  });

  it("refuse a request replayed after the tolerance", () => {
    const later = new Date(at.getTime() + 301_000);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, ts, body, signature, { now: later })).toBe(false);
    expect(verifyWebhookSignature(WEBHOOK_SECRET, ts, body, signature, { now: later, toleranceSeconds: 600 })).toBe(true);
  });
});

describe("posting to the helpdesk intake", () => {
  it("sends a signed POST with the reference as Idempotency-Key", async () => {
    const intake = await receiver();
    const e = escalation();
    await createWebhookDestination({ url: intake.url, secret: WEBHOOK_SECRET }).deliver(e);
    expect(intake.requests).toHaveLength(1);
    const request = intake.requests[0]!;
    expect(request.signatureValid).toBe(true);
    expect(request.headers["idempotency-key"]).toBe(e.reference);
    expect(request.headers["content-type"]).toMatch(/^application\/json/);
    expect(HelpdeskWebhookPayloadSchema.parse(JSON.parse(request.body))).toEqual(buildWebhookPayload(e));
  });

  it("is delayed, not lost, when the intake answers 500 first: it is accepted once", async () => {
    const intake = await receiver([{ status: 500 }]);
    const e = escalation();
    const worker = new OutboxWorker({
      store,
      destinations: [createWebhookDestination({ url: intake.url, secret: WEBHOOK_SECRET })],
      retry: { baseMs: 5, capMs: 20, maxAttempts: 5 },
    });
    await worker.drain();
    expect(intake.requests.map((r) => [r.status, r.headers["idempotency-key"], r.signatureValid])).toEqual([
      [500, e.reference, true],
      [200, e.reference, true],
    ]);
    expect(intake.acceptedKeys()).toEqual([e.reference]);
    expect(store.listDeliveries(e.reference)[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("honours Retry-After on 429 and 503, as seconds or as a date", async () => {
    const retryAt = new Date(Date.now() + 120_000);
    const intake = await receiver([
      { status: 429, retryAfter: "7" },
      { status: 503, retryAfter: retryAt.toUTCString() },
    ]);
    const e = escalation();
    const clock = Date.now(); // frozen for the worker, so the scheduled retry can be read exactly
    const worker = new OutboxWorker({
      store,
      destinations: [createWebhookDestination({ url: intake.url, secret: WEBHOOK_SECRET })],
      retry: { baseMs: 5, capMs: 20, maxAttempts: 5 },
      now: () => new Date(clock),
    });
    await worker.runOnce();
    // The 5 ms backoff gives way to the 7 s the intake asked for.
    expect(store.listDeliveries(e.reference)[0]!.nextAttemptAt.getTime() - clock).toBe(7_000);

    const err = await deliveryError(createWebhookDestination({ url: intake.url, secret: WEBHOOK_SECRET }).deliver(e));
    expect(err).toMatchObject({ retryable: true, message: "webhook answered HTTP 503" });
    // An HTTP date has whole seconds, so the wait is up to a second shorter than asked.
    expect(err.retryAfterMs).toBeGreaterThan(110_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it("does not retry a request the intake rejects (4xx), e.g. a wrong secret", async () => {
    const intake = await receiver([], "the-receivers-secret-is-different");
    const err = await deliveryError(createWebhookDestination({ url: intake.url, secret: WEBHOOK_SECRET }).deliver(escalation()));
    expect(err).toMatchObject({ destination: "webhook", retryable: false, message: "webhook answered HTTP 401" });

    const strict = await receiver([{ status: 422 }]);
    expect(await deliveryError(createWebhookDestination({ url: strict.url, secret: WEBHOOK_SECRET }).deliver(escalation()))).toMatchObject({
      retryable: false,
      retryAfterMs: undefined,
    });
  });

  it("retries when the intake cannot be reached", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const err = await deliveryError(
      createWebhookDestination({ url: `http://127.0.0.1:${port}/intake`, secret: WEBHOOK_SECRET }).deliver(escalation()),
    );
    expect(err).toMatchObject({ retryable: true });
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it("rejects settings that cannot work, saying which", () => {
    expect(() => createWebhookDestination({ url: "ftp://intake.example.edu", secret: WEBHOOK_SECRET })).toThrow(
      /HELPDESK_WEBHOOK_URL must be an http\(s\) URL/,
    );
    expect(() => createWebhookDestination({ url: "https://intake.example.edu", secret: "short" })).toThrow(
      /HELPDESK_WEBHOOK_SECRET must be at least 16 characters/,
    );
  });
});
