/** Everything Privacy Desk says in Slack, as constants so tests can assert them and reviewers can read them in one place. */

export const APP_NAME = "Privacy Desk";

export const COMMAND_NAME = "/privacy";

/** One line on what the bot does; used in App Home and usage. */
export const WHAT_IT_DOES =
  "I answer questions about Harvard's privacy statements with the exact paragraph that answers them, and a link to the source. " +
  "When a statement doesn't answer your question, I can pass it to ithelp.";

import { EXAMPLE_QUESTIONS } from "../desk/examples.js";

export { EXAMPLE_QUESTIONS };

// Written as mrkdwn: Slack reads `<…>` as a link even inside code, so the placeholder's brackets are escaped.
export const USAGE_INTRO = `Ask me about a privacy statement: \`${COMMAND_NAME} &lt;your question&gt;\`. Only you see my answer; you can share it in the channel afterwards. You can also send me a direct message, or mention me in a channel.`;
export const EXAMPLES_HEADING = "*Try for example:*";
export const USAGE_STATUS = `\`${COMMAND_NAME} status\` lists your open requests with ithelp. To reach a person, press *Ask ithelp* under an answer, or just say you'd like to talk to a person.`;

export { GREETING_REPLY, THANKS_REPLY } from "../desk/small-talk-replies.js";

export const EMPTY_QUESTION_REPLY = `I didn't catch a question there. Try for example “${EXAMPLE_QUESTIONS[0]}”`;
/** Reply when a question is longer than the configured limit; it is not answered in part. */
export const tooLongReply = (max: number, length: number): string =>
  `That message is ${length.toLocaleString("en-US")} characters long; I can take questions of up to ${max.toLocaleString("en-US")} characters. Please ask it more briefly — I haven't answered a shortened version, so nothing was lost.`;

/** Reply when a person has asked more than the per-minute limit; the question is neither answered nor kept. */
export const rateLimitedReply = (limit: number, retryAfterMs: number): string => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const when = seconds === 1 ? "in a second" : seconds < 60 ? `in ${seconds} seconds` : "in about a minute";
  return `You've asked ${limit.toLocaleString("en-US")} questions in the last minute, which is as many as I take from one person. You can ask again ${when}. I haven't answered or kept this one, so please send it again then.`;
};

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
export const FEEDBACK_NOT_HELPFUL_ACK = "Thanks for telling me. A person at ithelp can answer instead.";
export const SHARED_NOTE = "You shared this answer in the channel.";
export const sharedBy = (userId: string): string => `Shared by <@${userId}> from ${APP_NAME}.`;

export const handoffByEmail = (email: string): string =>
  `You can reach ithelp by email at ${email}; please include your question. (A helpdesk channel isn't configured for me to pass it on directly.)`;
export const QUESTION_FORGOTTEN =
  "I no longer have that question (I keep questions only briefly). Please ask it again, then press *Ask ithelp* on the new answer.";

// ---- The hand-off, the person's side: consent first, then a thread in the DM ----

export const BUTTON_SEND_TO_ITHELP = "Send to ithelp";
export const BUTTON_ADD_NOTE = "Add a note…";
export const BUTTON_CANCEL = "Cancel";
/** Leads the consent step when the person asked for a person in words. */
export const HUMAN_REQUEST_LEAD = "Sure — a person at ithelp can help with this.";
export const CONSENT_HEADING = "*Before anything is sent:* this is exactly what ithelp will receive.";
export const CONSENT_QUESTION = "*Your question*";
export const CONSENT_NAME = "*Your Slack name*";
export const CONSENT_MATCHES = "*The paragraphs I found*";
export const CONSENT_NO_MATCHES = "None — I found nothing close in the statements.";
export const CONSENT_NOTE = "*Your note*";
export const NO_DISPLAY_NAME = "(no display name; ithelp sees your Slack account)";
export const consentFooter = (retentionDays: number): string =>
  `Nothing is sent until you press *${BUTTON_SEND_TO_ITHELP}*. I keep what you send, and the messages about it, until ${retentionDays} days after ithelp resolves it.`;
export const CONSENT_CANCELLED = "Cancelled — nothing was sent to ithelp.";
/** The reply to "talk to a person" when there is no recent question to pass on. */
export const WHICH_QUESTION =
  "Sure — I can pass a question to ithelp. What would you like to ask? Send me the question, and I'll show you exactly what I'd share before anything is sent.";
export const NOTE_MODAL_TITLE = "Send to ithelp";
export const NOTE_MODAL_SUBMIT = "Send to ithelp";
export const NOTE_MODAL_CLOSE = "Back";
export const NOTE_LABEL = "Note for ithelp (optional)";
export const NOTE_PLACEHOLDER = "Anything that helps them answer: which meeting, when, what you have tried.";

export const handoffSent = (reference: string): string =>
  `:incoming_envelope: Sent to ithelp as *${reference}*. Their replies come to you in its thread in our direct messages.`;
