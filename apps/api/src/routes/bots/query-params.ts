/** Query-string pieces shared by the paginated and time-ranged read routes. */
import { t } from 'elysia';

export const pageQueryFields = {
  // Ranges are checked by the service, which names the parameter (TypeBox's coerced range errors do not).
  limit: t.Optional(t.Integer({ description: 'Page size, 1–200; default 50.' })),
  cursor: t.Optional(t.String({ minLength: 1, maxLength: 200, description: '`nextCursor` of the previous page.' })),
};

export const timeBound = (description: string) => t.String({ format: 'date-time', description });
