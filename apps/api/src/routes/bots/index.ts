import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { putAllowExitsWhileStopped } from './allow-exits.ts';
import { postBot } from './create.ts';
import { listBotDecisions } from './decisions.ts';
import { deleteBot } from './delete.ts';
import { getBot } from './get.ts';
import { listBots } from './list.ts';
import { postPauseBot } from './pause.ts';
import { getBotPnlSeries } from './pnl-series.ts';
import { getBotPnl } from './pnl.ts';
import { getBotShadowReport } from './shadow-report.ts';
import { listBotPositions } from './positions.ts';
import { postResumeBot } from './resume.ts';
import { listBotTrades } from './trades.ts';
import { getBotUnlockProgress } from './unlock-progress.ts';
import { getBotLivePreflight } from './live-preflight.ts';
import { patchBot } from './update.ts';
import { tradeRoutes } from '../trades/index.ts';

/** Bots and what they did: settings and status, trades, positions, P&L, decisions, unlock progress, live pre-flight. */
export function botRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots' | 'preflight'>) {
  return new Elysia({ name: 'routes.bots', seed: deps.auth })
    .use(postBot(deps))
    .use(listBots(deps))
    .use(getBot(deps))
    .use(patchBot(deps))
    .use(postPauseBot(deps))
    .use(postResumeBot(deps))
    .use(putAllowExitsWhileStopped(deps))
    .use(deleteBot(deps))
    .use(listBotTrades(deps))
    .use(listBotPositions(deps))
    .use(getBotPnl(deps))
    .use(getBotPnlSeries(deps))
    .use(getBotShadowReport(deps))
    .use(listBotDecisions(deps))
    .use(getBotUnlockProgress(deps))
    .use(getBotLivePreflight(deps))
    .use(tradeRoutes(deps));
}
