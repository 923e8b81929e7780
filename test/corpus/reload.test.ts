import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mayBeStatement } from "../../src/corpus/watch.js";
import { writePidFile } from "../../src/pid-file.js";
import { runReloadCommand, startReloading } from "../../src/reload.js";
import { createEngineHolder } from "../../src/search/holder.js";
import { captureLogger } from "../slack/support/logs.js";
import { CORPUS_DIR } from "../slack/support/real-engine.js";
import { until } from "../support/until.js";

const FILE = "zoom-privacy-statement.md";
const NEW_PARAGRAPH = "Zoom whiteboards are deleted thirty days after the meeting ends.";
const NEW_QUESTION = "When are Zoom whiteboards deleted?";

/** A copy of the shipped corpus the test may edit. */
function corpusCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "pd-corpus-"));
  cpSync(CORPUS_DIR, dir, { recursive: true });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The privacy office's valid edit: a new section and a new date. */
function validEdit(dir: string): void {
  const file = join(dir, FILE);
  const text = readFileSync(file, "utf8").replace("updated: 2022-10-24", "updated: 2025-01-15");
  writeFileSync(file, `${text}\n## Whiteboards\n\n${NEW_PARAGRAPH}\n`);
}

/** A broken edit: the url line removed from the front matter. */
function brokenEdit(dir: string, marker = ""): void {
  const file = join(dir, FILE);
  writeFileSync(file, `${readFileSync(file, "utf8").replace(/^url: .*\n/m, "")}\n${marker}\n`);
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

describe("reloading the statements", () => {
  it("serves new answers after a valid edit", () => {
    const dir = corpusCopy();
    const holder = createEngineHolder({ dir });
    const before = holder.current();
    expect(before.ask(NEW_QUESTION).matches.map((m) => m.text)).not.toContain(NEW_PARAGRAPH);

    validEdit(dir);
    const outcome = holder.reload();
    expect(outcome.ok).toBe(true);
    const answer = holder.current().ask(NEW_QUESTION);
    expect(answer.decision).toBe("answer");
    expect(answer.matches[0]?.text).toBe(NEW_PARAGRAPH);
    expect(holder.current().statements[0]?.updated).toBe("2025-01-15");
    expect(holder.status().reloads).toBe(1);
    // A question already being answered keeps the engine it started with.
    expect(before.ask(NEW_QUESTION).matches.map((m) => m.text)).not.toContain(NEW_PARAGRAPH);
  });

  it("keeps the old statements serving after a broken edit, and says which file and field", () => {
    const dir = corpusCopy();
    const holder = createEngineHolder({ dir });
    const serving = holder.current();
    brokenEdit(dir);
    const outcome = holder.reload();
    expect(outcome).toMatchObject({ ok: false, file: join(dir, FILE), field: "url", problem: "required but missing" });
    expect(holder.current()).toBe(serving);
    expect(holder.current().ask("Does Zoom use cookies?").matches[0]?.section).toBe("Cookies and related technologies");
    expect(holder.status().lastRefused).toMatchObject({ file: FILE, field: "url" });
  });

  it("keeps the old statements when one of several files is broken (all or nothing)", () => {
    const dir = corpusCopy();
    const holder = createEngineHolder({ dir });
    validEdit(dir);
    writeFileSync(join(dir, "another.md"), "---\ntitle: Another\nurl: https://example.org/\nupdated: 2025-13-45\n---\n## A\n\nText.\n");
    expect(holder.reload()).toMatchObject({ ok: false, field: "updated" });
    expect(holder.current().statements.map((s) => s.updated)).toEqual(["2022-10-24"]);
  });

  it("reloads by itself when a statement file is saved, and logs why a broken save was refused", async () => {
    const dir = corpusCopy();
    const holder = createEngineHolder({ dir });
    const logs = captureLogger();
    const reloading = startReloading(holder, { logger: logs.logger, debounceMs: 50, signal: "SIGUSR2" });
    cleanups.push(() => reloading.close());

    validEdit(dir);
    await until("the corrected statement", () => (holder.current().statements[0]?.updated === "2025-01-15" ? true : undefined), 5000);
    expect(holder.current().ask(NEW_QUESTION).matches[0]?.text).toBe(NEW_PARAGRAPH);
    expect(logs.text()).toContain('"event":"corpus_reloaded","trigger":"watch"');

    const serving = holder.current();
    // The broken file carries a line the log must not repeat: the log names the file and field, not its text.
    brokenEdit(dir, "Contents-that-stay-out-of-logs");
    const line = await until(
      "the reload failure in the log",
      () => logs.lines.find((l) => l.includes('"event":"corpus_reload_failed"')),
      5000,
    );
    expect(JSON.parse(line)).toMatchObject({ trigger: "watch", file: join(dir, FILE), field: "url", problem: "required but missing" });
    expect(logs.text()).not.toContain("Contents-that-stay-out-of-logs");
    expect(holder.current()).toBe(serving);
    expect(holder.current().ask(NEW_QUESTION).matches[0]?.text).toBe(NEW_PARAGRAPH);
  });

  it("reacts to statement files and mounted-volume swaps, not to editor swap files", () => {
    expect(["zoom.md", "ZOOM.MD", "..data", "..2025_01_15_10_00_00.123"].filter(mayBeStatement)).toHaveLength(4);
    expect([".zoom.md.swp", "zoom.md~", "4913", "notes.txt", ".#zoom.md"].filter(mayBeStatement)).toEqual([]);
  });

  it("reloads on the reload signal, and not once closed", async () => {
    const dir = corpusCopy();
    const holder = createEngineHolder({ dir });
    const logs = captureLogger();
    const reloading = startReloading(holder, { logger: logs.logger, watch: false, signal: "SIGUSR2" });
    validEdit(dir);
    process.kill(process.pid, "SIGUSR2");
    await until("one reload", () => (holder.status().reloads === 1 ? true : undefined), 5000);
    expect(logs.text()).toContain('"trigger":"SIGUSR2"');
    reloading.close();
    process.kill(process.pid, "SIGUSR2");
    await new Promise((r) => setTimeout(r, 100));
    expect(holder.status().reloads).toBe(1);
  });
});

describe("privacy-desk reload", () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
  };

  it("with nothing running, checks the statements and lists what would be served", () => {
    const dir = corpusCopy();
    validEdit(dir);
    const r = io();
    expect(runReloadCommand(dir, join(dir, "none.pid"), r.io)).toBe(0);
    expect(r.out.join("")).toContain("Zoom Privacy Statement (updated 2025-01-15, 14 sections)");
    expect(r.out.join("")).toContain("Privacy Desk is not running");
  });

  it("refuses a broken corpus, naming the file and field, and signals nothing", () => {
    const dir = corpusCopy();
    brokenEdit(dir);
    const r = io();
    expect(runReloadCommand(dir, join(dir, "none.pid"), r.io)).toBe(2);
    expect(r.err.join("")).toContain(`${FILE}: url: required but missing`);
    expect(r.err.join("")).toContain("keeps serving the statements it has");
  });

  it("never signals a process that is not Privacy Desk, even if a stale pid file names it", async () => {
    const dir = corpusCopy();
    const other = spawn("sleep", ["30"], { stdio: "ignore" });
    cleanups.push(() => other.kill("SIGKILL"));
    const pidFile = join(dir, "privacy-desk.pid");
    writePidFile(pidFile, other.pid!);
    const r = io();
    expect(runReloadCommand(dir, pidFile, r.io)).toBe(0);
    expect(r.out.join("")).toContain("not running");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(other.exitCode).toBeNull();
    expect(other.signalCode).toBeNull();
  });
});
