import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_ITHELP_EMAIL } from "../../../src/config.js";
import {
  buildEscalationEmail,
  createEmailDestination,
  DEFAULT_EMAIL_REPLY_INSTRUCTIONS,
  type EmailDestination,
  escalationEmailSubject,
} from "../../../src/escalation/destinations/email.js";
import { DeliveryError, OutboxWorker } from "../../../src/escalation/outbox.js";
import { SqliteEscalationStore } from "../../../src/escalation/sqlite/store.js";
import type { Escalation } from "../../../src/escalation/store/types.js";
import { newEscalation, startSmtpReceiver, tempDir } from "../fixtures.js";

const FROM = "Privacy Desk <privacy-desk@example.edu>";
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

function escalation(overrides: Parameters<typeof newEscalation>[0] = {}): Escalation {
  return store.createEscalation(newEscalation(overrides), ["email"]).escalation;
}

function destination(smtpUrl: string, extra: Partial<Parameters<typeof createEmailDestination>[0]> = {}): EmailDestination {
  const d = createEmailDestination({ smtpUrl, from: FROM, timeoutMs: 5_000, ...extra });
  cleanups.push(() => d.close());
  return d;
}

async function smtp(options?: Parameters<typeof startSmtpReceiver>[0]) {
  const receiver = await startSmtpReceiver(options);
  cleanups.push(receiver.close);
  return receiver;
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("the escalation email", () => {
  it("tells the helpdesk who asked what, what the bot found, and how to reply", () => {
    const e = escalation();
    const mail = buildEscalationEmail(e, { from: FROM, to: DEFAULT_ITHELP_EMAIL });
    expect(mail.subject).toBe(`[${e.reference}] Privacy question from Jane Doe`);
    expect(mail.messageId).toBe(`<${e.reference}@privacy-desk>`);
    expect(mail.to).toBe("ithelp@harvard.edu");
    expect(mail.replyTo).toBe(FROM);
    expect(mail.text).toContain(e.question);
    expect(mail.text).toContain(e.note!);
    expect(mail.text).toContain("Jane Doe (Slack user U0PERSON01)");
    expect(mail.text).toContain("Bot confidence: 31%");
    for (const m of e.matches) {
      expect(mail.text).toContain(`${m.statement} — ${m.section}`);
      expect(mail.text).toContain(m.url!);
      expect(mail.text).toContain(m.text);
    }
    expect(mail.text).toContain(DEFAULT_EMAIL_REPLY_INSTRUCTIONS);
  });

  it("uses the configured reply address, and keeps a name with line breaks on one subject line", () => {
    const e = escalation({ requesterName: "Eve\r\nBcc: someone@example.com", note: null, matches: [] });
    const mail = buildEscalationEmail(e, { from: FROM, to: "tickets@example.edu", replyTo: "ithelp@example.edu" });
    expect(mail.replyTo).toBe("ithelp@example.edu");
    expect(mail.subject).toBe(`[${e.reference}] Privacy question from Eve Bcc: someone@example.com`);
    expect(mail.text).toContain("Note from the person:\n  (none)");
    expect(mail.text).toContain("What the bot found: nothing relevant.");
    expect(escalationEmailSubject("PD-1", "   ")).toBe("[PD-1] Privacy question from a Slack user");
  });

  it("rejects an SMTP_URL that is not one, saying what is expected", () => {
    expect(() => createEmailDestination({ smtpUrl: "mail.example.edu", from: FROM })).toThrow(/SMTP_URL must look like smtp:\/\/host:port/);
    expect(() => createEmailDestination({ smtpUrl: "smtp://127.0.0.1:25", from: FROM, to: "ithelp" })).toThrow(
      /ITHELP_EMAIL must be an email address/,
    );
  });
});

describe("sending over SMTP", () => {
  it("delivers the email to the ticketing mailbox with the reference as its Message-ID", async () => {
    const server = await smtp();
    const e = escalation();
    await destination(server.url, { replyTo: "ithelp-replies@example.edu" }).deliver(e);
    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail.envelopeTo).toEqual([DEFAULT_ITHELP_EMAIL]);
    expect(mail.headers.get("subject")).toBe(`[${e.reference}] Privacy question from Jane Doe`);
    expect(mail.headers.get("message-id")).toBe(`<${e.reference}@privacy-desk>`);
    expect(mail.headers.get("reply-to")).toBe("ithelp-replies@example.edu");
    expect(mail.headers.get("x-privacydesk-reference")).toBe(e.reference);
    expect(mail.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(mail.text).toContain(e.question);
    expect(mail.text).toContain("https://huit.harvard.edu/privacy/zoom#access-to-content");
  });

  it("is delayed, not lost, when the server says 451 twice: one email arrives", async () => {
    const server = await smtp({ refuseFirst: 2 });
    const e = escalation();
    const worker = new OutboxWorker({
      store,
      destinations: [destination(server.url)],
      retry: { baseMs: 5, capMs: 20, maxAttempts: 5 },
    });
    await worker.drain();
    expect(server.refused()).toBe(2);
    expect(server.messageIds()).toEqual([`<${e.reference}@privacy-desk>`]);
    expect(store.listDeliveries(e.reference)[0]).toMatchObject({ status: "delivered", attempts: 3 });
  });

  it("treats a 5xx refusal as final", async () => {
    const server = await smtp({ refuseFirst: 1, refuseCode: 550 });
    const error = await destination(server.url)
      .deliver(escalation())
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ destination: "email", retryable: false });
    expect((error as Error).message).toMatch(/refused the escalation \(550\)/);
  });

  it("treats a server that cannot be reached as an outage to retry", async () => {
    const port = await closedPort();
    const error = await destination(`smtp://127.0.0.1:${port}`)
      .deliver(escalation())
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ destination: "email", retryable: true });
  });
});
