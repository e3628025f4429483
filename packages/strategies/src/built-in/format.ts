import { formatMicros } from '@polymancer/core';

/** Prices and amounts in reasoning text: `530000` → `0.53`. */
export const fmt = (micros: number): string => formatMicros(micros);
