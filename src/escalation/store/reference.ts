/** The first reference handed out is `PD-1001`. */
export const FIRST_REFERENCE_NUMBER = 1001;
/** Stands in for a forgotten person's id where the record itself belongs to someone else. */
export const FORGOTTEN_USER_ID = "forgotten";
export const REFERENCE_PREFIX = "PD-";
const REFERENCE_PATTERN = /\bPD-(\d{1,12})\b/i;

/** `1042` → `PD-1042`. */
export function formatReference(n: number): string {
  return `${REFERENCE_PREFIX}${n}`;
}

/** Finds a reference in free text (`pd-1042`, `[PD-1042] …`) and returns it canonical, or null. */
export function parseReference(text: string): string | null {
  const m = REFERENCE_PATTERN.exec(text);
  return m?.[1] ? formatReference(Number(m[1])) : null;
}

/** A reference as the person or agent typed it, in the form the store keeps (`pd-1042 ` → `PD-1042`). */
export function normalizeReference(reference: string): string {
  return reference.trim().toUpperCase();
}

/**
 * `PD-1042` of installation `3f9a0c1d2e4b` → `PD-1042.3f9a0c1d2e4b`: the escalation's key across installations
 * (email Message-ID, webhook Idempotency-Key, the triage post's metadata). People only ever see `PD-1042`.
 */
export function escalationKey(reference: string, installationId: string | undefined): string {
  return installationId ? `${reference}.${installationId}` : reference;
}
