import { describe, expect, test } from 'bun:test';
import { DEFAULT_LLM_PROMPT_TEMPLATE } from './params.ts';
import { parseStrategyConfig } from './validate.ts';

function issues(input: unknown): { path: string; message: string }[] {
  const r = parseStrategyConfig(input);
  if (r.ok) throw new Error('expected the config to be refused');
  expect(r.error.code).toBe('validation_failed');
  return r.error.details?.['issues'] as { path: string; message: string }[];
}

describe('parseStrategyConfig', () => {
  test('fills defaults for a built-in strategy', () => {
    const r = parseStrategyConfig({ kind: 'mean-reversion', params: { windowSize: 10 } });
    expect(r.ok && r.value).toEqual({ kind: 'mean-reversion', params: { windowSize: 10, bandMicros: 20_000, orderAmountMicros: 10_000_000 } });
    const m = parseStrategyConfig({ kind: 'momentum' });
    expect(m.ok && m.value.kind).toBe('momentum');
  });

  test('names the field that is out of range', () => {
    expect(issues({ kind: 'mean-reversion', params: { windowSize: 1 } })).toEqual([{ path: 'params.windowSize', message: 'windowSize must be at least 2' }]);
    expect(issues({ kind: 'momentum', params: { orderAmountMicros: 1.5 } })[0]?.path).toBe('params.orderAmountMicros');
  });

  test('refuses unknown fields instead of ignoring them', () => {
    const found = issues({ kind: 'momentum', params: { lookback: 3 } });
    expect(found[0]?.path).toBe('params');
    expect(found[0]?.message).toContain('lookback');
  });

  test('refuses an unknown kind with the list of kinds', () => {
    expect(issues({ kind: 'martingale', params: {} })[0]?.message).toContain('mean-reversion');
  });

  test('requires a model for the LLM strategy and fills the prompt template', () => {
    expect(issues({ kind: 'llm', params: {} })[0]).toEqual({ path: 'params.model', message: 'model is required' });
    const r = parseStrategyConfig({ kind: 'llm', params: { model: 'openai/gpt-4o-mini' } });
    expect(r.ok && r.value.kind === 'llm' && r.value.params.promptTemplate).toBe(DEFAULT_LLM_PROMPT_TEMPLATE);
  });

  test('refuses a prompt template with unknown placeholders, listing the known ones', () => {
    const found = issues({ kind: 'llm', params: { model: 'x/y', promptTemplate: 'Q: {{question}} {{pirce}}' } });
    expect(found[0]?.path).toBe('params.promptTemplate');
    expect(found[0]?.message).toContain('{{pirce}}');
    expect(found[0]?.message).toContain('{{balance}}');
  });

  test('refuses a temperature outside 0..2', () => {
    expect(issues({ kind: 'llm', params: { model: 'x/y', temperature: 3 } })[0]).toEqual({
      path: 'params.temperature',
      message: 'temperature must be between 0 and 2',
    });
  });
});
