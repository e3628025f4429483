import { expect, test } from 'bun:test';
import { tickSlot } from './tick-slot.ts';

test('gives every moment of one interval the same tick key, and the next interval the next key', () => {
  const a = tickSlot(new Date('2026-03-01T12:00:00.000Z'), 60);
  const b = tickSlot(new Date('2026-03-01T12:00:59.999Z'), 60);
  const c = tickSlot(new Date('2026-03-01T12:01:00.000Z'), 60);
  expect(a.tickKey).toBe('2026-03-01T12:00:00.000Z');
  expect(b.tickKey).toBe(a.tickKey);
  expect(c.tickKey).toBe('2026-03-01T12:01:00.000Z');
  expect(a.nextSlotStart).toEqual(c.slotStart);
  expect(() => tickSlot(new Date(), 0)).toThrow(RangeError);
});
