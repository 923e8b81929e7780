import type { webApi } from "@slack/bolt";
import { findKeyedPost } from "../blockkit/metadata.js";
import { logError } from "../errors.js";
import type { NewOwedPost, OwedPost, OwedPostQueue } from "../escalation/store/types.js";
import type { Logger } from "../logger.js";
import { type MethodGates, retryOf, SLACK_METHOD_GATES } from "./patient-calls.js";

/** The metadata event type of an owed post; its payload's key finds a post Slack took before a crash. */
export const OWED_POST_METADATA_EVENT = "privacy_desk_owed_post";

/** How owed posts are retried: base doubling to cap, and given up (deleted, logged) once this old. */
export interface OwedPostPolicy {
  baseMs: number;
  capMs: number;
  /** A post older than this is dropped: after 3 hours an outage is an incident, and the message is stale. */
  giveUpAfterMs: number;
}

/** Starts at 1 s and doubles to 10 s, so a post goes out within about 10 s of Slack recovering. */
export const DEFAULT_OWED_POST_POLICY: OwedPostPolicy = { baseMs: 1_000, capMs: 10_000, giveUpAfterMs: 3 * 60 * 60 * 1000 };

/** What the listeners hand a message they owe a person to. */
export interface PostOwer {
  /** Records the post in the store (it survives the process) and wakes the worker; throws when the store cannot. */
  owe(post: NewOwedPost): Promise<void>;
}

/** What an OwedPostWorker needs. */
export interface OwedPostWorkerOptions {
  store: OwedPostQueue;
  /** Fails fast: no retries of its own, 429s rejected, a short timeout (the lease outlasts a lookup and a post). */
  client: webApi.WebClient;
  logger: Logger;
  gates?: MethodGates;
  policy?: Partial<OwedPostPolicy>;
  pollIntervalMs?: number;
  leaseMs?: number;
  now?: () => Date;
}

/** A post's lease; longer than the client's timeout for a lookup and a post together. */
export const OWED_POST_LEASE_MS = 20_000;

/**
 * Sends the posts owed to people from the store, one at a time, with backoff per post and, on a 429, after
 * chat.postMessage's own Retry-After (the method gate every patient call shares), so other methods go on. Exactly
 * once: a post is deleted as soon as Slack has taken it, and a post tried before (a process died mid-send) is first
 * looked for in its channel or thread by the key in its metadata.
 */
export class OwedPostWorker implements PostOwer {
  private readonly policy: OwedPostPolicy;
  private readonly gates: MethodGates;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly now: () => Date;
  private running = false;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;
  private wakeRequested = false;

  constructor(private readonly options: OwedPostWorkerOptions) {
    this.policy = { ...DEFAULT_OWED_POST_POLICY, ...options.policy };
    this.gates = options.gates ?? SLACK_METHOD_GATES;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? OWED_POST_LEASE_MS;
    this.now = options.now ?? (() => new Date());
  }

  async owe(post: NewOwedPost): Promise<void> {
    const queued = await this.options.store.queuePost(post);
    this.options.logger.info(
      { event: "post_owed", post: queued.id, threaded: queued.threadTs !== null },
      "message owed to a person kept until Slack takes it",
    );
    this.wake();
  }

