import { describe, expect, it } from "vitest";
import { isReadableSlackBody } from "../../src/slack/request-guard.js";

const FORM = "application/x-www-form-urlencoded";
const readable = (body: string, type = FORM) => isReadableSlackBody(Buffer.from(body), type);

describe("which request bodies reach Bolt", () => {
  it("Slack's own bodies do: events, slash commands, interactivity, ssl_check", () => {
    expect(readable('{"type":"event_callback","event":{}}', "application/json")).toBe(true);
    expect(readable("command=%2Fprivacy&text=hi&user_id=U1")).toBe(true);
    expect(readable(`payload=${encodeURIComponent('{"type":"block_actions"}')}`)).toBe(true);
    expect(readable("ssl_check=1&token=x")).toBe(true);
  });

  it("a payload or a JSON body that is not an object does not", () => {
    for (const body of ["payload=null", "payload=42", "payload=%22text%22", "payload=%5B%5D", "payload="])
      expect(readable(body), body).toBe(false);
    for (const body of ["null", "42", "[]", '"x"', ""]) expect(readable(body, "application/json"), body).toBe(false);
  });
});
