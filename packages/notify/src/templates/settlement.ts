/** Notifications of the settlement monitor (`@polymancer/settlement`). */
import { template } from './template.ts';

export const settlementTemplates = {
  'settlement.pending_too_long': template<{ readonly txHash: string; readonly kind: string; readonly botId: string | null; readonly pendingSecs: number }>({
    email: true,
    render: (d) => ({
      title: 'A settlement transaction is taking long',
      body: `The ${d.kind === 'redemption' ? 'redemption' : 'trade settlement'} transaction ${d.txHash} has been pending for ${Math.floor(d.pendingSecs / 60)} minutes. Polygon may be congested; we keep watching it and will tell you if it fails.`,
    }),
  }),
  'settlement.failed': template<{ readonly txHash: string; readonly kind: string; readonly botId: string | null }>({
    email: true,
    render: (d) => ({
      title: 'A settlement transaction failed',
      body: `The ${d.kind === 'redemption' ? 'redemption' : 'trade settlement'} transaction ${d.txHash} failed on chain. Check the bot's trades and your balance.`,
    }),
  }),
};
