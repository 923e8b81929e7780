import { z } from "zod";
import { PrivacyDeskError } from "./errors.js";

/** How the app talks to Slack, derived from which Slack settings are present. */
export type Mode = "socket" | "http" | "console";

/** Names of variables whose values must never be printed. */
export const SECRET_VARIABLES = [
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SMTP_URL",
  "HELPDESK_WEBHOOK_SECRET",
  "DATABASE_URL",
] as const;

// `.env` files often carry `NAME=` for "not set"; treat blank as absent so defaults apply.
const blankAsAbsent = (v: unknown): unknown => (typeof v === "string" && v.trim() === "" ? undefined : v);

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsAbsent, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(blankAsAbsent, schema.default(fallback as never));

const integer = (name: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const httpUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === "https:" || u.protocol === "http:";
      } catch {
        return false;
      }
    }, `${name} must be an http(s) URL`);

/** Where people and escalation emails go when ITHELP_EMAIL is not set: the one place the address is written. */
export const DEFAULT_ITHELP_EMAIL = "ithelp@harvard.edu";

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().trim().startsWith("xoxb-", "SLACK_BOT_TOKEN must be a bot token starting with xoxb-")),
  SLACK_APP_TOKEN: optional(z.string().trim().startsWith("xapp-", "SLACK_APP_TOKEN must be an app-level token starting with xapp-")),
  SLACK_SIGNING_SECRET: optional(
    z.string().trim().min(8, "SLACK_SIGNING_SECRET looks too short; copy it from Basic Information → App Credentials"),
  ),
  PORT: withDefault(integer("PORT", 0, 65535), 3000),
  // The Web API client joins method names onto this base, so it must end with a slash.
  SLACK_API_URL: optional(httpUrl("SLACK_API_URL").transform((v) => (v.endsWith("/") ? v : `${v}/`))),
  HELPDESK_CHANNEL: optional(
    z
      .string()
      .trim()
      .regex(
        /^[CG][A-Z0-9]{2,}$/,
        "HELPDESK_CHANNEL must be a channel ID such as C0123ABCD (not a #name); copy it from the channel's details",
      ),
  ),
  CORPUS_DIR: optional(z.string().trim()),
  // Where `ask` keeps the statements it has parsed (src/corpus/cache.ts); "off" keeps none.
  CACHE_DIR: optional(z.string().trim()),
  LOG_LEVEL: withDefault(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      message: "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    }),
    "info",
  ),
  DATABASE_PATH: withDefault(z.string().trim(), "./data/privacy-desk.db"),
  // Set: every replica shares this PostgreSQL database; unset: one instance on the SQLite file at DATABASE_PATH.
  DATABASE_URL: optional(
    z
      .string()
      .trim()
      .refine((v) => {
        try {
          const u = new URL(v);
          return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "" && u.pathname.length > 1;
        } catch {
          return false;
        }
      }, "DATABASE_URL must look like postgres://user:password@host:5432/database"),
  ),
  ITHELP_EMAIL: withDefault(z.string().trim().email("ITHELP_EMAIL must be an email address"), DEFAULT_ITHELP_EMAIL),
  SMTP_URL: optional(
    z
      .string()
      .trim()
      .refine((v) => /^smtps?:\/\/[^\s]+$/.test(v), "SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465"),
  ),
  MAIL_FROM: optional(
    z
      .string()
      .trim()
      .refine((v) => v.includes("@"), "MAIL_FROM must contain an email address"),
  ),
  HELPDESK_WEBHOOK_URL: optional(httpUrl("HELPDESK_WEBHOOK_URL")),
  HELPDESK_WEBHOOK_SECRET: optional(z.string().min(16, "HELPDESK_WEBHOOK_SECRET must be at least 16 characters")),
  RETENTION_DAYS: withDefault(integer("RETENTION_DAYS", 1, 3650), 90),
  // Deliveries normally go out within seconds; half an hour of waiting means the helpdesk is unreachable.
  STUCK_DELIVERY_MINUTES: withDefault(integer("STUCK_DELIVERY_MINUTES", 1, 10_080), 30),
  RATE_LIMIT_PER_MINUTE: withDefault(integer("RATE_LIMIT_PER_MINUTE", 1, 10_000), 20),
  MAX_QUESTION_CHARS: withDefault(integer("MAX_QUESTION_CHARS", 1, 10_000), 2000),
  // Slack user ids, separated by commas or spaces: these people see the report's summary on App Home.
  PRIVACY_OFFICE_USERS: z.preprocess(
    (v) => blankAsAbsent(v) ?? "",
    z
      .string()
      .transform((v) => v.split(/[\s,]+/).filter((id) => id !== ""))
      .refine(
        (ids) => ids.every((id) => /^[UW][A-Z0-9]{2,}$/.test(id)),
        "PRIVACY_OFFICE_USERS must list Slack user ids such as U012AB3CD, separated by commas",
      ),
  ),
  /** Where the privacy office edits the statement files (a repository folder, a shared drive), linked from App Home. */
  STATEMENT_FILES_URL: optional(httpUrl("STATEMENT_FILES_URL")),
});