export const handoffAlreadySent = (reference: string): string =>
  `You've already sent this question to ithelp as *${reference}*; its thread in our direct messages carries the replies.`;
/** The root of the person's DM thread for an escalation. */
export const personThreadRoot = (reference: string, repliesInSlack: boolean): string =>
  `:incoming_envelope: *${reference}* — your question is with ithelp.\n` +
  (repliesInSlack
    ? "*What happens next:* someone from ithelp picks it up and answers here, in this thread. Anything you write in this thread goes to them. "
    : "*What happens next:* ithelp picks it up from their mailbox and contacts you; quote the reference if you write to them. ") +
  `\`${COMMAND_NAME} status\` lists your open requests.`;
export const STATUS_HEADING = "*Your open requests with ithelp*";
export const STATUS_NONE = "You have no open requests with ithelp.";
export const STATUS_OPEN = "waiting for ithelp";
export const STATUS_CLAIMED = "ithelp is on it";
export const handoffClaimedNotice = (agent: string, reference: string): string =>
  `:raising_hand: ${agent} from ithelp has picked up *${reference}*. Their replies appear in this thread, and anything you write here goes to them.`;
export const handoffResolvedNotice = (reference: string): string =>
  `:white_check_mark: ithelp has marked *${reference}* as resolved. If you still need help, ask me again and press *Ask ithelp*; that starts a new request.`;
export const agentRelayLead = (agent: string): string => `*${agent}* from ithelp:`;
export const personRelayClosed = (reference: string): string =>
  `*${reference}* is resolved, so I didn't pass that on. If you still need help, ask me again and press *Ask ithelp*.`;
export const personRelayByEmail = (reference: string, email: string): string =>
  `I've kept your message with *${reference}*, but ithelp handles this request by email, so they won't see it here. Please write to ${email} and quote ${reference}.`;

// ---- The hand-off, the helpdesk's side (the triage message itself is rendered by the Slack destination) ----

export const alreadyClaimedBy = (reference: string, owner: string): string => `*${reference}* is already claimed by ${owner}.`;
export const alreadyYours = (reference: string): string => `You have already claimed *${reference}*.`;
export const alreadyResolved = (reference: string): string => `*${reference}* is already resolved.`;
export const resolveFirst = (reference: string): string => `Resolve *${reference}* first; then say which paragraph answered it.`;
export const ESCALATION_NOT_FOUND =
  "I can't find that request any more; it may have been deleted under the retention policy or at the person's request.";
export const agentRelayClosed = (reference: string): string => `*${reference}* is resolved, so this reply was not passed on to the person.`;
export const RELAY_FAILED = "Sorry — I couldn't pass that message on just now. Please send it again in a moment.";

/** Send was pressed while the database was busy: the request is kept and saved as soon as it can be. */
export const SEND_SAVING =
  "Got it — I'm saving your request for ithelp; that is taking a moment longer than usual. I'll give you its reference here as soon as it's saved.";
/** The database stayed busy past the time Send keeps trying; nothing was sent. */
export const SEND_STILL_BUSY =
  "Sorry — I couldn't save your request just now, so nothing was sent to ithelp yet. Please press *Send to ithelp* again in a moment.";
/** The note modal's submission met a busy database; the modal stays open. */
export const NOTE_TRY_AGAIN = "I couldn't save this just now. Please press Send to ithelp again in a moment.";
export const SORRY_TEXT = "Sorry — something went wrong on my side and I couldn't answer. Please try again in a moment.";

export const HOME_HEADING = "Privacy Desk";
/** The privacy office's part of App Home (PRIVACY_OFFICE_USERS only). */
export const officeHeading = (days: number): string => `Privacy office: the last ${days} days`;
export const OFFICE_ONLY_YOU = "Only the people in PRIVACY_OFFICE_USERS see this part.";
export const OFFICE_FULL_REPORT =
  "The full report, with every question sent to ithelp and the phrasings to add: `privacy-desk report --html report.html`";
export const OFFICE_UNAVAILABLE = "The privacy office summary could not be read just now; try opening Home again.";
export const OFFICE_FILES = "Statement files";
export const HOME_STATEMENTS_HEADING = "*Statements I know*";
export const HOME_NO_STATEMENTS = "No statements are loaded at the moment.";
export const homeIthelp = (email: string): string =>
  `*Reaching a person*\nPress *${BUTTON_ASK_ITHELP}* under any answer or tell me you'd like to talk to a person; I show you what I'd send before sending anything. \`${COMMAND_NAME} status\` lists your open requests. Or email ithelp at ${email}.`;
export const HOME_HOW = `*How to ask*\n• Send me a message here (Messages tab)\n• Type \`${COMMAND_NAME} &lt;your question&gt;\` anywhere\n• Mention me in a channel; I answer in a thread`;
