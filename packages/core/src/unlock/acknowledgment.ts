/**
 * The typed acknowledgment. It must be exactly this sentence — same letters, same case, same single
 * spaces, no surrounding whitespace or trailing full stop — because the point is that the user
 * typed it deliberately, not that they approximately agreed.
 */
export const ACKNOWLEDGMENT_TEXT = 'I understand I may lose real money';

export function acknowledgmentMatches(typed: string): boolean {
  return typed === ACKNOWLEDGMENT_TEXT;
}
