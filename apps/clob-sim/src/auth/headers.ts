/** Reading POLY_* headers (HTTP header names arrive lower-cased). */
export type HeaderBag = Readonly<Record<string, string | undefined>>;

export function polyHeader(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return value === undefined || value === '' ? undefined : value;
}
