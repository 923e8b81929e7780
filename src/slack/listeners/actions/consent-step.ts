import type { SlackMessage } from "../../../blockkit/blocks.js";
import type { QuestionAtHand } from "../../../desk/question.js";
import type { SlackDeps } from "../../deps.js";
import { createSlackHelpdeskChat } from "../../helpdesk-chat.js";
import { buildConsentReply } from "../../views/replies.js";
import { type ButtonArgs, originOf } from "./button.js";

/** The consent step for the question behind a button (Ask ithelp, Not helpful). */
export async function consentFor(deps: SlackDeps, { body, client }: ButtonArgs, asked: QuestionAtHand): Promise<SlackMessage> {
  const outcome = await deps.desk.askPerson(
    { ...asked, userId: body.user.id, origin: originOf(body), userName: body.user.username ?? body.user.name },
    createSlackHelpdeskChat(client, deps.logger, deps.owed),
  );
  return buildConsentReply(outcome);
}
