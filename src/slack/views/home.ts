import type { types } from "@slack/bolt";
import { type Block, context, divider, fitBlocks, header, section } from "../../blockkit/blocks.js";
import { escapeText, link, truncate } from "../../blockkit/mrkdwn.js";
import type { Statement } from "../../corpus/statement.js";
import {
  EXAMPLE_QUESTIONS,
  EXAMPLES_HEADING,
  HOME_HEADING,
  HOME_HOW,
  HOME_NO_STATEMENTS,
  HOME_STATEMENTS_HEADING,
  homeIthelp,
  LAST_UPDATED,
  OFFICE_UNAVAILABLE,
  WHAT_IT_DOES,
} from "../texts.js";
import { buildOfficeBlocks, type OfficeSummary } from "./office.js";

/** Statements listed one per block up to this many; the rest are summarised, keeping the view within 50 blocks. */
const MAX_LISTED_STATEMENTS = 35;

/** The App Home tab: what the bot does, how to ask, example questions, the statements it knows, how to reach ithelp. */
export function buildHomeView(
  statements: readonly Statement[],
  options: { ithelpEmail: string; examples?: readonly string[]; office?: OfficeSummary | "unavailable" },
): types.HomeView {
  const examples = options.examples ?? EXAMPLE_QUESTIONS;
  // The privacy office's summary comes first for the people it is for; nobody else is given one.
  const office =
    options.office === "unavailable" ? [context(OFFICE_UNAVAILABLE), divider()] : options.office ? buildOfficeBlocks(options.office) : [];
  const blocks: Block[] = [
    ...office,
    header(HOME_HEADING),
    section(WHAT_IT_DOES),
    section(HOME_HOW),
    section(`${EXAMPLES_HEADING}\n${examples.map((q) => `• ${escapeText(q)}`).join("\n")}`),
    divider(),
    section(HOME_STATEMENTS_HEADING),
  ];
  if (statements.length === 0) blocks.push(context(HOME_NO_STATEMENTS));
  const sorted = [...statements].sort((a, b) => a.title.localeCompare(b.title));
  const listed = MAX_LISTED_STATEMENTS - office.length;
  for (const statement of sorted.slice(0, listed)) {
    blocks.push(
      section(
        `*${link(statement.url, truncate(statement.title, 300))}*\n` +
          `${LAST_UPDATED} ${escapeText(statement.updated)} · ${statement.sections.length} sections`,
      ),
    );
  }
  if (sorted.length > listed) {
    blocks.push(context(`…and ${sorted.length - listed} more.`));
  }
  blocks.push(divider(), section(homeIthelp(escapeText(options.ithelpEmail))));
  return { type: "home", blocks: fitBlocks(blocks) };
}
