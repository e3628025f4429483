/**
 * The risk quiz: five questions, one per risk the specification names (losing money, slippage,
 * fees, liquidity, irreversibility). The questions go to the client; the answer key and the lessons
 * never leave the server (`publicQuiz` strips them). A new wording or key bumps `RISK_QUIZ_VERSION`.
 */
export const RISK_QUIZ_VERSION = '2026-1';

export type RiskTopic = 'losing_money' | 'slippage' | 'fees' | 'liquidity' | 'irreversibility';

export interface QuizChoice {
  readonly id: string;
  readonly text: string;
}

export interface QuizQuestion {
  readonly id: string;
  readonly topic: RiskTopic;
  readonly text: string;
  readonly choices: readonly QuizChoice[];
}

interface KeyedQuestion extends QuizQuestion {
  readonly correctChoiceId: string;
  /** Shown after a wrong answer: explains the risk without naming the right choice. */
  readonly lesson: string;
}

const questions: readonly KeyedQuestion[] = [
  {
    id: 'q_losing_money',
    topic: 'losing_money',
    text: 'Your live bot buys "Yes" shares for 200 pUSD and the market resolves "No". What happens to the 200 pUSD?',
    choices: [
      { id: 'a', text: 'It is refunded because the bot followed its strategy.' },
      { id: 'b', text: 'It is lost: the shares pay nothing.' },
      { id: 'c', text: 'Half of it is returned as a consolation payout.' },
      { id: 'd', text: 'Polymancer covers the loss during the first month.' },
    ],
    correctChoiceId: 'b',
    lesson: 'Shares of the losing outcome are worth nothing at resolution. Every pUSD a live bot spends can be lost in full.',
  },
  {
    id: 'q_slippage',
    topic: 'slippage',
    text: 'Your bot decides to buy at 0.50, but the order fills at an average of 0.53. What is the difference called?',
    choices: [
      { id: 'a', text: 'Slippage: the price moved or the order walked up the book.' },
      { id: 'b', text: 'A refund that is paid back at resolution.' },
      { id: 'c', text: 'An error that Polymancer corrects after the trade.' },
      { id: 'd', text: 'Interest earned on the position.' },
    ],
    correctChoiceId: 'a',
    lesson: 'Live orders fill at the prices available when they reach the exchange, which can be worse than the price the bot saw. That cost is yours.',
  },
  {
    id: 'q_fees',
    topic: 'fees',
    text: 'Which is true of trading fees on live trades?',
    choices: [
      { id: 'a', text: 'They are only charged when a trade makes a profit.' },
      { id: 'b', text: 'They are charged on trades and reduce your returns, win or lose.' },
      { id: 'c', text: 'They are charged on paper trades only.' },
      { id: 'd', text: 'They are refunded when a market resolves.' },
    ],
    correctChoiceId: 'b',
    lesson: 'Fees are taken on trades whatever their outcome, so a strategy that looked profitable on paper can lose money once fees are paid.',
  },
  {
    id: 'q_liquidity',
    topic: 'liquidity',
    text: 'A market has very few orders in its book. What can happen to a large order there?',
    choices: [
      { id: 'a', text: 'Nothing: every order always fills at the displayed price.' },
      { id: 'b', text: 'It fills at a guaranteed average of the best bid and ask.' },
      { id: 'c', text: 'It can move the price a lot or fail to fill, and selling later can be hard.' },
      { id: 'd', text: 'Polymancer provides the missing liquidity at no cost.' },
    ],
    correctChoiceId: 'c',
    lesson: 'In a thin market a large order moves the price against you or cannot fill at all, and you may not find buyers when you want to sell.',
  },
  {
    id: 'q_irreversibility',
    topic: 'irreversibility',
    text: 'A live order from your bot has been matched on Polymarket. Can it be undone?',
    choices: [
      { id: 'a', text: 'Yes, Polymancer can cancel matched trades within 24 hours.' },
      { id: 'b', text: 'Yes, by contacting Polymarket support.' },
      { id: 'c', text: 'Yes, if the bot is paused right after the trade.' },
      { id: 'd', text: 'No: matched trades settle on-chain and cannot be reversed.' },
    ],
    correctChoiceId: 'd',
    lesson: 'A matched trade is final: it settles on the blockchain and nobody — not Polymancer, not Polymarket — can reverse it.',
  },
];

