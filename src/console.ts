import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { handleQuestion, type QuestionPorts } from "./desk/question.js";
import { formatReplyText } from "./format.js";
import { SILENT_LOGGER } from "./log.js";
import type { AnswerEngine } from "./search/answer.js";

/** What the local console says first: it runs without Slack, on the statements loaded. */
export function consoleGreeting(engine: AnswerEngine): string {
  const known = engine.statements.map((s) => `  - ${s.title} (updated ${s.updated})`).join("\n");
  return `Privacy Desk — local console (no Slack settings found).\nAsk a question about:\n${known}\nType a question and press Enter; "exit" or Ctrl-D quits.\n`;
}

/** An interactive prompt over the engine: the embedded default when no Slack credentials are configured. */
export async function runConsole(engine: AnswerEngine, input: Readable, output: Writable, helpdesk: string): Promise<void> {
  output.write(consoleGreeting(engine));
  const ports: QuestionPorts = { engine: () => engine, logger: SILENT_LOGGER, now: Date.now };
  const rl = createInterface({ input, output, prompt: "\nprivacy> ", terminal: false });
  rl.prompt();
  for await (const line of rl) {
    const question = line.trim();
    if (question === "exit" || question === "quit") break;
    if (question) output.write(`\n${formatReplyText(handleQuestion({ text: question, origin: "console" }, ports), helpdesk)}\n`);
    rl.prompt();
  }
  rl.close();
  output.write("\nBye.\n");
}
