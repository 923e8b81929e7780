import { EXAMPLE_QUESTIONS } from "./examples.js";

/** What the bot says to a greeting and to thanks, wherever it is asked (Slack, the console). */
export const GREETING_REPLY = `Hi! Ask me a question about a privacy statement — for example, “${EXAMPLE_QUESTIONS[0]}”`;
export const THANKS_REPLY = "You're welcome! Ask again any time.";
