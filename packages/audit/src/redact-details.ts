const secretKey = /pass(word|phrase)?|secret|token|private.?key|api.?key|authorization|cookie|otp|totp|code|mnemonic|seed/i;

/** Audit details must never hold a secret: drop any key that looks like one, at any depth. */
export function redactDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (secretKey.test(key)) out[key] = '[redacted]';
    else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      out[key] = redactDetails(value as Record<string, unknown>);
    } else out[key] = value;
  }
  return out;
}
