export { startPlatform, type RunningPlatform } from './compose.ts';
