/** Example questions shown in usage (Slack, the console, the CLI) and App Home. */
export const EXAMPLE_QUESTIONS: readonly string[] = [
  "What personal information does Harvard collect through Zoom?",
  "Can Harvard see the content of my Zoom meetings?",
  "Does Zoom use cookies?",
  "Who does Harvard share my Zoom information with?",
  "How is my information protected?",
];
