import { describe, expect, test } from 'bun:test';
import { observeSettlementTx, type ChainObservation, type SettlementTxState } from './settlement-tx.ts';

const t0 = new Date(Date.UTC(2026, 11, 1, 12));
const at = (secs: number) => new Date(t0.getTime() + secs * 1000);
const fresh: SettlementTxState = { status: 'submitted', confirmations: 0, blockNumber: null, blockHash: null, reorgs: 0, pendingSince: t0, alertedAt: null };
const unseen: ChainObservation = { headBlock: 100n, known: false, receipt: undefined, canonicalBlockHash: undefined };
const mined = (head: bigint, block = 100n, hash = '0xaa', succeeded = true): ChainObservation => ({ headBlock: head, known: true, receipt: { blockNumber: block, blockHash: hash, succeeded }, canonicalBlockHash: hash });

describe('settlement transaction states', () => {
  test('submitted → pending when the node knows it → confirmed at 1 block → finalized at 12', () => {
    const pending = observeSettlementTx(fresh, { ...unseen, known: true }, at(10));
    expect(pending).toEqual({ next: { ...fresh, status: 'pending' }, events: ['pending'] });
    const confirmed = observeSettlementTx(pending.next, mined(100n), at(20));
    expect(confirmed.next).toMatchObject({ status: 'confirmed', confirmations: 1, blockNumber: 100n });
    expect(confirmed.events).toEqual(['confirmed']);
    expect(observeSettlementTx(confirmed.next, mined(110n), at(30))).toMatchObject({ next: { status: 'confirmed', confirmations: 11 }, events: [] });
    const finalized = observeSettlementTx(confirmed.next, mined(111n), at(40));
    expect(finalized).toMatchObject({ next: { status: 'finalized', confirmations: 12 }, events: ['finalized'] });
    expect(observeSettlementTx(finalized.next, unseen, at(50)).events).toEqual([]); // final: never revisited
  });

  test('a receipt from a block newer than the head read before it counts one confirmation, never zero', () => {
    expect(observeSettlementTx({ ...fresh, status: 'pending' }, mined(99n, 100n), at(20)).next).toMatchObject({ status: 'confirmed', confirmations: 1, blockNumber: 100n });
  });

  test('a reverted receipt fails it', () => {
    expect(observeSettlementTx(fresh, mined(101n, 100n, "0xaa", false), at(1))).toMatchObject({ next: { status: 'failed', confirmations: 2 }, events: ['failed'] });
  });

  test('a reorg returns a confirmed transaction to pending, counted, with a new pending episode', () => {
    const confirmed = observeSettlementTx(fresh, mined(103n), at(5)).next;
    const gone = observeSettlementTx(confirmed, { ...unseen, known: true }, at(60));
    expect(gone).toEqual({ next: { ...confirmed, status: 'pending', confirmations: 0, blockNumber: null, blockHash: null, reorgs: 1, pendingSince: at(60), alertedAt: null }, events: ['reorged'] });
    // A stale receipt whose block is no longer canonical counts as a reorg too.
    const stale = observeSettlementTx(confirmed, { ...mined(104n), canonicalBlockHash: '0xbb' }, at(61));
    expect(stale.events).toEqual(['reorged']);
  });

  test('open longer than 5 minutes raises one alert per pending episode', () => {
    expect(observeSettlementTx(fresh, unseen, at(300)).events).toEqual([]);
    const late = observeSettlementTx(fresh, unseen, at(301));
    expect(late).toMatchObject({ next: { status: 'submitted', alertedAt: at(301) }, events: ['pending_too_long'] });
    expect(observeSettlementTx(late.next, { ...unseen, known: true }, at(400)).events).toEqual(['pending']);
  });
});
