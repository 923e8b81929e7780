/** Everything Privacy Desk says in Slack, as constants so tests can assert them and reviewers can read them in one place. */

export const APP_NAME = "Privacy Desk";

export const COMMAND_NAME = "/privacy";

/** One line on what the bot does; used in App Home and usage. */
export const WHAT_IT_DOES =
  "I answer questions about Harvard's privacy statements with the exact paragraph that answers them, and a link to the source. " +
  "When a statement doesn't answer your question, I can pass it to ithelp.";

/** Example questions shown in usage and App Home. */
export const EXAMPLE_QUESTIONS: readonly string[] = [
  "What personal information does Harvard collect through Zoom?",
  "Can Harvard see the content of my Zoom meetings?",
  "Does Zoom use cookies?",
  "Who does Harvard share my Zoom information with?",
  "How is my information protected?",
];

export const USAGE_INTRO = `Ask me about a privacy statement: \`${COMMAND_NAME} <your question>\`. Only you see my answer; you can share it in the channel afterwards. You can also send me a direct message, or mention me in a channel.`;
export const EXAMPLES_HEADING = "*Try for example:*";

export const GREETING_REPLY = `Hi! Ask me a question about a privacy statement — for example, “${EXAMPLE_QUESTIONS[0]}”`;
export const THANKS_REPLY = "You're welcome! Ask again any time.";

export const EMPTY_QUESTION_REPLY = `I didn't catch a question there. Try for example “${EXAMPLE_QUESTIONS[0]}”`;
/** Reply when a question is longer than the configured limit; it is not answered in part. */
export const tooLongReply = (max: number, length: number): string =>
  `That message is ${length.toLocaleString("en-US")} characters long; I can take questions of up to ${max.toLocaleString("en-US")} characters. Please ask it more briefly — I haven't answered a shortened version, so nothing was lost.`;

export const ANSWER_LEAD = "Here is what the statement says:";
export const LAST_UPDATED = "Last updated";
export const YOU_ASKED = "You asked:";

export const NO_ANSWER_TEXT =
  "The privacy statements I know don't seem to answer this. I'd rather not guess — ithelp can give you a proper answer.";
export const CLOSEST_HEADING = "*The closest paragraphs I found:*";
export const NO_CLOSE_MATCHES = "I found nothing close to this in the statements.";

export const BUTTON_HELPFUL = "Helpful";
export const BUTTON_NOT_HELPFUL = "Not helpful";
export const BUTTON_ASK_ITHELP = "Ask ithelp";
export const BUTTON_SHARE = "Share in channel";

export const FEEDBACK_HELPFUL_ACK = ":white_check_mark: Thanks — glad it helped.";
export const FEEDBACK_NOT_HELPFUL_ACK = "Thanks for telling me. If you'd like a person to answer, press *Ask ithelp*.";
export const SHARED_NOTE = "You shared this answer in the channel.";
export const sharedBy = (userId: string): string => `Shared by <@${userId}> from ${APP_NAME}.`;

export const HANDOFF_SENT =
  ":incoming_envelope: I've passed your question to ithelp. Someone from the helpdesk will get back to you in Slack.";
export const handoffByEmail = (email: string): string =>
  `You can reach ithelp by email at ${email}; please include your question. (A helpdesk channel isn't configured for me to pass it on directly.)`;
export const HANDOFF_ALREADY_SENT = "You've already passed this question to ithelp; they'll get back to you.";
export const QUESTION_FORGOTTEN =
  "I no longer have that question (I keep questions only briefly). Please ask it again, then press *Ask ithelp* on the new answer.";
export const HELPDESK_POST_HEADING = ":raising_hand: *Question for ithelp from Privacy Desk*";

export const SORRY_TEXT = "Sorry — something went wrong on my side and I couldn't answer. Please try again in a moment.";

export const HOME_HEADING = "Privacy Desk";
export const HOME_STATEMENTS_HEADING = "*Statements I know*";
export const HOME_NO_STATEMENTS = "No statements are loaded at the moment.";
export const homeIthelp = (email: string): string =>
  `*Reaching a person*\nPress *${BUTTON_ASK_ITHELP}* under any answer, or email ithelp at ${email}.`;
export const HOME_HOW = `*How to ask*\n• Send me a message here (Messages tab)\n• Type \`${COMMAND_NAME} <your question>\` anywhere\n• Mention me in a channel; I answer in a thread`;
