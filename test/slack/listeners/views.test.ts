import { describe, expect, it } from "vitest";
import { consentNoteSubmitted } from "../../../src/slack/listeners/views/consent-note-submitted.js";
import { NOTE_ACTION_ID, NOTE_BLOCK_ID } from "../../../src/slack/views/consent.js";
import { fakeAck, fakeClient, fakeDeps } from "./support.js";

const view = (metadata: unknown, note: string) => ({
  id: "V0NOTE",
  private_metadata: JSON.stringify(metadata),
  state: { values: { [NOTE_BLOCK_ID]: { [NOTE_ACTION_ID]: { type: "plain_text_input", value: note } } } },
});

describe("consentNoteSubmitted", () => {
  it("sends the escalation with the note", async () => {
    const { deps, store } = fakeDeps();
    const outcome = deps.desk.handleQuestion({ text: "is my meeting recorded?", origin: "dm", userId: "U0PERSON" });
    const ref = outcome.kind === "answer" ? outcome.questionRef! : "";
    const { ack, acks } = fakeAck();
    await consentNoteSubmitted(deps)({
      ack,
      body: { user: { id: "U0PERSON" } },
      view: view({ v: { q: ref, n: "Jane" } }, "It was my seminar."),
      client: fakeClient().client,
    });
    expect(acks).toEqual([undefined]);
    expect(await store.getByReference("PD-1001")).toMatchObject({ note: "It was my seminar.", requesterName: "Jane" });
  });

  it("keeps the modal open, saying why, when the question is forgotten; nothing is sent", async () => {
    const { deps, store } = fakeDeps();
    const { ack, acks } = fakeAck();
    await consentNoteSubmitted(deps)({
      ack,
      body: { user: { id: "U0PERSON" } },
      view: view({ v: { q: "gone", n: "Jane" } }, "x"),
      client: fakeClient().client,
    });
    expect(acks[0]).toMatchObject({
      response_action: "errors",
      errors: { [NOTE_BLOCK_ID]: expect.stringContaining("no longer have that question") },
    });
    expect(await store.getByReference("PD-1001")).toBeUndefined();
  });
});
