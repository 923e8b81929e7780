import { type CorpusWatch, watchCorpus } from "./corpus/watch.js";
import type { Logger } from "./logger.js";
import { claimPidFile, removePidFile, runningPids } from "./pid-file.js";
import { buildEngineFromDir, type EngineHolder, type ReloadOutcome } from "./search/holder.js";

/** What started a reload: a statement file was saved ("watch"), or the signal `privacy-desk reload` sends. */
export type ReloadTrigger = "watch" | NodeJS.Signals;

/** Writes the outcome of a reload: which statements now serve, or which file and field stopped it. */
export function logReload(outcome: ReloadOutcome, trigger: ReloadTrigger, logger: Logger): void {
  if (outcome.ok) {
    logger.info(
      {
        event: "corpus_reloaded",
        trigger,
        statements: outcome.engine.statements.map((s) => ({ id: s.id, updated: s.updated })),
        ms: outcome.ms,
      },
      "statements reloaded",
    );
  } else {
    logger.warn(
      { event: "corpus_reload_failed", trigger, file: outcome.file, field: outcome.field, problem: outcome.problem, ms: outcome.ms },
      "statements not reloaded; the previous ones keep serving",
    );
  }
}

/** Options for startReloading. */
export interface ReloadingOptions {
  logger: Logger;
  /**
   * Where this process's id is written, so `privacy-desk reload` knows whom to signal; removed by close(). When
   * another live instance holds it, the next free `privacy-desk.N.pid` beside it is used (see claimPidFile).
   */
  pidFile?: string;
  /** Watch the folder and reload after edits (default true). */
  watch?: boolean;
  debounceMs?: number;
  /** The signal that asks for a reload (default SIGHUP, sent by `privacy-desk reload`). */
  signal?: NodeJS.Signals;
}

/**
 * In the running bot: reloads the corpus when a statement file changes and when the process receives SIGHUP
 * (`privacy-desk reload`). A corpus that does not load entirely is refused: the previous statements keep
 * serving and the log names the file and field. close() stops watching and removes the pid file.
 */
export function startReloading(holder: EngineHolder, options: ReloadingOptions): { close(): void } {
  const { logger } = options;
  const signal = options.signal ?? "SIGHUP";
  let closed = false;
  const reload = (trigger: ReloadTrigger) => logReload(holder.reload(), trigger, logger);
  // Stays installed after close(): a late SIGHUP while stopping must not end the process (its default action).
  process.on(signal, () => {
    if (!closed) reload(signal);
  });

  let watcher: CorpusWatch | undefined;
  if (options.watch !== false) {
    try {
      watcher = watchCorpus(holder.dir, () => reload("watch"), {
        debounceMs: options.debounceMs,
        onError: (error) =>
          logger.warn(
            { event: "corpus_watch_stopped", dir: holder.dir, code: (error as NodeJS.ErrnoException).code },
            "no longer watching the statements folder; `privacy-desk reload` still works",
          ),
      });
    } catch (error) {
      logger.warn(
        { event: "corpus_watch_failed", dir: holder.dir, code: (error as NodeJS.ErrnoException).code },
        "cannot watch the statements folder; run `privacy-desk reload` after edits",
      );
    }
  }
  let pidFile = options.pidFile;
  if (pidFile) {
    try {
      pidFile = claimPidFile(pidFile);
    } catch (error) {
      logger.warn(
        { event: "pid_file_failed", pidFile, code: (error as NodeJS.ErrnoException).code },
        "cannot write the pid file; `privacy-desk reload` will not find this process (send it SIGHUP instead)",
      );
      pidFile = undefined;
    }
  }
  logger.info(
    { event: "corpus_reload_ready", dir: holder.dir, watch: watcher !== undefined, signal, pidFile },
    "statements reload after edits and on `privacy-desk reload`",
  );
  return {
    close() {
      if (closed) return;
      closed = true;
      watcher?.close();
      if (pidFile) removePidFile(pidFile);
    },
  };
}

/** Where `privacy-desk reload` writes. */
export interface ReloadCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * `privacy-desk reload`: checks that every statement in `dir` loads and lists what would be served; then asks
 * every Privacy Desk running on this host (each pid file beside `pidFile` that names a live process) to reload
 * with SIGHUP. Other hosts are not reached: run it on each host, or let each replica's watch of its folder act. Exit code 0 when
 * the statements load, 2 when they do not (nothing is signalled, and the running bot keeps what it has).
 */
export function runReloadCommand(dir: string, pidFile: string, io: ReloadCommandIo, signal: NodeJS.Signals = "SIGHUP"): number {
  let statements: ReturnType<typeof buildEngineFromDir>["statements"];
  try {
    statements = buildEngineFromDir(dir).statements;
  } catch (error) {
    io.err(
      `privacy-desk: the statements in ${dir} do not load: ${error instanceof Error ? error.message : String(error)}\n` +
        "Nothing was reloaded; a running Privacy Desk keeps serving the statements it has. Fix the file and run this again.\n",
    );
    return 2;
  }
  const lines = statements.map((s) => `  ${s.title} (updated ${s.updated}, ${s.sections.length} sections) — ${s.file}`);
  io.out(`The statements in ${dir} load:\n${lines.join("\n")}\n`);
  const pids = runningPids(pidFile);
  if (pids.length === 0) {
    io.out(
      `Privacy Desk is not running (no live process in ${pidFile}), so nothing was signalled. It serves these statements when it starts.\n`,
    );
    return 0;
  }
  for (const pid of pids) process.kill(pid, signal);
  const who =
    pids.length === 1
      ? `the running Privacy Desk (pid ${pids[0]})`
      : `the ${pids.length} Privacy Desk processes on this host (pids ${pids.join(", ")})`;
  io.out(
    `Asked ${who} to reload. Each loads its own statements folder again and swaps only if every file loads; ` +
      "its log says corpus_reloaded or corpus_reload_failed, and GET /healthz lists the statements serving.\n",
  );
  return 0;
}
