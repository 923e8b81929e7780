import { describe, expect, it } from "vitest";
import { type CpuProfile, summariseProfile } from "../../src/bench/profile.js";

const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0 });

// root → processEvent (Bolt) → ask (engine) → a regular expression; plus idle, GC and a socket write.
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 5, 6, 7] },
    { id: 2, callFrame: frame("processEvent", "file:///app/node_modules/@slack/bolt/dist/App.js"), children: [3] },
    { id: 3, callFrame: frame("ask", "file:///app/dist/search/engine.js"), children: [4] },
    { id: 4, callFrame: frame("RegExp: \\bopt\\b") },
    { id: 5, callFrame: frame("(idle)") },
    { id: 6, callFrame: frame("(garbage collector)") },
    { id: 7, callFrame: frame("writev") },
  ],
  samples: [2, 3, 4, 4, 5, 5, 5, 6, 7],
  timeDeltas: [1000, 2500, 1000, 1000, 9000, 9000, 9000, 1500, 3000],
};

describe("a CPU profile's summary", () => {
  const summary = summariseProfile(PROFILE);
  it("leaves idle time out and sums self time by area, a regular expression counting where it was called from", () => {
    expect(summary.busyMs).toBe(10);
    const area = Object.fromEntries(summary.areas.map((a) => [a.name, a.ms]));
    expect(area).toEqual({ engine: 4.5, Bolt: 1, "garbage collection": 1.5, "socket writes": 3 });
    expect(summary.areas[0]).toEqual({ name: "engine", ms: 4.5, share: 0.45 });
  });
  it("lists functions by self time, largest first", () => {
    expect(summary.functions.map((f) => f.name)).toEqual([
      "writev",
      "ask /app/dist/search/engine.js:1",
      "RegExp: \\bopt\\b",
      "(garbage collector)",
      "processEvent @slack/bolt/dist/App.js:1",
    ]);
  });
});
