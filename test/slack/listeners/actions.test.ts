import { describe, expect, it } from "vitest";
import { StoreBusyError } from "../../../src/escalation/store/errors.js";
import type { EscalationStore } from "../../../src/escalation/store/types.js";
import { askIthelpButton } from "../../../src/slack/listeners/actions/ask-ithelp.js";
import { consentCancelButton } from "../../../src/slack/listeners/actions/consent-cancel.js";
import { consentNoteButton } from "../../../src/slack/listeners/actions/consent-note.js";
import { consentSendButton } from "../../../src/slack/listeners/actions/consent-send.js";
import { helpfulButton } from "../../../src/slack/listeners/actions/helpful.js";
import { notHelpfulButton } from "../../../src/slack/listeners/actions/not-helpful.js";
import { shareAnswerButton } from "../../../src/slack/listeners/actions/share-answer.js";
import { claimButton } from "../../../src/slack/listeners/actions/triage-claim.js";
import { resolveButton } from "../../../src/slack/listeners/actions/triage-resolve.js";
import {
  alreadyResolved,
  CONSENT_CANCELLED,
  CONSENT_HEADING,
  ESCALATION_NOT_FOUND,
  FEEDBACK_HELPFUL_ACK,
  handoffSent,
  QUESTION_FORGOTTEN,
  SEND_SAVING,
  SHARED_NOTE,
} from "../../../src/slack/texts.js";
import { ACTION_IDS, encodeActionValue, VIEW_IDS } from "../../../src/slack/views/action-ids.js";
import { encodeConsentValue } from "../../../src/slack/views/consent.js";
import { newEscalation } from "../../escalation/fixtures.js";
import { createMemoryDatabase, createMemoryStore } from "../../support/memory-store.js";
import { buttonArgs, fakeClient, fakeDeps } from "./support.js";

/** A remembered question, as a button under its answer carries it. */
function asked(deps: ReturnType<typeof fakeDeps>["deps"], text = "is my meeting recorded?") {
  const outcome = deps.desk.handleQuestion({ text, origin: "dm", userId: "U0PERSON" });
  if (outcome.kind !== "answer" && outcome.kind !== "escalate") throw new Error("expected an answer");
  return { ref: outcome.questionRef!, paragraphId: outcome.answer.matches[0]?.paragraphId };
}

describe("helpfulButton", () => {
  it("acknowledges, counts the paragraph and thanks in place of the buttons", async () => {
    const { deps, feedback } = fakeDeps();
    const { ref, paragraphId } = asked(deps);
    const { args, acks, responses } = buttonArgs(ACTION_IDS.helpful, encodeActionValue({ q: ref, p: paragraphId }), fakeClient().client);
    await helpfulButton(deps)(args);
    expect(acks).toHaveLength(1);
    expect(feedback).toEqual([{ paragraphId: "zoom/access-to-content/1", helpful: true }]);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ replace_original: true });
    expect(JSON.stringify(responses[0])).toContain(FEEDBACK_HELPFUL_ACK);
  });
});

describe("notHelpfulButton", () => {
  it("counts the paragraph and opens the consent step in place, without asking the engine again", async () => {
    const { deps, feedback, engine } = fakeDeps();
    const { ref, paragraphId } = asked(deps);
    const { args, responses } = buttonArgs(ACTION_IDS.notHelpful, encodeActionValue({ q: ref, p: paragraphId }), fakeClient().client);
    await notHelpfulButton(deps)(args);
    expect(feedback).toEqual([{ paragraphId: "zoom/access-to-content/1", helpful: false }]);
    expect(JSON.stringify(responses[0])).toContain(CONSENT_HEADING);
    expect(engine.asked).toHaveLength(1);
  });
});

describe("askIthelpButton", () => {
  it("shows the consent step for the question, or says it is forgotten", async () => {
    const { deps } = fakeDeps();
    const { ref } = asked(deps, "do you use cookies?");
    const { args, responses } = buttonArgs(ACTION_IDS.askIthelp, encodeActionValue({ q: ref }), fakeClient().client);
    await askIthelpButton(deps)(args);
    expect(responses[0]).toMatchObject({ replace_original: true, text: CONSENT_HEADING });
    const forgotten = buttonArgs(ACTION_IDS.askIthelp, encodeActionValue({ q: "gone" }), fakeClient().client);
    await askIthelpButton(deps)(forgotten.args);
    expect(forgotten.responses[0]).toMatchObject({ response_type: "ephemeral", text: QUESTION_FORGOTTEN });
  });

  it("shows the consent step only to the presser when the answer is in a channel", async () => {
    const { deps } = fakeDeps();
    const { ref } = asked(deps);
    const { args, responses } = buttonArgs(ACTION_IDS.askIthelp, encodeActionValue({ q: ref }), fakeClient().client, {
      channel: "C0GENERAL",
    });
    await askIthelpButton(deps)(args);
    expect(responses[0]).toMatchObject({ response_type: "ephemeral", replace_original: false, text: CONSENT_HEADING });
  });
});

describe("shareAnswerButton", () => {
  it("posts the answer visibly without buttons, and marks the private one as shared", async () => {
    const { deps } = fakeDeps();
    const { ref } = asked(deps);
    const { args, responses } = buttonArgs(ACTION_IDS.share, encodeActionValue({ q: ref }), fakeClient().client, { ephemeral: true });
    await shareAnswerButton(deps)(args);
    expect(responses.map((r) => [r.response_type, r.replace_original])).toEqual([
      ["in_channel", false],
      [undefined, true],
    ]);
    expect(JSON.stringify(responses[0])).not.toContain("action_id");
    expect(JSON.stringify(responses[1])).toContain(SHARED_NOTE);
  });
});