  /** Starts sending in the background, beginning with whatever an earlier process left. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakeRequested = true;
  }

  /** Stops after the post in flight; waiting posts stay in the store for the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  /** Sends every post due now, once each; returns how many Slack took. */
  async runOnce(): Promise<number> {
    const dueBy = this.now();
    let sent = 0;
    while (this.running || this.loop === undefined) {
      if (this.gates.waitFor("chat.postMessage") > 0) break;
      const post = await this.options.store.leaseDuePost(dueBy, this.leaseMs);
      if (!post) break;
      if (await this.attempt(post)) sent++;
    }
    return sent;
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      try {
        await this.runOnce();
      } catch (error) {
        logError(this.options.logger, "owed_post_pass_failed", error, "could not work through the owed posts; will try again");
      }
      if (!this.running) break;
      await this.sleepUntilDue();
    }
  }

  private async sleepUntilDue(): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return;
    }
    let wait = this.pollIntervalMs;
    try {
      const due = await this.options.store.nextPostDueAt();
      if (due) wait = Math.min(wait, Math.max(0, due.getTime() - this.now().getTime()));
    } catch {
      // the poll interval
    }
    wait = Math.max(wait, this.gates.waitFor("chat.postMessage"));
    if (this.wakeRequested || !this.running) {
      this.wakeRequested = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(this.timer);
        this.wakeUp = undefined;
        resolve();
      };
      this.wakeUp = done;
      this.timer = setTimeout(done, wait);
    });
  }

  /** One try; true when Slack has the post (now or from before). */
  private async attempt(post: OwedPost): Promise<boolean> {
    const { store, client, logger } = this.options;
    const log = { post: post.id, try: post.tries };
    try {
      if (post.updateTs !== null) {
        // A message's new state: sending it twice shows the same, so no lookup first.
        await client.chat.update({
          channel: post.channel,
          ts: post.updateTs,
          text: post.text,
          ...(post.blocks ? { blocks: post.blocks } : {}),
        } as webApi.ChatUpdateArguments);
      } else if (post.tries > 1 && (await this.postedBefore(post))) {
        await store.deletePost(post.id);
        logger.info({ event: "owed_post_found", ...log }, "an owed post Slack had taken before a restart was found; not posted again");
        return true;
      } else
        await client.chat.postMessage({
          channel: post.channel,
          text: post.text,
          ...(post.blocks ? { blocks: post.blocks } : {}),
          ...(post.threadTs ? { thread_ts: post.threadTs, reply_broadcast: post.broadcast } : {}),
          metadata: { event_type: OWED_POST_METADATA_EVENT, event_payload: { key: post.key } },
          unfurl_links: false,
          unfurl_media: false,
        } as webApi.ChatPostMessageArguments);
    } catch (error) {
      const retry = retryOf(error);
      const age = this.now().getTime() - post.createdAt.getTime();
      if (!retry || age >= this.policy.giveUpAfterMs) {
        await store.deletePost(post.id);
        logError(
          logger,
          "owed_post_dropped",
          error,
          retry ? "Slack has not taken an owed post for hours; dropped" : "Slack refused an owed post; dropped",
          log,
        );
        return false;
      }
      if (retry.retryAfterMs !== undefined)
        this.gates.hold(post.updateTs === null ? "chat.postMessage" : "chat.update", retry.retryAfterMs);
      const backoff = Math.min(this.policy.capMs, this.policy.baseMs * 2 ** Math.max(0, post.tries - 1));
      const delayMs = Math.max(backoff, retry.retryAfterMs ?? 0);
      await store.retryPostAt(post.id, new Date(this.now().getTime() + delayMs));
      logError(
        logger,
        "owed_post_retry",
        error,
        "Slack did not take an owed post; kept, and tried again later",
        { ...log, delayMs },
        "warn",
      );
      return false;
    }
    // What Slack said is recorded before anything else can fail: the row goes, so no later try posts it again.
    await store.deletePost(post.id);
    logger.info({ event: "owed_post_sent", ...log }, "owed post sent");
    return true;
  }

  /**
   * Whether Slack already has this post (a try whose answer was lost when the process died). Slack failing to
   * answer is thrown (tried later); a refusal to look (no history scope) counts as not found, and it is posted.
   */
  private async postedBefore(post: OwedPost): Promise<boolean> {
    const where = { channel: post.channel, threadTs: post.threadTs, since: post.createdAt };
    try {
      return (await findKeyedPost(this.options.client, where, OWED_POST_METADATA_EVENT, post.key)) !== undefined;
    } catch (error) {
      if (retryOf(error)) throw error;
      return false;
    }
  }
}
