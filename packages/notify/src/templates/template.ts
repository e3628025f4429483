/** What one kind of notification looks like, in the app and by email. */
export interface Rendered {
  /** The in-app title and the email subject. */
  readonly title: string;
  /** The in-app text and the email body (plain text). */
  readonly body: string;
}

export interface Template<D> {
  /** Whether this kind is also emailed (it is always in the in-app list). */
  readonly email: boolean;
  render(data: D): Rendered;
}

/** Declares one template with its data type inferred from `render`'s parameter. */
export function template<D>(t: Template<D>): Template<D> {
  return t;
}

/** `2026-12-01 14:25 UTC`: one way to show an instant in every message. */
export function utc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
