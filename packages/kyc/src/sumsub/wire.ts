/** The JSON shapes SumSub sends, as far as Polymancer reads them (extra fields pass through). */
import { z } from 'zod';

/** `POST /resources/applicants`, `GET /resources/applicants/{id}/one`. Countries are ISO alpha-3. */
export const applicantWire = z.looseObject({
  id: z.string().min(1),
  externalUserId: z.string().optional(),
  info: z
    .looseObject({
      country: z.string().optional(),
      nationality: z.string().optional(),
      idDocs: z.array(z.looseObject({ idDocType: z.string().optional(), country: z.string().optional() })).optional(),
    })
    .optional(),
  fixedInfo: z.looseObject({ country: z.string().optional() }).optional(),
  review: z.looseObject({ reviewStatus: z.string().optional() }).optional(),
});
export type ApplicantWire = z.infer<typeof applicantWire>;

/** `POST /resources/accessTokens/sdk`. */
export const accessTokenWire = z.looseObject({ token: z.string().min(1), userId: z.string().optional() });

/** SumSub's error body: `{ description, code, correlationId, errorCode?, errorName? }`. */
export const errorWire = z.looseObject({ description: z.string().optional(), code: z.number().optional(), correlationId: z.string().optional() });

/** Webhook payload (`applicantReviewed`, `applicantPending`, …). `createdAtMs` is "yyyy-MM-dd HH:mm:ss.SSS" (UTC) in SumSub's samples; a number is accepted too. */
export const webhookWire = z.looseObject({
  applicantId: z.string().min(1),
  externalUserId: z.string().optional(),
  type: z.string().min(1),
  reviewStatus: z.string().optional(),
  createdAtMs: z.union([z.string(), z.number()]).optional(),
  createdAt: z.string().optional(),
  sandboxMode: z.boolean().optional(),
  reviewResult: z
    .looseObject({
      reviewAnswer: z.enum(['GREEN', 'RED']).optional(),
      reviewRejectType: z.enum(['FINAL', 'RETRY']).optional(),
      rejectLabels: z.array(z.string()).optional(),
      moderationComment: z.string().optional(),
      clientComment: z.string().optional(),
    })
    .optional(),
});
export type WebhookWire = z.infer<typeof webhookWire>;
