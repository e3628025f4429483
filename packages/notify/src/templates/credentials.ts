/** Notifications of the credential vault (`@polymancer/credentials`). Never a secret in `data`. */
import { template, utc } from './template.ts';

const fromWhere = (ip: string | null, userAgent: string | null) =>
  `${ip ?? 'an unknown address'}${userAgent === null ? '' : ` (${userAgent})`}`;

export const credentialTemplates = {
  'credentials.imported': template<{ readonly credentialId: string; readonly walletType: string; readonly signerAddress: string }>({
    email: true,
    render: (d) => ({
      title: 'Polymarket credentials added',
      body: `Credentials for the ${d.walletType} wallet signed by ${d.signerAddress} were validated and stored. If this was not you, delete them in Settings → Credentials and change your password.`,
    }),
  }),
  'credentials.invalid': template<{ readonly credentialId: string; readonly reason: string; readonly pausedBots: number }>({
    email: true,
    render: (d) => ({
      title: 'Your Polymarket credentials stopped working',
      body: `Re-validation failed: ${d.reason}${d.pausedBots > 0 ? ` ${d.pausedBots} live bot(s) were paused until this is fixed.` : ''} Import working credentials in Settings → Credentials.`,
    }),
  }),
  'credentials.export.requested': template<{ readonly requestId: string; readonly completableAt: string; readonly ip: string | null; readonly userAgent: string | null }>({
    email: true,
    render: (d) => ({
      title: 'Credential export requested',
      body: `An export of your Polymarket credentials was requested from ${fromWhere(d.ip, d.userAgent)}. It can be completed after ${utc(d.completableAt)}. If this was not you, cancel it in Settings → Credentials and change your password now.`,
    }),
  }),
  'credentials.export.completed': template<{ readonly requestId: string; readonly ip: string | null; readonly userAgent: string | null }>({
    email: true,
    render: (d) => ({
      title: 'Credentials exported',
      body: `Your Polymarket credentials were shown once to ${fromWhere(d.ip, d.userAgent)}. If this was not you, revoke the API key on Polymarket, move your funds and change your password now.`,
    }),
  }),
  'credentials.export.cancelled': template<{ readonly requestId: string }>({
    email: true,
    render: () => ({ title: 'Credential export cancelled', body: 'The pending export of your Polymarket credentials was cancelled. Nothing was shown.' }),
  }),
  'credentials.rotation.reminder': template<{ readonly credentialId: string; readonly ageDays: number; readonly pauseAt: string }>({
    email: true,
    render: (d) => ({
      title: `Your API keys are ${d.ageDays} days old. Rotate for security.`,
      body: `Your API keys are ${d.ageDays} days old. Rotate for security. Import new keys in Settings → Credentials before ${utc(d.pauseAt)}; after that your live bots pause until you do.`,
    }),
  }),
  'credentials.rotation.bots_paused': template<{ readonly credentialId: string; readonly pausedBots: number }>({
    email: true,
    render: (d) => ({
      title: 'Live bots paused: rotate your API keys',
      body: `Your API keys passed their rotation deadline, so ${d.pausedBots} live bot(s) were paused. Import new keys in Settings → Credentials, then resume them.`,
    }),
  }),
  'credentials.rotated': template<{ readonly credentialId: string; readonly previousCredentialId: string; readonly overlapEndsAt: string }>({
    email: true,
    render: (d) => ({
      title: 'API keys rotated',
      body: `New credentials are active. The previous API key keeps working for orders placed with it until ${utc(d.overlapEndsAt)}, then it is revoked at Polymarket and deleted.`,
    }),
  }),
};