/** Problems with how settings combine, judged on which variables are present (so they are reported alongside field errors). */
function combinationProblems(present: (name: string) => boolean): Array<{ path: string; message: string }> {
  const bot = present("SLACK_BOT_TOKEN");
  const app = present("SLACK_APP_TOKEN");
  const signing = present("SLACK_SIGNING_SECRET");
  const problems: Array<{ path: string; message: string }> = [];
  if (bot && !app && !signing) {
    problems.push({
      path: "SLACK_BOT_TOKEN",
      message:
        "SLACK_BOT_TOKEN is set but Slack cannot reach the app: add SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)",
    });
  }
  if (!bot && (app || signing)) {
    problems.push({
      path: "SLACK_BOT_TOKEN",
      message: `${app ? "SLACK_APP_TOKEN" : "SLACK_SIGNING_SECRET"} is set but SLACK_BOT_TOKEN is missing: add the bot token (OAuth & Permissions → Bot User OAuth Token)`,
    });
  }
  if (present("SMTP_URL") && !present("MAIL_FROM")) {
    problems.push({
      path: "MAIL_FROM",
      message: "SMTP_URL is set: add MAIL_FROM, the sender of the escalation emails (e.g. Privacy Desk <privacy-desk@example.edu>)",
    });
  }
  if (present("HELPDESK_WEBHOOK_URL") && !present("HELPDESK_WEBHOOK_SECRET")) {
    problems.push({
      path: "HELPDESK_WEBHOOK_SECRET",
      message: "HELPDESK_WEBHOOK_URL is set: add HELPDESK_WEBHOOK_SECRET so the helpdesk can verify what it receives",
    });
  }
  return problems;
}

/** The environment schema plus the derived `mode`; invalid combinations are reported with what to add. */
export const ConfigSchema = EnvSchema.superRefine((env, ctx) => {
  for (const { path, message } of combinationProblems((name) => env[name as keyof typeof env] !== undefined)) {
    ctx.addIssue({ code: "custom", path: [path], message });
  }
}).transform((env) => ({
  ...env,
  mode: (env.SLACK_APP_TOKEN !== undefined && env.SLACK_BOT_TOKEN !== undefined
    ? "socket"
    : env.SLACK_SIGNING_SECRET !== undefined && env.SLACK_BOT_TOKEN !== undefined
      ? "http"
      : "console") as Mode,
}));

/** The validated configuration. */
export type Config = z.infer<typeof ConfigSchema>;
/** Configuration for Socket Mode: both Slack tokens are present. */
export type SocketConfig = Config & { mode: "socket"; SLACK_BOT_TOKEN: string; SLACK_APP_TOKEN: string };
/** Configuration for HTTP mode: bot token and signing secret are present. */
export type HttpConfig = Config & { mode: "http"; SLACK_BOT_TOKEN: string; SLACK_SIGNING_SECRET: string };
/** Configuration for either Slack mode. */
export type SlackConfig = SocketConfig | HttpConfig;

/** Startup error listing every configuration problem at once; it names variables, never their values. */
export class ConfigError extends PrivacyDeskError {
  constructor(readonly problems: readonly string[]) {
    super(
      "config_invalid",
      `Privacy Desk cannot start: the configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}. ` +
        `Fix these in the environment or .env (see .env.example):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

/** Reads the configuration from an environment (usually `process.env`); throws one ConfigError naming every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join(".") || "environment";
    // Messages above already name their variable; zod's own messages do not.
    return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
  });
  // Zod skips refinements once a field is invalid; judge combinations on presence so every problem is listed at once.
  const present = (name: string): boolean => blankAsAbsent(env[name]) !== undefined;
  problems.push(...combinationProblems(present).map((p) => p.message));
  throw new ConfigError([...new Set(problems)]);
}

/** The settings the command line reads for `ask`, `reload` and the corpus: only these are checked there. */
export const CommandLineConfigSchema = EnvSchema.pick({ CORPUS_DIR: true, CACHE_DIR: true, ITHELP_EMAIL: true });
/** The validated command-line settings. */
export type CommandLineConfig = z.infer<typeof CommandLineConfigSchema>;

/** Reads CORPUS_DIR, CACHE_DIR and ITHELP_EMAIL; throws a ConfigError naming what is wrong. Other settings are not judged. */
export function loadCommandLineConfig(env: Record<string, string | undefined>): CommandLineConfig {
  const result = CommandLineConfigSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => issue.message));
}

/** True when the configuration runs against Slack (Socket Mode or HTTP). */
export function isSlackConfig(config: Config): config is SlackConfig {
  return config.mode === "socket" || config.mode === "http";
}
