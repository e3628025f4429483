import { describe, expect, test } from 'bun:test';
import { FreshAuthRequiredError } from '@polymancer/core';
import { checkFreshAuth, requireFreshAuth } from '../src/fresh-auth.ts';

const now = new Date('2026-03-01T12:00:00Z');
const ago = (secs: number) => new Date(now.getTime() - secs * 1000);

describe('checkFreshAuth', () => {
  test('a password proven inside the window is fresh when MFA is not enrolled', () => {
    expect(checkFreshAuth({ authenticatedAt: ago(299), mfaVerifiedAt: null, mfaEnrolled: false }, now, 300)).toEqual({ fresh: true });
  });

  test('exactly at the window edge is still fresh; one second past is not', () => {
    expect(checkFreshAuth({ authenticatedAt: ago(300), mfaVerifiedAt: null, mfaEnrolled: false }, now, 300).fresh).toBe(true);
    expect(checkFreshAuth({ authenticatedAt: ago(301), mfaVerifiedAt: null, mfaEnrolled: false }, now, 300)).toEqual({
      fresh: false,
      needs: { password: true, mfaCode: false },
      windowSecs: 300,
    });
  });

  test('a session that never proved its password is not fresh', () => {
    expect(checkFreshAuth({ authenticatedAt: null, mfaVerifiedAt: null, mfaEnrolled: false }, now, 300).fresh).toBe(false);
  });

  test('with MFA enrolled, a recent password is not enough without a recent TOTP', () => {
    expect(checkFreshAuth({ authenticatedAt: ago(10), mfaVerifiedAt: null, mfaEnrolled: true }, now, 300)).toEqual({
      fresh: false,
      needs: { password: false, mfaCode: true },
      windowSecs: 300,
    });
    expect(checkFreshAuth({ authenticatedAt: ago(10), mfaVerifiedAt: ago(900), mfaEnrolled: true }, now, 300).fresh).toBe(false);
  });

  test('with MFA enrolled, a recent password and a recent TOTP are fresh', () => {
    expect(checkFreshAuth({ authenticatedAt: ago(10), mfaVerifiedAt: ago(10), mfaEnrolled: true }, now, 300)).toEqual({ fresh: true });
  });

  test('a stamp far in the future (a bad clock) does not count as fresh', () => {
    const future = new Date(now.getTime() + 3_600_000);
    expect(checkFreshAuth({ authenticatedAt: future, mfaVerifiedAt: null, mfaEnrolled: false }, now, 300).fresh).toBe(false);
  });

  test('the window is configurable', () => {
    expect(checkFreshAuth({ authenticatedAt: ago(100), mfaVerifiedAt: null, mfaEnrolled: false }, now, 60).fresh).toBe(false);
    expect(checkFreshAuth({ authenticatedAt: ago(100), mfaVerifiedAt: null, mfaEnrolled: false }, now, 120).fresh).toBe(true);
  });
});

describe('requireFreshAuth', () => {
  test('throws fresh_auth_required naming what is needed', () => {
    let thrown: unknown;
    try {
      requireFreshAuth({ authenticatedAt: ago(1000), mfaVerifiedAt: null, mfaEnrolled: true }, now, 300);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FreshAuthRequiredError);
    const e = thrown as FreshAuthRequiredError;
    expect(e.code).toBe('fresh_auth_required');
    expect(e.details).toMatchObject({ needs: { password: true, mfaCode: true }, windowSecs: 300 });
  });

  test('returns quietly for a fresh session', () => {
    expect(() => requireFreshAuth({ authenticatedAt: ago(1), mfaVerifiedAt: null, mfaEnrolled: false }, now, 300)).not.toThrow();
  });
});
