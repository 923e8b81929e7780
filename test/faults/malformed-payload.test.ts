import { describe, expect, it } from "vitest";
import { postSigned } from "./support/app.js";
import { slash } from "./support/conversation.js";
import { useFaultApp } from "./support/harness.js";

// A signed interactivity request whose payload is JSON `null` once killed the whole process inside Bolt's receiver.
const SECRET = "fault-malformed-secret-0123";
const faults = useFaultApp({ secret: SECRET, token: "xoxb-malformed" });

describe("a signed request the receiver cannot read", () => {
  it.each([
    ["payload=null", "application/x-www-form-urlencoded"],
    ["payload=42", "application/x-www-form-urlencoded"],
    ["null", "application/json"],
  ])("%s (%s) is answered 400, logged, and the next person is served", async (body, contentType) => {
    const { app } = faults;
    const broken = await postSigned(app.port, SECRET, body, contentType);
    expect(broken).toMatchObject({ status: 400 });
    await app.waitForLog((l) => l.includes('"event":"malformed_request"'), 3000);
    expect(app.alive()).toBe(true);
    const next = await slash(faults.desk(), "U0NEXT", "does Zoom see my IP?");
    expect(next).toMatchObject({ status: 200 });
    expect("body" in next && next.body).toContain("IP");
  });
});
