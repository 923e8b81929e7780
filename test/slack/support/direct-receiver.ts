import type { App, Receiver } from "@slack/bolt";

/** A receiver without a network: tests hand Slack payloads straight to the app, as a receiver would after verifying them. */
export class DirectReceiver implements Receiver {
  private app: App | undefined;
  /** What each ack() was called with, in order. */
  readonly acks: unknown[] = [];

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** Delivers one payload and resolves once every listener has finished. */
  async deliver(body: Record<string, unknown>, extra: { retryNum?: number } = {}): Promise<void> {
    if (!this.app) throw new Error("receiver not initialised");
    await this.app.processEvent({
      body,
      ack: async (response?: unknown) => {
        this.acks.push(response);
      },
      ...(extra.retryNum !== undefined ? { retryNum: extra.retryNum, retryReason: "http_timeout" } : {}),
    });
  }
}
