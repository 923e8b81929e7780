import { describe, expect, it } from "vitest";
import { privacyCommand } from "../../../src/slack/listeners/commands/privacy.js";
import { STATUS_NONE, USAGE_INTRO, WHICH_QUESTION } from "../../../src/slack/texts.js";
import { ACTION_IDS } from "../../../src/slack/views/action-ids.js";
import { fakeAck, fakeClient, fakeDeps, fakeRespond } from "./support.js";

function run(text: string) {
  const { deps } = fakeDeps();
  const { client } = fakeClient();
  const { ack, acks } = fakeAck();
  const { respond, responses } = fakeRespond();
  const command = { text, user_id: "U0PERSON", user_name: "jane", channel_id: "C0GENERAL" };
  return { done: privacyCommand(deps)({ command, ack, respond, client }), acks, responses };
}

const buttons = (m: unknown) => JSON.stringify(m).match(/"action_id":"[a-z_]+"/g) ?? [];

describe("privacyCommand", () => {
  it("answers in the acknowledgement itself, privately, with Share in channel", async () => {
    const { done, acks, responses } = run("is my meeting recorded?");
    await done;
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(acks[0])).toContain("Some Zoom conferences may be recorded.");
    expect(buttons(acks[0])).toContain(`"action_id":"${ACTION_IDS.share}"`);
    expect(responses).toEqual([]);
  });

  it("lists open requests for `status`, and gives usage for help", async () => {
    const status = run("status");
    await status.done;
    expect(status.acks[0]).toMatchObject({ response_type: "ephemeral", text: STATUS_NONE });
    const help = run("I need help");
    await help.done;
    expect(help.acks[0]).toMatchObject({ text: USAGE_INTRO });
  });

  it("acknowledges a request for a person at once, then replies through the response URL", async () => {
    const { done, acks, responses } = run("talk to a person");
    await done;
    expect(acks).toEqual([undefined]);
    expect(responses).toEqual([expect.objectContaining({ response_type: "ephemeral", text: WHICH_QUESTION })]);
  });
});