describe("consentSendButton", () => {
  it("sends once and replaces the consent step with the reference", async () => {
    const { deps, store } = fakeDeps();
    const { ref } = asked(deps);
    const value = encodeConsentValue({ q: ref, n: "Jane Doe" });
    const { client, named } = fakeClient();
    const { args, responses } = buttonArgs(ACTION_IDS.consentSend, value, client);
    await consentSendButton(deps)(args);
    expect(responses[0]).toMatchObject({ replace_original: true, text: handoffSent("PD-1001") });
    expect((await store.getByReference("PD-1001"))?.requesterName).toBe("Jane Doe");
    // The person's thread opens in the DM the consent was given in.
    expect(named("chat.postMessage")[0]?.args.channel).toBe("D0PERSON");
  });

  it("records the escalation before Slack is answered, so an acknowledged Send survives a crash", async () => {
    const { deps, store } = fakeDeps();
    const { ref } = asked(deps);
    const { args } = buttonArgs(ACTION_IDS.consentSend, encodeConsentValue({ q: ref, n: "Jane Doe" }), fakeClient().client);
    let storedAtAck: unknown;
    const ack = args.ack;
    args.ack = async () => {
      storedAtAck = (await store.getByReference("PD-1001"))?.question;
      await ack();
    };
    await consentSendButton(deps)(args);
    expect(storedAtAck).toBe("is my meeting recorded?");
  });

  it("with the database locked, acknowledges at once, says it is saving, and gives the reference once the lock goes", async () => {
    const inner = createMemoryStore(createMemoryDatabase());
    let refusals = 2;
    const busy: EscalationStore = Object.create(inner, {
      createEscalation: {
        value: (...a: Parameters<EscalationStore["createEscalation"]>) => {
          if (refusals-- > 0) return Promise.reject(new StoreBusyError());
          return inner.createEscalation(...a);
        },
      },
    });
    const { deps } = fakeDeps({ store: busy });
    const { ref } = asked(deps);
    const { args, acks, responses } = buttonArgs(
      ACTION_IDS.consentSend,
      encodeConsentValue({ q: ref, n: "Jane Doe" }),
      fakeClient().client,
    );
    const started = Date.now();
    let ackedAfter = -1;
    const ack = args.ack;
    args.ack = async () => {
      ackedAfter = Date.now() - started;
      await ack();
    };
    await consentSendButton(deps)(args);
    expect(acks).toHaveLength(1);
    expect(ackedAfter).toBeLessThan(500);
    expect(responses.map((r) => r.text)).toEqual([SEND_SAVING, handoffSent("PD-1001")]);
    expect((await inner.getByReference("PD-1001"))?.question).toBe("is my meeting recorded?");
  });
});

describe("consentCancelButton", () => {
  it("sends nothing and says so", async () => {
    const { deps, store } = fakeDeps();
    const { ref } = asked(deps);
    const { args, responses } = buttonArgs(ACTION_IDS.consentCancel, encodeConsentValue({ q: ref, n: "Jane" }), fakeClient().client);
    await consentCancelButton(deps)(args);
    expect(responses[0]).toMatchObject({ replace_original: true, text: CONSENT_CANCELLED });
    expect(await store.countPendingDeliveries()).toBe(0);
  });
});

describe("consentNoteButton", () => {
  it("opens the note modal with the same preview", async () => {
    const { deps } = fakeDeps();
    const { ref } = asked(deps);
    const { client, named } = fakeClient();
    const { args } = buttonArgs(ACTION_IDS.consentNote, encodeConsentValue({ q: ref, n: "Jane" }), client);
    await consentNoteButton(deps)(args);
    const [open] = named("views.open");
    expect(open?.args).toMatchObject({ trigger_id: "T0TRIGGER", view: { callback_id: VIEW_IDS.consentNote } });
    expect(JSON.stringify(open?.args.view)).toContain("is my meeting recorded?");
  });
});

describe("claimButton and resolveButton", () => {
  it("tell the agent alone when the click changed nothing", async () => {
    const { deps, store } = fakeDeps();
    const missing = buttonArgs(ACTION_IDS.claim, "PD-4242", fakeClient().client, { user: "U0AGENT", channel: "C0HELPDESK" });
    await claimButton(deps)(missing.args);
    expect(missing.responses[0]).toMatchObject({ response_type: "ephemeral", text: ESCALATION_NOT_FOUND });

    const { reference } = (await store.createEscalation(newEscalation({ requesterId: "U0PERSON" }), ["slack"])).escalation;
    const claimed = buttonArgs(ACTION_IDS.claim, reference, fakeClient().client, { user: "U0AGENT", channel: "C0HELPDESK" });
    await claimButton(deps)(claimed.args);
    expect(claimed.responses).toEqual([]);
    expect((await store.getByReference(reference))?.claimedBy).toBe("U0AGENT");

    const resolved = buttonArgs(ACTION_IDS.resolve, reference, fakeClient().client, { user: "U0AGENT", channel: "C0HELPDESK" });
    await resolveButton(deps)(resolved.args);
    expect(resolved.responses).toEqual([]);
    const again = buttonArgs(ACTION_IDS.resolve, reference, fakeClient().client, { user: "U0AGENT", channel: "C0HELPDESK" });
    await resolveButton(deps)(again.args);
    expect(again.responses[0]).toMatchObject({ response_type: "ephemeral", text: alreadyResolved(reference) });
  });
});
