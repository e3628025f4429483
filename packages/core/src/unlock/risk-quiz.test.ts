import { describe, expect, test } from 'bun:test';
import { gradeQuiz, publicQuiz, quizAvailability, RISK_QUIZ_QUESTION_COUNT, type QuizAttemptRules } from './risk-quiz.ts';

const rightAnswers = { q_losing_money: 'b', q_slippage: 'a', q_fees: 'b', q_liquidity: 'c', q_irreversibility: 'd' };
const MIN = 60_000;
const rules: QuizAttemptRules = { passMark: 5, maxFailedAttempts: 3, retryWaitMs: 10 * MIN, lockoutMs: 24 * 60 * MIN };

describe('risk quiz', () => {
  test('has five questions, one per risk the specification names', () => {
    const quiz = publicQuiz();
    expect(quiz.questions).toHaveLength(5);
    expect(RISK_QUIZ_QUESTION_COUNT).toBe(5);
    expect(quiz.questions.map((q) => q.topic).sort()).toEqual(['fees', 'irreversibility', 'liquidity', 'losing_money', 'slippage']);
  });

  test('the public quiz carries neither the answer key nor the lessons', () => {
    const text = JSON.stringify(publicQuiz());
    expect(text).not.toContain('correctChoiceId');
    expect(text).not.toContain('lesson');
    for (const q of publicQuiz().questions) expect(Object.keys(q).sort()).toEqual(['choices', 'id', 'text', 'topic']);
  });

  test('all right passes at the pass mark of five', () => {
    expect(gradeQuiz(rightAnswers, 5)).toEqual({ score: 5, total: 5, passed: true, wrong: [] });
  });

  test('one wrong answer fails at five, names the question and teaches its lesson', () => {
    const g = gradeQuiz({ ...rightAnswers, q_fees: 'a' }, 5);
    expect(g.score).toBe(4);
    expect(g.passed).toBe(false);
    expect(g.wrong.map((w) => w.questionId)).toEqual(['q_fees']);
    expect(g.wrong[0]?.lesson).toContain('Fees');
  });

  test('the same answers pass at a pass mark of four', () => {
    expect(gradeQuiz({ ...rightAnswers, q_fees: 'a' }, 4).passed).toBe(true);
  });

  test('a missing answer counts as wrong; unknown question ids are ignored', () => {
    const { q_slippage: _dropped, ...rest } = rightAnswers;
    const g = gradeQuiz({ ...rest, q_made_up: 'a' }, 5);
    expect(g.score).toBe(4);
    expect(g.wrong.map((w) => w.questionId)).toEqual(['q_slippage']);
  });
});

describe('quiz attempts', () => {
  const t0 = new Date('2026-03-01T12:00:00Z');
  const at = (min: number) => new Date(t0.getTime() + min * MIN);

  test('a first attempt is allowed with every attempt left', () => {
    expect(quizAvailability([], false, t0, rules)).toEqual({ allowed: true, attemptsLeft: 3 });
  });

  test('after a failure the next attempt waits the retry wait', () => {
    expect(quizAvailability([at(0)], false, at(5), rules)).toEqual({ allowed: false, reason: 'wait', nextAttemptAt: at(10), attemptsLeft: 2 });
    expect(quizAvailability([at(0)], false, at(10), rules)).toEqual({ allowed: true, attemptsLeft: 2 });
  });

  test('three failures within a day exhaust the attempts until the oldest leaves the window', () => {
    const failed = [at(0), at(10), at(20)];
    expect(quizAvailability(failed, false, at(30), rules)).toEqual({ allowed: false, reason: 'attempts_exhausted', nextAttemptAt: at(24 * 60), attemptsLeft: 0 });
    expect(quizAvailability(failed, false, at(24 * 60), rules)).toEqual({ allowed: true, attemptsLeft: 1 });
  });

  test('once passed, no further attempt is taken', () => {
    expect(quizAvailability([at(0)], true, at(60), rules)).toEqual({ allowed: false, reason: 'already_passed' });
  });
});
