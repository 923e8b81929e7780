import type { webApi } from "@slack/bolt";

/**
 * The ts of a message whose metadata is `eventType` with `key` in its payload, in a thread (`threadTs`) or a channel since about
 * `since`, or undefined when there is none: how a post Slack took before a crash is found instead of sent twice.
 * Slack's errors are thrown.
 */
export async function findKeyedPost(
  client: webApi.WebClient,
  where: { channel: string; threadTs?: string | null; since: Date },
  eventType: string,
  key: string,
): Promise<string | undefined> {
  const oldest = String(Math.floor(where.since.getTime() / 1000) - 60);
  const res = where.threadTs
    ? await client.conversations.replies({ channel: where.channel, ts: where.threadTs, oldest, limit: 200, include_all_metadata: true })
    : await client.conversations.history({ channel: where.channel, oldest, limit: 200, include_all_metadata: true });
  const found = (res.messages ?? []).find((m) => {
    const meta = m.metadata as { event_type?: unknown; event_payload?: { key?: unknown } } | undefined;
    return meta?.event_type === eventType && meta.event_payload?.key === key;
  });
  return found?.ts;
}
