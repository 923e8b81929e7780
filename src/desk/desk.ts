import type { Feedback, FeedbackSink } from "./feedback.js";
import type {
  AgentClick,
  AgentClickOutcome,
  AnsweredByClick,
  Consent,
  ConsentOutcome,
  HandOff,
  HandOffRequest,
  HelpdeskChat,
  SendOutcome,
  ThreadMessage,
} from "./handoff.js";
import {
  handleQuestion,
  type QuestionAtHand,
  type QuestionInput,
  type QuestionOutcome,
  type QuestionPorts,
  recallQuestion,
} from "./question.js";

/** Everything the desk works over: the engine and in-memory state of the question flow, the hand-off, feedback. */
export interface DeskPorts extends QuestionPorts {
  handOff: HandOff;
  feedback: FeedbackSink;
}

/**
 * The product's use cases, for any transport. Each is a plain function over the ports; the Slack listeners, the
 * console and the CLI call these and render what they return.
 */
export interface Desk {
  /** One message from a person: see `handleQuestion`. */
  handleQuestion(input: QuestionInput): QuestionOutcome;
  /** The question behind a button (and the answer it got, without asking the engine again), or undefined once forgotten. */
  recall(questionRef: string | undefined): QuestionAtHand | undefined;
  /** Helpful / Not helpful: counted for the paragraph, nothing about who pressed. */
  recordFeedback(feedback: Feedback): Promise<void>;
  /** Ask a person: the consent step for a question, showing exactly what would be shared. Sends nothing. */
  askPerson(request: HandOffRequest, chat: HelpdeskChat): Promise<ConsentOutcome>;
  /** Consent and send: records the escalation and its deliveries, and opens the person's thread. */
  send(consent: Consent, chat: HelpdeskChat): Promise<SendOutcome>;
  /** The person's open requests. */
  openRequests: HandOff["status"];
  /** An agent claims an escalation. */
  claim(click: AgentClick, chat: HelpdeskChat): Promise<AgentClickOutcome>;
  /** An agent resolves an escalation. */
  resolve(click: AgentClick, chat: HelpdeskChat): Promise<AgentClickOutcome>;
  /** An agent says which paragraph found answered a resolved escalation. */
  answeredBy(click: AnsweredByClick, chat: HelpdeskChat): Promise<AgentClickOutcome>;
  /** Relay what the person wrote in an escalation's thread; false when the thread is no escalation's. */
  relayFromPerson(message: ThreadMessage, chat: HelpdeskChat): Promise<boolean>;
  /** Relay what an agent wrote in a triage thread; false when the thread is no escalation's. */
  relayFromAgent(message: ThreadMessage, chat: HelpdeskChat): Promise<boolean>;
  /** True when the thread is an escalation's triage message (an agent mentioning the bot there is relayed, not answered). */
  isTriageThread: HandOff["isTriageThread"];
}

/** Builds the desk over its ports. */
export function createDesk(ports: DeskPorts): Desk {
  const { handOff, logger } = ports;
  return {
    handleQuestion: (input) => handleQuestion(input, ports),
    recall: (ref) => recallQuestion(ref, ports),
    recordFeedback: async (feedback) => {
      await ports.feedback.record(feedback);
    },
    askPerson: (request, chat) => handOff.prepare(request, chat, logger),
    send: (consent, chat) => handOff.send(consent, chat, logger),
    openRequests: (userId) => handOff.status(userId),
    claim: (click, chat) => handOff.claim(click, chat, logger),
    resolve: (click, chat) => handOff.resolve(click, chat, logger),
    answeredBy: (click, chat) => handOff.answeredBy(click, chat, logger),
    relayFromPerson: (message, chat) => handOff.fromPerson(message, chat, logger),
    relayFromAgent: (message, chat) => handOff.fromAgent(message, chat, logger),
    isTriageThread: (channel, threadTs) => handOff.isTriageThread(channel, threadTs),
  };
}
