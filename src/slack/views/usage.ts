import { escapeText } from "../../blockkit/mrkdwn.js";
import { COMMAND_NAME, EXAMPLES_HEADING, EXAMPLE_QUESTIONS, USAGE_INTRO, USAGE_STATUS } from "../texts.js";
import { section, type SlackMessage } from "../../blockkit/blocks.js";

/** Usage of /privacy with example questions. */
export function buildUsageBlocks(examples: readonly string[] = EXAMPLE_QUESTIONS): SlackMessage {
  const list = examples.map((q) => `• \`${COMMAND_NAME} ${escapeText(q)}\``).join("\n");
  return {
    text: USAGE_INTRO,
    blocks: [section(USAGE_INTRO), section(`${EXAMPLES_HEADING}\n${list}`), section(USAGE_STATUS)],
  };
}
