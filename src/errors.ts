/** The parts of an error safe to log: its class, code and Slack's error code — not a message that may quote input. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const coded = error as Error & { code?: unknown; data?: { error?: unknown } };
  return {
    type: error.name,
    code: typeof coded.code === "string" ? coded.code : undefined,
    slackError: typeof coded.data?.error === "string" ? coded.data.error : undefined,
    stack: error.stack?.split("\n").slice(1, 4).join("\n"),
  };
}
