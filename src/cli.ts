#!/usr/bin/env node
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type CommandLineConfig, ConfigError, loadCommandLineConfig } from "./config.js";
import { defaultCacheDir, loadCorpusCachedKeyed } from "./corpus/cache.js";
import { CorpusError } from "./corpus/errors.js";
import type { Statement } from "./corpus/statement.js";
import { handleQuestion, type QuestionPorts } from "./desk/question.js";
import { answerJson, formatReplyText } from "./format.js";
import { SILENT_LOGGER } from "./log.js";
import type { AnswerEngine } from "./search/answer.js";
import { cachedIndex } from "./search/cached-index.js";
import { createEngine } from "./search/engine.js";

/** The statements shipped with the package. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL("../corpus", import.meta.url));

const USAGE = `Usage: privacy-desk <command> [options]

Commands:
  ask [--json [--explain]] [--corpus DIR] [QUESTION...]   answer a question; with no question, one per line from stdin
  start [--corpus DIR]                        run the bot (Slack when configured, else a local console)
  reload [--corpus DIR]                       check the statements, then have the running bot load them
  eval [--verbose] [--json FILE] [--diff FILE] [--plot FILE.svg]
                                              answer quality, each statement left out of the fit in turn
  calibrate                                   refit the answer decision on every development statement
  purge                                       delete escalations resolved more than RETENTION_DAYS ago
  forget SLACK_USER_ID                        delete everything kept about one person (prints counts only)
  report [--since 30d] [--json] [--html FILE] [--corpus DIR]
                                              what people asked: answered / escalated per statement, Not helpful,
                                              the questions sent to ithelp, phrasings to add
  requeue [REF]                               send failed deliveries again (of one escalation, e.g. PD-1042, or all)

The corpus is --corpus, else CORPUS_DIR, else the statements shipped in corpus/.`;

/** CORPUS_DIR and ITHELP_EMAIL from the environment, validated; a bad value stops the command with exit code 2. */
function commandLineConfig(): CommandLineConfig {
  try {
    return loadCommandLineConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`privacy-desk: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Where `ask` keeps parsed statements: CACHE_DIR, else the user's cache folder; none when CACHE_DIR is "off". */
function statementCacheDir(): string | undefined {
  const set = commandLineConfig().CACHE_DIR;
  return set === "off" ? undefined : set || defaultCacheDir();
}

/** The statements folder: --corpus, else CORPUS_DIR, else the statements shipped with the package. */
function corpusDir(flag: string | undefined): string {
  return flag || commandLineConfig().CORPUS_DIR || DEFAULT_CORPUS_DIR;
}

/**
 * Loads the corpus and builds the engine, or explains on stderr what is wrong and exits non-zero. `deferred`
 * leaves what few questions read to the first question that reads it (see IndexOptions).
 */
export async function engineOrExit(flag: string | undefined, { deferred = false, cached = false } = {}): Promise<AnswerEngine> {
  const dir = corpusDir(flag);
  const cacheDir = cached ? statementCacheDir() : undefined;
  try {
    if (cacheDir) {
      // What is kept is built deferred: only `ask`, which answers a question or two, reads the cache.
      const { statements, key } = await loadCorpusCachedKeyed(dir, cacheDir);
      return createEngine(statements, { index: cachedIndex(statements, key, cacheDir) });
    }
    return createEngine((await import("./corpus/load.js")).loadCorpus(dir), { deferred });
  } catch (err) {
    if (err instanceof CorpusError) {
      process.stderr.write(`privacy-desk: cannot load the statements: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Loads the statements, or explains on stderr what is wrong and exits non-zero. */
function statementsOrExit(flag: string | undefined, loadCorpus: (dir: string) => Statement[]): Statement[] {
  try {
    return loadCorpus(corpusDir(flag));
  } catch (err) {
    if (err instanceof CorpusError) {
      process.stderr.write(`privacy-desk: cannot load the statements: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

async function ask(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, explain: { type: "boolean", default: false }, corpus: { type: "string" } },
  });
  const engine = await engineOrExit(values.corpus, { deferred: true, cached: true });
  const ports: QuestionPorts = { engine: () => engine, logger: SILENT_LOGGER, now: Date.now };
  const helpdesk = commandLineConfig().ITHELP_EMAIL;
  const print = (question: string) => {
    // --json is the engine's result as the contract documents it; the readable form goes through the question flow.
    if (values.json) {
      const answer = engine.ask(question, { explain: values.explain });
      const json = values.explain ? { ...answerJson(answer), explain: answer.explanation } : answerJson(answer);
      process.stdout.write(`${JSON.stringify(json)}\n`);
    } else process.stdout.write(`${formatReplyText(handleQuestion({ text: question, origin: "cli" }, ports), helpdesk)}\n\n`);
  };
  if (positionals.length > 0) {
    print(positionals.join(" "));
    return;
  }
  // One question a line; blank lines still get a result so output lines up with input lines.
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) print(line);
}

async function startCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { corpus: { type: "string" } } });
  const engine = await engineOrExit(values.corpus);
  const [{ start }, { createEngineHolder }] = await Promise.all([import("./start.js"), import("./search/holder.js")]);
  process.exitCode = await start(createEngineHolder({ dir: corpusDir(values.corpus), initial: engine }));
}

async function reloadCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { corpus: { type: "string" } } });
  const [{ loadConfig }, { pidFilePath }, { runReloadCommand }] = await Promise.all([
    import("./config.js"),
    import("./pid-file.js"),
    import("./reload.js"),
  ]);
  const pidFile = pidFilePath(loadConfig(process.env).DATABASE_PATH);
  process.exitCode = runReloadCommand(corpusDir(values.corpus), pidFile, cliOutput);
}

const cliOutput = { out: (text: string) => void process.stdout.write(text), err: (text: string) => void process.stderr.write(text) };

/**
 * Reads `.env` from the working directory when there is one. A variable already in the environment wins over
 * the file, even when it is blank there, so a deployment's own settings are never overridden by a stray file.
 */
function loadDotEnv(): void {
  try {
    process.loadEnvFile(".env");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw new Error(`cannot read .env in ${process.cwd()}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  loadDotEnv();
  switch (command) {
    case "ask":
      return ask(rest);
    case "start":
      return startCommand(rest);
    case "reload":
      return reloadCommand(rest);
    case "purge": {
      const { runPurgeCommand } = await import("./escalation/maintenance.js");
      process.exitCode = await runPurgeCommand(process.env, cliOutput);
      return;
    }
    case "forget": {
      const { runForgetCommand } = await import("./escalation/maintenance.js");
      process.exitCode = await runForgetCommand(process.env, rest[0], cliOutput);
      return;
    }
    case "report": {
      const [{ runReportCommand }, { loadCorpus }] = await Promise.all([import("./report/command.js"), import("./corpus/load.js")]);
      process.exitCode = await runReportCommand(rest, process.env, cliOutput, {
        statements: (flag) => statementsOrExit(flag, loadCorpus),
      });
      return;
    }
    case "requeue": {
      const { runRequeueCommand } = await import("./escalation/maintenance.js");
      process.exitCode = await runRequeueCommand(process.env, rest[0], cliOutput);
      return;
    }
    case "eval": {
      const { runEval } = await import("./eval/run.js");
      process.exitCode = await runEval(rest);
      return;
    }
    case "calibrate": {
      const { runCalibrate } = await import("./eval/calibrate.js");
      process.exitCode = await runCalibrate();
      return;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      process.stderr.write(`privacy-desk: unknown command "${command}"\n\n${USAGE}\n`);
      process.exitCode = 2;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`privacy-desk: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
