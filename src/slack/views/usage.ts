import { type SlackMessage, section } from "../../blockkit/blocks.js";
import { escapeText } from "../../blockkit/mrkdwn.js";
import { COMMAND_NAME, EXAMPLE_QUESTIONS, EXAMPLES_HEADING, USAGE_INTRO, USAGE_STATUS } from "../texts.js";

/** Usage of /privacy with example questions. */
export function buildUsageBlocks(examples: readonly string[] = EXAMPLE_QUESTIONS): SlackMessage {
  const list = examples.map((q) => `• \`${COMMAND_NAME} ${escapeText(q)}\``).join("\n");
  return {
    text: USAGE_INTRO,
    blocks: [section(USAGE_INTRO), section(`${EXAMPLES_HEADING}\n${list}`), section(USAGE_STATUS)],
  };
}
