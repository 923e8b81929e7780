// The promises every escalation store makes, whatever keeps the data. Run it with a factory for an implementation:
// `describeStoreContract("SQLite", sqliteHarness)`. Nothing here may depend on how the data is stored: only the
// interfaces in src/escalation/store/types.ts are used, and every call is awaited (SQLite answers at once,
// a networked database with a promise).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { FORGOTTEN_USER_ID, formatReference, parseReference } from "../../src/escalation/store/reference.js";
import type { EscalationStore } from "../../src/escalation/store/types.js";
import { newEscalation } from "./fixtures.js";

/** One empty database for one test; `open` may be called more than once (a restart, a second process). */
export interface StoreHarness {
  /** A new connection to this test's database, migrated. */
  open(): Promise<EscalationStore>;
  /** Drops the database (after every store opened has been closed). */
  cleanup(): Promise<void>;
}

/** Makes the database for one test; every store it opens reads time from `now`. */
export type StoreFactory = (now: () => Date) => StoreHarness | Promise<StoreHarness>;

const DAY = 86_400_000;

/** Registers the contract's tests for one implementation. */
export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`the escalation store contract (${name})`, () => {
    let harness: StoreHarness;
    let clock: number;
    const now = () => new Date(clock);
    const opened: EscalationStore[] = [];

    async function open(): Promise<EscalationStore> {
      const store = await harness.open();
      opened.push(store);
      return store;
    }

    beforeEach(async () => {
      clock = Date.parse("2025-03-03T15:00:00.000Z");
      harness = await factory(now);
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) if (s.isOpen) await s.close();
      await harness.cleanup();
    });

    describe("opening", () => {
      it("keeps what was written when opened again, without migrating twice", async () => {
        const first = await open();
        const version = first.schemaVersion;
        expect(version).toBeGreaterThan(0);
        const { escalation } = await first.createEscalation(newEscalation(), ["email"]);
        await first.close();
        expect(first.isOpen).toBe(false);
        const again = await open();
        expect(again.schemaVersion).toBe(version);
        expect(await again.getByReference(escalation.reference)).toEqual(escalation);
      });

      it("has an installation id made once for the database, the same on every connection", async () => {
        const first = await open();
        expect(first.installationId).toMatch(/^[0-9a-z]{8,}$/);
        const again = await open();
        expect(again.installationId).toBe(first.installationId);
      });
    });

    describe("references", () => {
      it("start at PD-1001 and count up, one per escalation, across restarts", async () => {
        const store = await open();
        const a = (await store.createEscalation(newEscalation(), [])).escalation;
        const b = (await store.createEscalation(newEscalation(), [])).escalation;
        await store.close();
        const c = (await (await open()).createEscalation(newEscalation(), [])).escalation;
        expect([a.reference, b.reference, c.reference]).toEqual(["PD-1001", "PD-1002", "PD-1003"]);
      });

      it("are never reused after the newest escalation is deleted", async () => {
        const store = await open();
        await store.createEscalation(newEscalation({ requesterId: "U0KEEP" }), []);
        const last = (await store.createEscalation(newEscalation({ requesterId: "U0GONE" }), [])).escalation;
        expect(last.reference).toBe("PD-1002");
        expect((await store.forgetUser("U0GONE")).escalations).toBe(1);
        await store.close();
        const next = (await (await open()).createEscalation(newEscalation(), [])).escalation;
        expect(next.reference).toBe("PD-1003");
      });

      it("are not used up by a request that was rejected", async () => {
        const store = await open();
        await expect(async () => store.createEscalation(newEscalation({ question: "   " }), ["email"])).rejects.toThrow(ZodError);
        expect((await store.createEscalation(newEscalation(), [])).escalation.reference).toBe("PD-1001");
      });

      it("are found in free text and case", async () => {
        expect(formatReference(1042)).toBe("PD-1042");
        expect(parseReference("Re: [pd-1042] Privacy question")).toBe("PD-1042");
        expect(parseReference("no reference here")).toBeNull();
        const store = await open();
        const { escalation } = await store.createEscalation(newEscalation(), []);
        expect((await store.getByReference(escalation.reference.toLowerCase()))?.id).toBe(escalation.id);
        expect((await store.getById(escalation.id))?.reference).toBe(escalation.reference);
        expect((await store.getByIdempotencyKey(escalation.idempotencyKey))?.id).toBe(escalation.id);
        expect(await store.getByIdempotencyKey("consent:nobody")).toBeUndefined();
      });
    });

    describe("creating an escalation", () => {
      it("records what the person consented to share, open, with a pending delivery per destination", async () => {
        const store = await open();
        const input = newEscalation();
        const { escalation, created } = await store.createEscalation(input, ["slack", "email", "webhook", "email"]);
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
          answeredBy: null,
        });
        const deliveries = await store.listDeliveries(escalation.reference);
        expect(deliveries.map((d) => [d.destination, d.status, d.attempts])).toEqual([
          ["slack", "pending", 0],
          ["email", "pending", 0],
          ["webhook", "pending", 0],
        ]);
        expect(await store.countPendingDeliveries()).toBe(3);
      });

      it("stores an empty note as no note", async () => {
        const store = await open();
        expect((await store.createEscalation(newEscalation({ note: "  " }), [])).escalation.note).toBeNull();
      });

      it("gives one escalation when the same request arrives twice (double click, Slack retry)", async () => {
        const store = await open();
        const input = newEscalation({ idempotencyKey: "view_submission:V123" });
        const first = await store.createEscalation(input, ["slack", "email"]);
        const second = await store.createEscalation({ ...input, question: "a retried payload" }, ["slack", "email", "webhook"]);
        expect(second.created).toBe(false);
        expect(second.escalation).toEqual(first.escalation);
        expect(await store.listDeliveries(first.escalation.reference)).toHaveLength(2);
        expect(await store.listOpenFor(input.requesterId)).toHaveLength(1);
      });

      it("gives one escalation when two connections record the same request", async () => {
        const a = await open();
        const b = await open();
        const input = newEscalation({ idempotencyKey: "view_submission:V999" });
        const fromA = await a.createEscalation(input, ["email"]);
        const fromB = await b.createEscalation(input, ["email"]);
        expect([fromA.created, fromB.created]).toEqual([true, false]);
        expect(fromB.escalation.reference).toBe(fromA.escalation.reference);
        expect(await a.countPendingDeliveries()).toBe(1);
      });
    });

    describe("claiming and resolving", () => {
      it("gives the escalation to the first agent and tells the second who has it", async () => {
        const store = await open();
        const { reference } = (await store.createEscalation(newEscalation(), [])).escalation;
        const first = await store.claim(reference, "U0AGENT1");
        expect(first.outcome).toBe("claimed");
        if (first.outcome === "claimed") expect(first.escalation).toMatchObject({ status: "claimed", claimedBy: "U0AGENT1" });
        expect((await store.claim(reference, "U0AGENT1")).outcome).toBe("already_yours");
        const second = await store.claim(reference, "U0AGENT2");
        expect(second).toMatchObject({ outcome: "claimed_by_other", owner: "U0AGENT1" });
        expect((await store.getByReference(reference))?.claimedBy).toBe("U0AGENT1");
        expect(await store.claim("PD-9999", "U0AGENT1")).toEqual({ outcome: "not_found" });
      });

      it("has exactly one owner when agents on separate connections claim at the same moment", async () => {
        const stores = [await open(), await open(), await open()];
        const { reference } = (await stores[0]!.createEscalation(newEscalation(), ["slack"])).escalation;
        const results = await Promise.all(stores.map(async (s, i) => s.claim(reference, `U0AGENT${i + 1}`)));
        const winners = results.filter((r) => r.outcome === "claimed");
        expect(winners).toHaveLength(1);
        const owner = (await stores[0]!.getByReference(reference))?.claimedBy;
        expect(owner).toMatch(/^U0AGENT[123]$/);
        for (const r of results.filter((r) => r.outcome !== "claimed")) expect(r).toMatchObject({ outcome: "claimed_by_other", owner });
      });

      it("resolves an open or claimed escalation once, and it leaves the person's open list", async () => {
        const store = await open();
        const a = (await store.createEscalation(newEscalation(), [])).escalation;
        const b = (await store.createEscalation(newEscalation(), [])).escalation;
        await store.createEscalation(newEscalation({ requesterId: "U0SOMEONE" }), []);
        await store.claim(a.reference, "U0AGENT1");
        clock += 60_000;
        const resolved = await store.resolve(a.reference, "U0AGENT2");
        expect(resolved).toMatchObject({
          outcome: "resolved",
          escalation: { status: "resolved", claimedBy: "U0AGENT1", resolvedBy: "U0AGENT2", resolvedAt: new Date(clock) },
        });
        expect((await store.resolve(a.reference, "U0AGENT1")).outcome).toBe("already_resolved");
        expect((await store.claim(a.reference, "U0AGENT3")).outcome).toBe("already_resolved");
        expect((await store.listOpenFor("U0PERSON01")).map((e) => e.reference)).toEqual([b.reference]);
        expect((await store.resolve(b.reference, "U0AGENT1")).outcome).toBe("resolved");
        expect(await store.listOpenFor("U0PERSON01")).toEqual([]);
        expect(await store.resolve("PD-4242", "U0AGENT1")).toEqual({ outcome: "not_found" });
      });
    });

    describe("the conversation between person and helpdesk", () => {
      it("finds the escalation from either thread and records relayed messages in order", async () => {
        const store = await open();
        const { reference } = (await store.createEscalation(newEscalation(), ["slack"])).escalation;
        expect(await store.findByTriageThread("C0TRIAGE", "1700000000.000100")).toBeUndefined();
        expect(await store.setTriageMessage(reference, "C0TRIAGE", "1700000000.000100")).toBe(true);
        expect(await store.setPersonThread(reference, "D0PERSON", "1700000001.000200")).toBe(true);
        expect(await store.setPersonThread("PD-7777", "D0PERSON", "1")).toBe(false);
        expect(await store.setTriageMessage("PD-7777", "C0TRIAGE", "1")).toBe(false);
        expect((await store.findByTriageThread("C0TRIAGE", "1700000000.000100"))?.reference).toBe(reference);
        expect((await store.findByPersonThread("D0PERSON", "1700000001.000200"))?.reference).toBe(reference);
        expect(await store.findByPersonThread("D0PERSON", "1700000000.000100")).toBeUndefined();

        const reply = await store.addMessage({
          reference,
          direction: "to_person",
          authorId: "U0AGENT1",
          authorName: "Sam (ithelp)",
          text: "Recordings are only available to the host.",
          idempotencyKey: "Ev01",
        });
        expect(reply.outcome).toBe("added");
        const retry = await store.addMessage({
          reference,
          direction: "to_person",
          authorId: "U0AGENT1",
          text: "Recordings are only available to the host.",
          idempotencyKey: "Ev01",
        });
        expect(retry.outcome).toBe("duplicate");
        await store.addMessage({ reference, direction: "to_helpdesk", authorId: "U0PERSON01", text: "Thanks!" });
        expect((await store.listMessages(reference)).map((m) => [m.direction, m.authorName, m.text])).toEqual([
          ["to_person", "Sam (ithelp)", "Recordings are only available to the host."],
          ["to_helpdesk", null, "Thanks!"],
        ]);
      });

      it("relays nothing once the escalation is resolved", async () => {
        const store = await open();
        const { reference } = (await store.createEscalation(newEscalation(), [])).escalation;
        await store.resolve(reference, "U0AGENT1");
        const late = await store.addMessage({ reference, direction: "to_helpdesk", authorId: "U0PERSON01", text: "one more thing" });
        expect(late.outcome).toBe("resolved");
        expect(await store.listMessages(reference)).toEqual([]);
        expect(await store.addMessage({ reference: "PD-5555", direction: "to_person", authorId: "U0A", text: "x" })).toEqual({
          outcome: "not_found",
        });
      });
    });

    describe("the outbox", () => {
      it("leases a due delivery to one worker at a time, until the lease runs out", async () => {
        const store = await open();
        const { reference } = (await store.createEscalation(newEscalation(), ["email", "slack"])).escalation;
        const lease = await store.leaseDueDelivery("email", now(), 60_000);
        expect(lease).toMatchObject({ reference, destination: "email", status: "pending", attempts: 0 });
        expect(lease!.nextAttemptAt).toEqual(new Date(clock + 60_000));
        expect(await store.leaseDueDelivery("email", now(), 60_000)).toBeUndefined();
        expect(await store.nextDeliveryDueAt(["email"])).toEqual(new Date(clock + 60_000));
        expect(await store.nextDeliveryDueAt(["slack"])).toEqual(new Date(clock));
        expect(await store.nextDeliveryDueAt([])).toBeUndefined();
        clock += 60_000;
        expect((await store.leaseDueDelivery("email", now(), 60_000))?.id).toBe(lease!.id);
      });

      it("renews a lease while a delivery is being sent, and not once it is done", async () => {
        const store = await open();
        const { reference } = (await store.createEscalation(newEscalation(), ["person"])).escalation;
        const lease = (await store.leaseDueDelivery("person", now(), 10_000))!;
        expect(lease).toMatchObject({ reference, destination: "person" });
        clock += 8_000;
        expect(await store.renewLease(lease.id, 10_000)).toBe(true);
        clock += 8_000;
        // 16 s after the lease was taken, the heartbeat still holds it.
        expect(await store.leaseDueDelivery("person", now(), 10_000)).toBeUndefined();
        expect(await store.nextDeliveryDueAt(["person"])).toEqual(new Date(clock + 2_000));
        await store.markDelivered(lease.id);
        expect(await store.renewLease(lease.id, 10_000)).toBe(false);
        expect(await store.countPendingDeliveries(["person"])).toBe(0);
      });

      it("counts an attempt per outcome: delivered once, retried later, or failed and requeued by an operator", async () => {
        const store = await open();
        const { reference } = (await store.createEscalation(newEscalation(), ["slack", "email", "webhook"])).escalation;
        const [slack, email, webhook] = await store.listDeliveries(reference);
        await store.markDelivered(slack!.id);
        await store.markDelivered(slack!.id);
        const retrying = await store.recordDeliveryFailure(email!.id, "421 try later", new Date(clock + 5_000));
        expect(retrying).toMatchObject({
          status: "pending",
          attempts: 1,
          lastError: "421 try later",
          nextAttemptAt: new Date(clock + 5_000),
        });
        const failed = await store.recordDeliveryFailure(webhook!.id, "x".repeat(2_000), null);
        expect(failed).toMatchObject({ status: "failed", attempts: 1 });
        expect(failed!.lastError!.length).toBeLessThanOrEqual(500);
        expect(await store.countDeliveriesByStatus()).toEqual({ pending: 1, delivered: 1, failed: 1 });
        expect(await store.countPendingDeliveries(["email"])).toBe(1);
        expect(await store.countPendingDeliveries([])).toBe(0);
        const delivered = (await store.listDeliveries(reference)).find((d) => d.destination === "slack");
        expect(delivered).toMatchObject({ status: "delivered", attempts: 1, deliveredAt: new Date(clock) });

        expect(await store.requeueFailedDeliveries("PD-9999")).toBe(0);
        expect(await store.requeueFailedDeliveries(reference)).toBe(1);
        expect((await store.listDeliveries(reference)).find((d) => d.destination === "webhook")).toMatchObject({
          status: "pending",
          attempts: 0,
        });
        await store.recordDeliveryFailure(webhook!.id, "refused", null);
        expect(await store.requeueFailedDeliveries()).toBe(1);
        expect(await store.countDeliveriesByStatus()).toEqual({ pending: 2, delivered: 1, failed: 0 });
      });

      it("tells when the longest-waiting pending delivery was created, for /healthz", async () => {
        const store = await open();
        expect(await store.oldestPendingDeliveryCreatedAt()).toBeUndefined();
        const first = (await store.createEscalation(newEscalation({ idempotencyKey: "a" }), ["email"])).escalation;
        const createdAt = new Date(clock);
        clock += 60_000;
        await store.createEscalation(newEscalation({ idempotencyKey: "b" }), ["email"]);
        expect(await store.oldestPendingDeliveryCreatedAt()).toEqual(createdAt);
        const [delivery] = await store.listDeliveries(first.reference);
        await store.markDelivered(delivery!.id);
        expect(await store.oldestPendingDeliveryCreatedAt()).toEqual(new Date(clock));
      });
    });

    describe("posts owed to people", () => {
      it("keeps a post until it is sent, counts each try, and lets one worker at a time hold it", async () => {
        const store = await open();
        const blocks = [{ type: "section", text: { type: "mrkdwn", text: "The paragraph" } }];
        const answer = await store.queuePost({ channel: "D0PERSON", text: "The answer, owed since Slack refused it", blocks });
        expect(answer).toMatchObject({ channel: "D0PERSON", threadTs: null, blocks, broadcast: false, escalationId: null, tries: 0 });
        expect(answer.key).toMatch(/^[0-9a-f]{8,}$/);
        expect(await store.countOwedPosts()).toBe(1);
        expect(await store.nextPostDueAt()).toEqual(new Date(clock));

        const leased = (await store.leaseDuePost(new Date(clock), 10_000))!;
        expect(leased).toMatchObject({ id: answer.id, key: answer.key, text: answer.text, blocks, tries: 1 });
        // Held: another worker (another process) finds nothing due until the lease runs out.
        const other = await open();
        expect(await other.leaseDuePost(new Date(clock), 10_000)).toBeUndefined();
        clock += 10_001;
        // The holder died: it falls due again, and the second try says an earlier one may have reached Slack.
        const again = (await other.leaseDuePost(new Date(clock), 10_000))!;
        expect(again).toMatchObject({ id: answer.id, key: answer.key, tries: 2 });

        await other.retryPostAt(answer.id, new Date(clock + 4_000));
        expect(await store.nextPostDueAt()).toEqual(new Date(clock + 4_000));
        expect(await store.leaseDuePost(new Date(clock), 10_000)).toBeUndefined();
        await store.deletePost(answer.id);
        expect(await store.countOwedPosts()).toBe(0);
        expect(await store.nextPostDueAt()).toBeUndefined();
        expect(await store.leaseDuePost(new Date(clock + 60_000), 10_000)).toBeUndefined();
      });

      it("keeps only the latest state of a message owed an update, and new posts beside it", async () => {
        const store = await open();
        const { escalation } = await store.createEscalation(newEscalation({ requesterId: "U0STATE" }), ["slack"]);
        const triage = { channel: "C0HELP", updateTs: "1700000000.000300", reference: escalation.reference };
        await store.queuePost({ ...triage, text: "Claimed" });
        await store.queuePost({ channel: "C0HELP", threadTs: "1700000000.000300", text: "A relay in its thread" });
        await store.queuePost({ channel: "C0OTHER", updateTs: "1700000000.000300", text: "Another channel's message" });
        clock += 1;
        const latest = await store.queuePost({ ...triage, text: "Resolved" });
        expect(latest).toMatchObject({ updateTs: "1700000000.000300", threadTs: null, escalationId: escalation.id });
        expect(await store.countOwedPosts()).toBe(3);
        const texts: string[] = [];
        for (let post = await store.leaseDuePost(new Date(clock), 10_000); post; post = await store.leaseDuePost(new Date(clock), 10_000))
          texts.push(post.text);
        expect(texts.sort()).toEqual(["A relay in its thread", "Another channel's message", "Resolved"]);
      });

      it("survives a restart, oldest first, and a post about an escalation goes when the escalation is forgotten", async () => {
        const store = await open();
        const { escalation } = await store.createEscalation(newEscalation({ requesterId: "U0OWED" }), ["slack"]);
        const notice = await store.queuePost({
          channel: "D0OWED",
          threadTs: "1700000000.000100",
          text: "An agent replied",
          broadcast: true,
          reference: escalation.reference,
        });
        clock += 1;
        await store.queuePost({
          channel: "C0HELP",
          threadTs: "1700000000.000200",
          text: "The person wrote",
          reference: escalation.reference.toLowerCase(),
        });
        clock += 1;
        await store.queuePost({ channel: "D0OTHER", text: "Someone else's answer" });
        await store.close();

        const reopened = await open();
        expect(await reopened.countOwedPosts()).toBe(3);
        expect(await reopened.leaseDuePost(new Date(clock), 10_000)).toMatchObject({
          id: notice.id,
          threadTs: "1700000000.000100",
          blocks: null,
          broadcast: true,
          escalationId: escalation.id,
        });
        await reopened.forgetUser("U0OWED");
        expect(await reopened.countOwedPosts()).toBe(1);
        expect(await reopened.leaseDuePost(new Date(clock), 10_000)).toMatchObject({ channel: "D0OTHER", escalationId: null });
        await expect(async () => reopened.queuePost({ channel: " ", text: "x" })).rejects.toThrow(ZodError);
        await expect(async () => reopened.queuePost({ channel: "C0X", updateTs: "", text: "x" })).rejects.toThrow(ZodError);
        await expect(async () => reopened.queuePost({ channel: "D0X", text: "" })).rejects.toThrow(ZodError);
      });
    });

    describe("feedback", () => {
      it("is kept as counts per paragraph, most pressed first, across restarts", async () => {
        const store = await open();
        await store.recordFeedback("zoom/cookies/2", false);
        await store.recordFeedback("zoom/sharing/1", true);
        await store.recordFeedback("zoom/sharing/1", true);
        await store.recordFeedback("zoom/sharing/1", false);
        await store.close();
        expect(await (await open()).feedbackCounts()).toEqual([
          { paragraphId: "zoom/sharing/1", helpful: 2, notHelpful: 1 },
          { paragraphId: "zoom/cookies/2", helpful: 0, notHelpful: 1 },
        ]);
      });
    });

    describe("what the helpdesk said answered an escalation", () => {
      it("is one of the paragraphs found, marked once resolved, replaceable, and kept across restarts", async () => {
        const store = await open();
        const { reference } = (await store.createEscalation(newEscalation(), [])).escalation;
        expect(await store.markAnsweredBy(reference, 1)).toMatchObject({ outcome: "not_resolved", escalation: { answeredBy: null } });
        await store.resolve(reference, "U0AGENT1");
        expect(await store.markAnsweredBy(reference, 1)).toMatchObject({ outcome: "marked", escalation: { answeredBy: 1 } });
        expect(await store.markAnsweredBy(reference.toLowerCase(), 0)).toMatchObject({ outcome: "marked", escalation: { answeredBy: 0 } });
        await expect(async () => store.markAnsweredBy(reference, 2)).rejects.toThrow(RangeError);
        await expect(async () => store.markAnsweredBy(reference, -1)).rejects.toThrow(RangeError);
        expect(await store.markAnsweredBy("PD-4242", 0)).toEqual({ outcome: "not_found" });
        await store.close();
        expect((await (await open()).getByReference(reference))?.answeredBy).toBe(0);
      });

      it("can be none of them", async () => {
        const store = await open();
        const { reference } = (await store.createEscalation(newEscalation(), [])).escalation;
        await store.resolve(reference, "U0AGENT1");
        await store.markAnsweredBy(reference, 0);
        expect(await store.markAnsweredBy(reference, null)).toMatchObject({ outcome: "marked", escalation: { answeredBy: null } });
      });
    });

    describe("escalations by when they were made", () => {
      it("lists those created at or after a time, oldest first, whatever their state", async () => {
        const store = await open();
        await store.createEscalation(newEscalation({ question: "too old" }), []);
        clock += DAY;
        const since = new Date(clock);
        const a = (await store.createEscalation(newEscalation({ question: "first" }), [])).escalation;
        clock += 1000;
        const b = (await store.createEscalation(newEscalation({ question: "second" }), [])).escalation;
        await store.resolve(a.reference, "U0AGENT1");
        const listed = await store.listCreatedSince(since);
        expect(listed.map((e) => [e.question, e.status])).toEqual([
          ["first", "resolved"],
          ["second", "open"],
        ]);
        expect(listed[1]).toEqual(b);
        expect(await store.listCreatedSince(new Date(clock + 1))).toEqual([]);
      });
    });

    describe("question counts", () => {
      it("count answered and escalated questions per UTC day and section, with no paragraph as its own row", async () => {
        const store = await open();
        clock = Date.parse("2025-03-03T23:59:59.000Z");
        await store.recordQuestion({ statementId: "zoom", sectionSlug: "sharing", result: "answered" });
        await store.recordQuestion({ statementId: "zoom", sectionSlug: "sharing", result: "answered" });
        await store.recordQuestion({ statementId: "zoom", sectionSlug: "sharing", result: "escalated" });
        await store.recordQuestion({ statementId: "canvas", sectionSlug: "cookies", result: "escalated" });
        await store.recordQuestion({ statementId: null, sectionSlug: null, result: "escalated" });
        clock += 1000; // the next day, in UTC
        await store.recordQuestion({ statementId: "zoom", sectionSlug: "sharing", result: "answered" });
        await store.close();
        const again = await open();
        expect(await again.questionCounts(new Date("2025-03-03T12:00:00Z"))).toEqual([
          { day: "2025-03-03", statementId: null, sectionSlug: null, answered: 0, escalated: 1 },
          { day: "2025-03-03", statementId: "canvas", sectionSlug: "cookies", answered: 0, escalated: 1 },
          { day: "2025-03-03", statementId: "zoom", sectionSlug: "sharing", answered: 2, escalated: 1 },
          { day: "2025-03-04", statementId: "zoom", sectionSlug: "sharing", answered: 1, escalated: 0 },
        ]);
        // A time on a day counts the whole day.
        expect(await again.questionCounts(new Date("2025-03-04T23:00:00Z"))).toEqual([
          { day: "2025-03-04", statementId: "zoom", sectionSlug: "sharing", answered: 1, escalated: 0 },
        ]);
        await expect(async () => again.recordQuestion({ statementId: "", sectionSlug: "x", result: "answered" })).rejects.toThrow(ZodError);
        // Several at once add up as one at a time would, in one write; an invalid one writes none of them.
        await again.recordQuestions([
          { statementId: "zoom", sectionSlug: "sharing", result: "escalated" },
          { statementId: "canvas", sectionSlug: "cookies", result: "answered" },
          { statementId: "zoom", sectionSlug: "sharing", result: "escalated", times: 40 },
        ]);
        await expect(async () =>
          again.recordQuestions([
            { statementId: "zoom", sectionSlug: "sharing", result: "answered" },
            { statementId: "", sectionSlug: "x", result: "answered" },
          ]),
        ).rejects.toThrow(ZodError);
        expect(await again.questionCounts(new Date("2025-03-04T23:00:00Z"))).toEqual([
          { day: "2025-03-04", statementId: "canvas", sectionSlug: "cookies", answered: 1, escalated: 0 },
          { day: "2025-03-04", statementId: "zoom", sectionSlug: "sharing", answered: 1, escalated: 41 },
        ]);
        await expect(async () =>
          again.recordQuestion({ statementId: "zoom", sectionSlug: "x", result: "maybe" as "answered" }),
        ).rejects.toThrow(ZodError);
        await expect(async () =>
          again.recordQuestion({ statementId: "zoom", sectionSlug: "x", result: "answered", times: 0 }),
        ).rejects.toThrow(ZodError);
      });

      it("name no one, so forgetting a person and purging escalations leave them", async () => {
        const store = await open();
        await store.recordQuestion({ statementId: "zoom", sectionSlug: "sharing", result: "escalated" });
        const { reference } = (await store.createEscalation(newEscalation({ requesterId: "U0LEAVING" }), [])).escalation;
        await store.resolve(reference, "U0AGENT1");
        await store.forgetUser("U0LEAVING");
        await store.purgeExpired(new Date(clock + 365 * DAY), 0);
        expect(await store.listCreatedSince(new Date(0))).toEqual([]);
        expect(await store.questionCounts(new Date(0))).toEqual([
          { day: "2025-03-03", statementId: "zoom", sectionSlug: "sharing", answered: 0, escalated: 1 },
        ]);
      });
    });

    describe("what is kept about people", () => {
      async function escalationWithHistory(store: EscalationStore, requesterId: string, agentId = "U0AGENT1") {
        const { reference } = (await store.createEscalation(newEscalation({ requesterId }), ["slack", "email"])).escalation;
        await store.claim(reference, agentId);
        await store.addMessage({ reference, direction: "to_person", authorId: agentId, authorName: "Sam", text: "Hello" });
        await store.addMessage({ reference, direction: "to_helpdesk", authorId: requesterId, text: "Hi" });
        return reference;
      }

      it("purges resolved escalations, with their messages and deliveries, once the retention period has passed", async () => {
        const store = await open();
        const old = await escalationWithHistory(store, "U0OLD");
        const stillOpen = await escalationWithHistory(store, "U0WAITING");
        await store.resolve(old, "U0AGENT1");
        const resolvedAt = clock;
        clock += 200 * DAY;
        const recent = await escalationWithHistory(store, "U0RECENT");
        await store.resolve(recent, "U0AGENT1");

        expect(await store.purgeExpired(new Date(resolvedAt + 90 * DAY - 1), 90)).toEqual({
          escalations: 0,
          messages: 0,
          deliveries: 0,
          redacted: 0,
        });
        expect(await store.purgeExpired(new Date(resolvedAt + 90 * DAY), 90)).toEqual({
          escalations: 1,
          messages: 2,
          deliveries: 2,
          redacted: 0,
        });
        expect(await store.getByReference(old)).toBeUndefined();
        expect(await store.listMessages(old)).toEqual([]);
        expect((await store.getByReference(stillOpen))?.status).toBe("claimed");
        expect((await store.getByReference(recent))?.status).toBe("resolved");
        await expect(async () => store.purgeExpired(new Date(clock), -1)).rejects.toThrow(RangeError);
      });

      it("forgets a person: their escalations go, and their id is removed from others' they worked on", async () => {
        const store = await open();
        const theirs = await escalationWithHistory(store, "U0LEAVING");
        await store.addMessage({ reference: theirs, direction: "to_helpdesk", authorId: "U0LEAVING", text: "zebra-marmalade" });
        await store.createEscalation(newEscalation({ requesterId: "U0LEAVING" }), ["webhook"]);
        // The same person also worked someone else's escalation as an agent.
        const other = await escalationWithHistory(store, "U0STAYING", "U0LEAVING");
        await store.resolve(other, "U0LEAVING");

        expect(await store.forgetUser("U0LEAVING")).toEqual({ escalations: 2, messages: 3, deliveries: 3, redacted: 3 });
        expect(await store.getByReference(theirs)).toBeUndefined();
        expect(await store.listOpenFor("U0LEAVING")).toEqual([]);
        const kept = (await store.getByReference(other))!;
        expect(kept).toMatchObject({ requesterId: "U0STAYING", claimedBy: FORGOTTEN_USER_ID, resolvedBy: FORGOTTEN_USER_ID });
        expect((await store.listMessages(other)).map((m) => [m.authorId, m.authorName])).toEqual([
          [FORGOTTEN_USER_ID, null],
          ["U0STAYING", null],
        ]);
        expect(await store.forgetUser("U0LEAVING")).toEqual({ escalations: 0, messages: 0, deliveries: 0, redacted: 0 });
        await expect(async () => store.forgetUser(" ")).rejects.toThrow(RangeError);
      });
    });
  });
}
