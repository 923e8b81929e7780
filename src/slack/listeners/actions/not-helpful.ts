import type { SlackDeps } from "../../deps.js";
import type { ButtonArgs } from "./button.js";
import { feedbackButton } from "./feedback.js";

/** Not helpful under an answer: counted for the paragraph, and the consent step opens in place. */
export function notHelpfulButton(deps: SlackDeps): (args: ButtonArgs) => Promise<void> {
  return feedbackButton(deps, false);
}
