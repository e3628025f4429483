/**
 * Every kind of notification, by domain. A slice adds a file of templates and spreads it here; the
 * kinds and their data types follow from the templates (`NotificationKinds`).
 */
import { credentialTemplates } from './credentials.ts';
import { paperTemplates } from './paper.ts';
import { safetyTemplates } from './safety.ts';
import { settlementTemplates } from './settlement.ts';
import { unlockTemplates } from './unlock.ts';
import type { Template } from './template.ts';

export const templates = {
  ...credentialTemplates,
  ...unlockTemplates,
  ...safetyTemplates,
  ...settlementTemplates,
  ...paperTemplates,
};

type Templates = typeof templates;
export type NotificationKind = keyof Templates;
/** The data each kind takes (what its template renders from). */
export type NotificationKinds = { [K in NotificationKind]: Templates[K] extends Template<infer D> ? D : never };

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(templates, kind);
}

export { template, utc, type Rendered, type Template } from './template.ts';
