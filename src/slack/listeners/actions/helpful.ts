import type { SlackDeps } from "../../deps.js";
import type { ButtonArgs } from "./button.js";
import { feedbackButton } from "./feedback.js";

/** Helpful under an answer: counted for the paragraph, thanked in place. */
export function helpfulButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return feedbackButton(deps, true);
}
