/** OpenAPI `detail` shared by the bots routes: tag, both session kinds, and a note on units. */
export function botDetail(summary: string, errors = '') {
  return {
    summary,
    tags: ['bots'],
    security: [{ bearer: [] }, { cookie: [] }],
    description: `Money in integer micros (JSON numbers; 1 pUSD = 1000000), prices in micro-dollars per share (0.53 → 530000), rates in basis points, times ISO-8601. Another user's bot answers 404. ${errors}`.trim(),
  };
}
