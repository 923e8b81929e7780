import { describe, expect, it } from "vitest";
import { dmChannelOf, type RecordedCall } from "../slack/support/fake-slack.js";
import { sleep } from "./support/app.js";
import { BUTTON, json, openConsent, press, sendDm } from "./support/conversation.js";
import { useFaultApp } from "./support/harness.js";

// Slack's Web API answers 500 to everything for 30 s, then recovers. What the bot owed people in that time — an
// answer in a DM, the news that an agent took their request, an agent's reply — must arrive, each exactly once.
// Before, a DM answer was tried four times over 7 s and dropped, and a relay was stored but never sent.
const SECRET = "fault-outage-secret-0123";
const HELPDESK = "C0HELPDESK";
const PERSON = "U0WAITING";
const ASKER = "U0ASKER";
const AGENT = "U0AGENT";
const OUTAGE_MS = 30_000;
const RECOVERY_MS = 30_000;

const faults = useFaultApp({ secret: SECRET, token: "xoxb-outage", helpdesk: HELPDESK, behindProxy: true });

describe("Slack's Web API fails for 30 s, then recovers", () => {
  it(
    "every DM answer, status update and relay owed meanwhile arrives once",
    async () => {
      const { fake, proxy } = faults;
      const desk = faults.desk();
      // Before the outage: a person's request is with the helpdesk.
      const consent = await openConsent(desk, PERSON, "outage0");
      const sent = await press(desk, consent, BUTTON.send, { user: PERSON });
      expect(sent.outcome).toMatchObject({ status: 200 });
      const triage = await fake.waitFor(
        (c) => c.method === "chat.postMessage" && c.body.channel === HELPDESK && !c.body.thread_ts && json(c).includes("outage0"),
        10_000,
      );
      const root = await fake.waitFor(
        (c) =>
          c.method === "chat.postMessage" && c.body.channel === dmChannelOf(PERSON) && json(c).includes("your question is with ithelp"),
      );
      const rootTs = String(root.reply?.ts);
      const triageTs = String(triage.reply?.ts);

      // Slack goes down.
      const outageStart = Date.now();
      proxy.set(() => ({ status: 500, body: { ok: false, error: "internal_error" } }));
      expect(await sendDm(desk, ASKER, "Does Zoom see my IP address? (asked during the outage)")).toMatchObject({ status: 200 });
      const claimed = await press(desk, triage, BUTTON.claim, { user: AGENT, channel: HELPDESK });
      expect(claimed.outcome).toMatchObject({ status: 200 });
      const relay = await sendDm(desk, AGENT, "Relayed during the outage: we are looking into it.", {
        channel: HELPDESK,
        channel_type: "channel",
        thread_ts: triageTs,
      });
      expect(relay).toMatchObject({ status: 200 });
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - outageStart)));
      proxy.set(() => undefined);
      const recoveredAt = Date.now();

      const answers = (): RecordedCall[] =>
        fake.calls.filter(
          (c) => c.method === "chat.postMessage" && c.body.channel === dmChannelOf(ASKER) && json(c).includes("asked during the outage"),
        );
      const claimNotices = (): RecordedCall[] =>
        fake.calls.filter((c) => c.method === "chat.postMessage" && c.body.thread_ts === rootTs && json(c).includes("has picked up"));
      const relays = (): RecordedCall[] =>
        fake.calls.filter(
          (c) => c.method === "chat.postMessage" && c.body.thread_ts === rootTs && json(c).includes("we are looking into it"),
        );
      const triageUpdates = (): RecordedCall[] =>
        fake.calls.filter((c) => c.method === "chat.update" && c.body.ts === triageTs && json(c).includes("Claimed"));
      const deadline = Date.now() + RECOVERY_MS;
      while (Date.now() < deadline && [answers(), claimNotices(), relays(), triageUpdates()].some((l) => l.length === 0)) await sleep(250);
      if (process.env.FAULT_REPORT)
        console.log(JSON.stringify({ fault: "slack-outage", outageMs: OUTAGE_MS, allArrivedAfterRecoveryMs: Date.now() - recoveredAt }));
      await sleep(1000);
      expect({
        dmAnswer: answers().length,
        claimNotice: claimNotices().length,
        relay: relays().length,
        triageShowsClaimed: triageUpdates().length > 0,
      }).toEqual({ dmAnswer: 1, claimNotice: 1, relay: 1, triageShowsClaimed: true });
    },
    OUTAGE_MS + RECOVERY_MS + 30_000,
  );
});
