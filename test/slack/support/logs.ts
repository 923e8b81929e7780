import { createLogger, type Logger } from "../../../src/logger.js";

/** A logger whose JSON lines are kept in memory, so tests can read what was logged. */
export function captureLogger(level: "info" | "debug" | "trace" = "info"): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, text: () => lines.join("") };
}
