import { buildTextMessage, type SlackMessage } from "../../blockkit/blocks.js";
import type { HelpdeskChat } from "../../desk/handoff.js";
import type { QuestionOrigin, QuestionOutcome } from "../../desk/question.js";
import type { SlackDeps } from "../deps.js";
import { HUMAN_REQUEST_LEAD, WHICH_QUESTION } from "../texts.js";
import { buildConsentReply, buildQuestionReply, buildStatusMessage } from "../views/replies.js";

/** Who asked, where, and how the answer may be shown. */
export interface Asker {
  userId: string;
  origin: QuestionOrigin;
  /** The Slack username from the payload, shared when the display name cannot be looked up. */
  userName?: string | undefined;
  /** Adds "Share in channel" under an answer (ephemeral /privacy answers). */
  shareable?: boolean;
}

/**
 * Renders what the desk decided for a message. Only the status list (the store) and the consent step (the
 * person's name, from Slack) wait on anything.
 */
export async function buildReply(outcome: QuestionOutcome, asker: Asker, deps: SlackDeps, chat: HelpdeskChat): Promise<SlackMessage> {
  switch (outcome.kind) {
    case "status":
      return buildStatusMessage(await deps.desk.openRequests(asker.userId));
    case "person": {
      if (!outcome.request) return buildTextMessage(WHICH_QUESTION);
      const consent = await deps.desk.askPerson(
        { ...outcome.request, userId: asker.userId, origin: asker.origin, userName: asker.userName, standalone: true },
        chat,
      );
      return buildConsentReply(consent, HUMAN_REQUEST_LEAD);
    }
    default:
      return buildQuestionReply(outcome, { shareable: asker.shareable });
  }
}
