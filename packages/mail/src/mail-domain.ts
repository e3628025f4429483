/** The domain of a `From:` address (`Name <user@domain>` or `user@domain`), for Message-IDs. */
export function mailDomainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).trim() : '';
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain.toLowerCase() : 'polymancer.local';
}
