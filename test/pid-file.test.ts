import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { claimPidFile, pidFileSlot, runningPids } from "../src/pid-file.js";

const dirs: string[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function base(): string {
  const dir = mkdtempSync(join(tmpdir(), "pd-pid-"));
  dirs.push(dir);
  return join(dir, "data", "privacy-desk.pid");
}

/** A live process whose command line looks like `privacy-desk start` (so it counts as a running Privacy Desk). */
function fakeDesk(): number {
  const p = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)", "dist/cli.js", "start"], { stdio: "ignore" });
  cleanups.push(() => p.kill("SIGKILL"));
  return p.pid!;
}

describe("pid files of several instances on one host", () => {
  it("are privacy-desk.pid, then privacy-desk.2.pid, …", () => {
    expect(pidFileSlot("/x/privacy-desk.pid", 1)).toBe("/x/privacy-desk.pid");
    expect(pidFileSlot("/x/privacy-desk.pid", 3)).toBe("/x/privacy-desk.3.pid");
  });

  it("never overwrite a live instance's file, and list every live instance", () => {
    const path = base();
    const other = fakeDesk();
    expect(claimPidFile(path, other)).toBe(path);
    const mine = claimPidFile(path);
    expect(mine).toBe(pidFileSlot(path, 2));
    expect(readFileSync(path, "utf8").trim()).toBe(String(other));
    // This process is not counted (it never signals itself); the other one is.
    expect(runningPids(path)).toEqual([other]);
  });

  it("take over a file left by a process that has died, or whose id now belongs to another program", () => {
    const path = base();
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    claimPidFile(path, dead);
    expect(runningPids(path)).toEqual([]);
    expect(claimPidFile(path)).toBe(path);
    expect(readFileSync(path, "utf8").trim()).toBe(String(process.pid));

    const second = base();
    const sleeper = spawn("sleep", ["30"], { stdio: "ignore" });
    cleanups.push(() => sleeper.kill("SIGKILL"));
    claimPidFile(second, sleeper.pid!);
    expect(claimPidFile(second)).toBe(second);
    expect(sleeper.exitCode).toBeNull();
  });

  it("each get a whole file of their own when many start at the same moment", async () => {
    const path = base();
    const module = resolve("dist/pid-file.js");
    // Each process claims a file, says which, and stays alive (with the command line of `privacy-desk start`).
    const script = `const { claimPidFile } = await import(${JSON.stringify(module)});
      process.stdout.write(claimPidFile(${JSON.stringify(path)}) + "\\n"); setTimeout(() => {}, 30000);`;
    const procs = Array.from({ length: 12 }, () =>
      spawn(process.execPath, ["--input-type=module", "-e", script, "dist/cli.js", "start"], { stdio: ["ignore", "pipe", "inherit"] }),
    );
    for (const p of procs) cleanups.push(() => p.kill("SIGKILL"));
    const claimed = await Promise.all(
      procs.map((p) => new Promise<string>((done) => p.stdout.setEncoding("utf8").once("data", (d: string) => done(d.trim())))),
    );
    expect(new Set(claimed).size).toBe(procs.length);
    for (const [i, p] of procs.entries()) expect(readFileSync(claimed[i]!, "utf8").trim()).toBe(String(p.pid));
    expect(runningPids(path).sort()).toEqual(procs.map((p) => p.pid!).sort());
  });
});
