export * from './requirements.ts';
export * from './acknowledgment.ts';
export * from './risk-quiz.ts';
export * from './jurisdiction.ts';
export * from './kyc.ts';
export * from './tiers.ts';
export * from './eligibility.ts';