export const RISK_QUIZ_QUESTION_COUNT = questions.length;

/** The quiz as the client may see it: no key, no lessons. */
export function publicQuiz(): { readonly version: string; readonly questions: readonly QuizQuestion[] } {
  return {
    version: RISK_QUIZ_VERSION,
    questions: questions.map(({ id, topic, text, choices }) => ({ id, topic, text, choices: choices.map((c) => ({ ...c })) })),
  };
}

export interface QuizGrade {
  readonly score: number;
  readonly total: number;
  readonly passed: boolean;
  /** Questions answered wrongly or not at all, each with its lesson. */
  readonly wrong: ReadonlyArray<{ readonly questionId: string; readonly topic: RiskTopic; readonly lesson: string }>;
}

/** Grades `answers` (question id → choice id). Unknown question ids are ignored; a missing answer is wrong. */
export function gradeQuiz(answers: Readonly<Record<string, string>>, passMark: number): QuizGrade {
  const wrong: { questionId: string; topic: RiskTopic; lesson: string }[] = [];
  for (const q of questions) {
    if (answers[q.id] !== q.correctChoiceId) wrong.push({ questionId: q.id, topic: q.topic, lesson: q.lesson });
  }
  const score = questions.length - wrong.length;
  return { score, total: questions.length, passed: score >= passMark, wrong };
}

export interface QuizAttemptRules {
  /** Correct answers needed to pass (of `RISK_QUIZ_QUESTION_COUNT`). */
  readonly passMark: number;
  /** Failed attempts allowed within `lockoutMs`. */
  readonly maxFailedAttempts: number;
  /** Wait after any failed attempt before the next one. */
  readonly retryWaitMs: number;
  /** The window over which failed attempts are counted; after `maxFailedAttempts` of them, wait until the oldest leaves it. */
  readonly lockoutMs: number;
}

export type QuizAvailability =
  | { readonly allowed: true; readonly attemptsLeft: number }
  | { readonly allowed: false; readonly reason: 'already_passed' }
  | { readonly allowed: false; readonly reason: 'wait' | 'attempts_exhausted'; readonly nextAttemptAt: Date; readonly attemptsLeft: number };

/**
 * May the user take the quiz now? `failedAt` are the times of earlier failed attempts (any order).
 * Sliding window: at most `maxFailedAttempts` failures within any `lockoutMs`, and at least
 * `retryWaitMs` after each failure.
 */
export function quizAvailability(failedAt: readonly Date[], passed: boolean, now: Date, rules: QuizAttemptRules): QuizAvailability {
  if (passed) return { allowed: false, reason: 'already_passed' };
  const nowMs = now.getTime();
  const recent = failedAt.map((d) => d.getTime()).filter((t) => t > nowMs - rules.lockoutMs).sort((a, b) => a - b);
  const attemptsLeft = Math.max(0, rules.maxFailedAttempts - recent.length);
  if (recent.length >= rules.maxFailedAttempts) {
    const oldestCounted = recent[recent.length - rules.maxFailedAttempts] ?? nowMs;
    return { allowed: false, reason: 'attempts_exhausted', nextAttemptAt: new Date(oldestCounted + rules.lockoutMs), attemptsLeft: 0 };
  }
  const last = recent[recent.length - 1];
  if (last !== undefined && nowMs < last + rules.retryWaitMs) {
    return { allowed: false, reason: 'wait', nextAttemptAt: new Date(last + rules.retryWaitMs), attemptsLeft };
  }
  return { allowed: true, attemptsLeft };
}
