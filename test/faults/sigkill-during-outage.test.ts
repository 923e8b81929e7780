import { describe, expect, it } from "vitest";
import { dmChannelOf, type RecordedCall } from "../slack/support/fake-slack.js";
import { sleep } from "./support/app.js";
import { BUTTON, json, mention, openConsent, press, sendDm } from "./support/conversation.js";
import { useFaultApp } from "./support/harness.js";

// Slack's Web API answers 500 to everything; meanwhile a person asks in a DM, another mentions the bot in a
// channel, an agent claims a request and
// replies in its thread, and the person writes back. The app is SIGKILLed while Slack is still down and started
// again on the same database; then Slack recovers. Both answers, the claim notice, the triage message showing the claim and both relays must each arrive
// exactly once. Before, they were retried only inside the killed process, and lost with it.
const SECRET = "fault-kill-outage-secret-01";
const HELPDESK = "C0HELPDESK";
const PERSON = "U0KILLWAIT";
const ASKER = "U0KILLASK";
const AGENT = "U0KILLAGENT";
const MENTIONER = "U0KILLMENTION";
const CHANNEL = "C0GENERAL";
const MENTION_TS = "1700000000.424242";
const BEFORE_KILL_MS = 8_000;
const DOWN_AFTER_RESTART_MS = 8_000;
const RECOVERY_MS = 30_000;

const faults = useFaultApp({ secret: SECRET, token: "xoxb-kill-outage", helpdesk: HELPDESK, behindProxy: true });

describe("SIGKILL while Slack's Web API is down, restart, then Slack recovers", () => {
  it(
    "the DM answer, the mention's answer, the claim notice, the triage message's new state and the relays owed meanwhile each arrive once",
    async () => {
      const { fake, proxy } = faults;
      let desk = faults.desk();
      const consent = await openConsent(desk, PERSON, "killoutage0");
      expect((await press(desk, consent, BUTTON.send, { user: PERSON })).outcome).toMatchObject({ status: 200 });
      const triage = await fake.waitFor(
        (c) => c.method === "chat.postMessage" && c.body.channel === HELPDESK && !c.body.thread_ts && json(c).includes("killoutage0"),
        10_000,
      );
      const root = await fake.waitFor(
        (c) =>
          c.method === "chat.postMessage" && c.body.channel === dmChannelOf(PERSON) && json(c).includes("your question is with ithelp"),
      );
      const rootTs = String(root.reply?.ts);
      const triageTs = String(triage.reply?.ts);

      // Slack goes down (auth.test still answers, so the restarted process can start; everything else fails).
      const downAt = Date.now();
      proxy.set((method) => (method === "auth.test" ? undefined : { status: 500, body: { ok: false, error: "internal_error" } }));
      expect(await sendDm(desk, ASKER, "Does Zoom see my IP address? (asked before the kill)")).toMatchObject({ status: 200 });
      expect(await mention(desk, MENTIONER, "Does Zoom see my IP address? (mentioned before the kill)", CHANNEL, MENTION_TS)).toMatchObject(
        {
          status: 200,
        },
      );
      expect((await press(desk, triage, BUTTON.claim, { user: AGENT, channel: HELPDESK })).outcome).toMatchObject({ status: 200 });
      const agentSaid = "Relayed before the kill: we are looking into it.";
      expect(await sendDm(desk, AGENT, agentSaid, { channel: HELPDESK, channel_type: "channel", thread_ts: triageTs })).toMatchObject({
        status: 200,
      });
      const personSaid = "Person wrote before the kill: thank you";
      expect(await sendDm(desk, PERSON, personSaid, { thread_ts: rootTs })).toMatchObject({ status: 200 });
      await sleep(Math.max(0, BEFORE_KILL_MS - (Date.now() - downAt)));

      const restartedAt = Date.now();
      await faults.restart();
      desk = faults.desk();
      await sleep(DOWN_AFTER_RESTART_MS);
      proxy.set(() => undefined);
      const recoveredAt = Date.now();

      const posted = (c: RecordedCall) => c.method === "chat.postMessage" && c.reply?.ok === true;
      const answers = () =>
        fake.calls.filter((c) => posted(c) && c.reply?.channel === dmChannelOf(ASKER) && json(c).includes("asked before the kill"));
      const mentionAnswers = () =>
        fake.calls.filter(
          (c) =>
            posted(c) && c.body.channel === CHANNEL && c.body.thread_ts === MENTION_TS && json(c).includes("mentioned before the kill"),
        );
      const claimNotices = () => fake.calls.filter((c) => posted(c) && c.body.thread_ts === rootTs && json(c).includes("has picked up"));
      const toPerson = () =>
        fake.calls.filter((c) => posted(c) && c.body.thread_ts === rootTs && json(c).includes("we are looking into it"));
      const toHelpdesk = () => fake.calls.filter((c) => posted(c) && c.body.thread_ts === triageTs && json(c).includes("thank you"));
      const triageShowsClaim = () =>
        fake.calls.filter(
          (c) => c.method === "chat.update" && c.reply?.ok === true && c.body.ts === triageTs && json(c).includes("Claimed"),
        );
      const lists = () => [answers(), mentionAnswers(), claimNotices(), triageShowsClaim(), toPerson(), toHelpdesk()];
      const deadline = Date.now() + RECOVERY_MS;
      while (Date.now() < deadline && lists().some((l) => l.length === 0)) await sleep(100);
      const allArrivedMs = Date.now() - recoveredAt;
      // Anything sent twice would show up in the next few seconds.
      await sleep(3_000);
      if (process.env.FAULT_REPORT)
        console.log(
          JSON.stringify({
            fault: "sigkill-during-outage",
            killedAfterDownMs: restartedAt - downAt,
            downAfterRestartMs: recoveredAt - restartedAt,
            allArrivedAfterRecoveryMs: allArrivedMs,
            counts: lists().map((l) => l.length),
          }),
        );
      expect({
        dmAnswer: answers().length,
        mentionAnswer: mentionAnswers().length,
        claimNotice: claimNotices().length,
        triageShowsClaim: triageShowsClaim().length,
        relayToPerson: toPerson().length,
        relayToHelpdesk: toHelpdesk().length,
      }).toEqual({
        dmAnswer: 1,
        mentionAnswer: 1,
        claimNotice: 1,
        triageShowsClaim: 1,
        relayToPerson: 1,
        relayToHelpdesk: 1,
      });
      // The answer arrived as it would have: with its blocks (the question echoed, the buttons).
      expect(answers()[0]!.body.blocks).toBeTruthy();
    },
    BEFORE_KILL_MS + DOWN_AFTER_RESTART_MS + RECOVERY_MS + 40_000,
  );
});
