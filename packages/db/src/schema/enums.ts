import { pgEnum } from 'drizzle-orm/pg-core';

export const userTier = pgEnum('user_tier', ['free', 'basic', 'pro']);
export const userRole = pgEnum('user_role', ['user', 'operator', 'compliance']);
export const kycStatus = pgEnum('kyc_status', ['unverified', 'pending', 'verified', 'rejected']);
export const tradingMode = pgEnum('trading_mode', ['paper', 'live']);
export const botStatus = pgEnum('bot_status', ['active', 'paused', 'stopped']);
export const tradeStatus = pgEnum('trade_status', ['executed', 'rejected', 'pending', 'failed']);
export const orderSide = pgEnum('order_side', ['buy', 'sell']);
