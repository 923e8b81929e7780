import type { Transporter } from "nodemailer";
import nodemailer from "nodemailer";
import { z } from "zod";
import { DEFAULT_ITHELP_EMAIL } from "../../config.js";
import { DeliveryError, type Destination } from "../outbox.js";
import { escalationKey } from "../store/reference.js";
import type { Escalation } from "../store/types.js";

/** The domain part of every escalation's Message-ID; the reference is the local part. */
export const MESSAGE_ID_DOMAIN = "privacy-desk";

/** Closing paragraph of every escalation email: how the helpdesk answers the person. */
export const DEFAULT_EMAIL_REPLY_INSTRUCTIONS =
  "How to reply: answer in the thread of this escalation's message in the helpdesk's Slack triage channel; " +
  "Privacy Desk relays the reply to the person's direct messages, and relays their answers back to that thread. " +
  "Claim it there first so colleagues know it is taken. Quote the reference in any other correspondence.";

/** `[PD-1042] Privacy question from Jane Doe` */
export function escalationEmailSubject(reference: string, requesterName: string): string {
  return `[${reference}] Privacy question from ${oneLine(requesterName) || "a Slack user"}`;
}

/**
 * `<PD-1042.3f9a0c1d2e4b@privacy-desk>`: the same for every attempt, so the ticketing system can drop a repeat,
 * and different for another installation's PD-1042.
 */
export function escalationMessageId(reference: string, installationId?: string): string {
  return `<${escalationKey(reference, installationId)}@${MESSAGE_ID_DOMAIN}>`;
}

/** Settings of the email destination (from SMTP_URL, ITHELP_EMAIL and the sender settings). */
export const EmailDestinationOptionsSchema = z.object({
  /** e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@smtp.example.edu:465`. */
  smtpUrl: z.string().refine((u) => /^smtps?:\/\/[^\s]+$/i.test(u), "SMTP_URL must look like smtp://host:port or smtps://host:port"),
  to: z.email("ITHELP_EMAIL must be an email address").default(DEFAULT_ITHELP_EMAIL),
  /** The sender, e.g. `Privacy Desk <privacy-desk@example.edu>`. */
  from: z.string().trim().min(3, "the email sender address must be set"),
  /** Where a reply to the email goes; the sender when not set. */
  replyTo: z.string().trim().min(3).optional(),
  replyInstructions: z.string().default(DEFAULT_EMAIL_REPLY_INSTRUCTIONS),
  /** The store's installation id, carried in the Message-ID. */
  installationId: z.string().min(1).optional(),
  /** Upper bound on connecting, greeting and each socket read, so a hung server frees the worker. */
  timeoutMs: z.number().int().positive().default(15_000),
});
export type EmailDestinationOptions = z.input<typeof EmailDestinationOptionsSchema>;

/** The message an escalation becomes, before it is handed to SMTP. */
export interface EscalationEmail {
  from: string;
  to: string;
  replyTo: string;
  subject: string;
  messageId: string;
  text: string;
  headers: Record<string, string>;
}

/** Builds the plain-text email for an escalation; pure, so the wording is tested without a server. */
export function buildEscalationEmail(
  e: Escalation,
  options: {
    from: string;
    to: string;
    replyTo?: string | undefined;
    replyInstructions?: string | undefined;
    installationId?: string | undefined;
  },
): EscalationEmail {
  const lines: string[] = [
    `Privacy Desk escalation ${e.reference}`,
    "",
    `Requester: ${oneLine(e.requesterName) || "(no display name)"} (Slack user ${e.requesterId})`,
    `Asked: ${e.createdAt.toISOString()}`,
    `Status: ${e.status}${e.claimedBy ? ` (claimed by Slack user ${e.claimedBy})` : ""}`,
    `Bot confidence: ${Math.round(e.confidence * 100)}% (the bot was not sure enough to answer on its own)`,
    "",
    "Question:",
    indent(e.question),
    "",
    "Note from the person:",
    indent(e.note ?? "(none)"),
    "",
  ];
  if (e.matches.length === 0) {
    lines.push("What the bot found: nothing relevant.", "");
  } else {
    lines.push("What the bot found, best first:");
    e.matches.forEach((m, i) => {
      lines.push(`${i + 1}. ${oneLine(m.statement)} — ${oneLine(m.section)} (score ${m.score.toFixed(2)})`);
      if (m.url) lines.push(`   ${m.url}`);
      lines.push(indent(m.text, "   > "));
    });
    lines.push("");
  }
  lines.push(options.replyInstructions ?? DEFAULT_EMAIL_REPLY_INSTRUCTIONS, "", `Reference: ${e.reference}`, "");
  return {
    from: options.from,
    to: options.to,
    replyTo: options.replyTo ?? options.from,
    subject: escalationEmailSubject(e.reference, e.requesterName),
    messageId: escalationMessageId(e.reference, options.installationId),
    text: lines.join("\n"),
    headers: {
      "X-PrivacyDesk-Reference": e.reference,
      ...(options.installationId ? { "X-PrivacyDesk-Installation": options.installationId } : {}),
    },
  };
}

/** SMTP delivery of escalations to the helpdesk's ticketing mailbox. */
export interface EmailDestination extends Destination {
  name: "email";
  /** Closes the SMTP transport. */
  close(): void;
}

/** Mails escalations to ITHELP_EMAIL over SMTP_URL; SMTP 4xx replies and connection failures are retried. */
export function createEmailDestination(options: EmailDestinationOptions, transport?: Transporter): EmailDestination {
  const o = EmailDestinationOptionsSchema.parse(options);
  const mailer =
    transport ??
    nodemailer.createTransport({
      url: o.smtpUrl,
      connectionTimeout: o.timeoutMs,
      greetingTimeout: o.timeoutMs,
      socketTimeout: o.timeoutMs,
    });
  return {
    name: "email",
    async deliver(e) {
      const mail = buildEscalationEmail(e, o);
      try {
        await mailer.sendMail(mail);
      } catch (err) {
        throw toDeliveryError(err);
      }
    },
    close() {
      mailer.close();
    },
  };
}

/** SMTP 4xx is "try later"; 5xx is a refusal that retrying will not change; no reply at all is an outage. */
function toDeliveryError(err: unknown): DeliveryError {
  const responseCode = (err as { responseCode?: unknown }).responseCode;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof responseCode === "number" && responseCode >= 500)
    return new DeliveryError("email", `SMTP server refused the escalation (${responseCode}): ${message}`, {
      retryable: false,
      cause: err,
    });
  const what = typeof responseCode === "number" ? `replied ${responseCode}` : `failed${code ? ` (${String(code)})` : ""}`;
  return new DeliveryError("email", `SMTP ${what}: ${message}`, { retryable: true, cause: err });
}

function oneLine(s: string): string {
  // Keeps header-bound and list-line text on one line whatever the person typed.
  return s
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function indent(text: string, prefix = "  "): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => prefix + l)
    .join("\n");
}
