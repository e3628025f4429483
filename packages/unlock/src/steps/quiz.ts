/**
 * The risk quiz as a use case: show it (without the key), grade a submission, enforce the attempt
 * window under a per-user lock, record every attempt, audit it and re-observe the user's bots when
 * it is passed.
 */
import { gradeQuiz, newId, publicQuiz, type QuizAvailability, type QuizGrade, quizAvailability, RISK_QUIZ_QUESTION_COUNT, RISK_QUIZ_VERSION, ValidationError } from '@polymancer/core';
import type { UnlockDeps } from '../deps.ts';
import type { Eligibility } from '../eligibility/eligibility.ts';
import { QuizAlreadyPassedError, QuizRetryLaterError } from '../errors.ts';
import type { QuizAttemptRecord, RequestMeta } from '../ports.ts';

type Decided =
  | { readonly refused: QuizAvailability }
  | { readonly refused?: undefined; readonly grade: QuizGrade; readonly record: QuizAttemptRecord; readonly after: QuizAvailability | null };

export interface QuizResult {
  readonly attemptId: string;
  readonly score: number;
  readonly total: number;
  readonly passMark: number;
  readonly passed: boolean;
  readonly wrong: ReadonlyArray<{ readonly questionId: string; readonly lesson: string }>;
  /** After a failure: attempts left in the window and when the next may be taken. */
  readonly attemptsLeft: number;
  readonly nextAttemptAt: Date | null;
}

const MAX_ANSWER_LENGTH = 64;

function checkAnswers(answers: unknown): Record<string, string> {
  const issues: { path: string; message: string }[] = [];
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    throw new ValidationError('Invalid quiz answers', { details: { issues: [{ path: 'answers', message: 'must be an object of question id → choice id' }] } });
  }
  const out: Record<string, string> = {};
  const known = new Set(publicQuiz().questions.map((q) => q.id));
  for (const [questionId, choiceId] of Object.entries(answers)) {
    if (!known.has(questionId)) issues.push({ path: `answers.${questionId}`, message: 'is not a question of this quiz' });
    else if (typeof choiceId !== 'string' || choiceId.length === 0 || choiceId.length > MAX_ANSWER_LENGTH) issues.push({ path: `answers.${questionId}`, message: 'must be a choice id' });
    else out[questionId] = choiceId;
  }
  if (issues.length > 0) throw new ValidationError('Invalid quiz answers', { details: { issues } });
  return out;
}

export function createQuiz(deps: UnlockDeps, eligibility: Eligibility) {
  const rules = deps.settings.quiz;

  return {
    /** The questions (never the key) and whether the user may take the quiz now. */
    async show(userId: string): Promise<{ readonly version: string; readonly questions: ReturnType<typeof publicQuiz>['questions']; readonly passMark: number; readonly availability: QuizAvailability }> {
      const facts = await deps.store.userFacts(userId);
      const availability = quizAvailability(facts?.quizFailedAt ?? [], (facts?.quizPassedAt ?? null) !== null, deps.clock.now(), rules);
      const quiz = publicQuiz();
      return { version: quiz.version, questions: quiz.questions, passMark: rules.passMark, availability };
    },

    async submit(userId: string, answers: unknown, meta: RequestMeta): Promise<QuizResult> {
      const checked = checkAnswers(answers);
      const now = deps.clock.now();
      const outcome = await deps.steps.recordQuizAttempt<Decided>(userId, (history) => {
        const availability = quizAvailability(history.failedAt, history.passedAt !== null, now, rules);
        if (!availability.allowed) return { record: null, result: { refused: availability } };
        const grade = gradeQuiz(checked, rules.passMark);
        const record: QuizAttemptRecord = { id: newId('quizAttempt'), userId, quizVersion: RISK_QUIZ_VERSION, answers: checked, score: grade.score, passMark: rules.passMark, passed: grade.passed, createdAt: now };
        const after = grade.passed ? null : quizAvailability([...history.failedAt, now], false, now, rules);
        return { record, result: { grade, record, after } };
      });
      if (outcome.refused !== undefined) {
        const a = outcome.refused;
        if (a.allowed || a.reason === 'already_passed') throw new QuizAlreadyPassedError();
        const next = a.nextAttemptAt.toISOString();
        throw new QuizRetryLaterError(
          a.reason === 'attempts_exhausted' ? `The risk quiz attempts are used up; try again from ${next}` : `Wait before trying the risk quiz again (from ${next})`,
          { details: { nextAttemptAt: next, reason: a.reason } },
        );
      }
      const { grade, record, after } = outcome;
      await deps.audit.record({
        actorId: userId,
        actorType: 'user',
        action: 'unlock.quiz.attempted',
        subjectType: 'user',
        subjectId: userId,
        ip: meta.ip,
        userAgent: meta.userAgent,
        // Keys avoid words the audit log treats as secret-looking (`pass…`).
        details: { attemptId: record.id, quizVersion: record.quizVersion, score: grade.score, required: rules.passMark, outcome: grade.passed ? 'passed' : 'failed', wrongQuestions: grade.wrong.map((w) => w.questionId) },
      });
      if (grade.passed) {
        await deps.notifier.notify(userId, 'unlock.quiz_passed', { score: grade.score, total: RISK_QUIZ_QUESTION_COUNT }).catch((e: unknown) => deps.onBackgroundError?.(e, 'notify'));
        await eligibility.observeUser(userId);
      }
      const nextAttemptAt = after !== null && !after.allowed && after.reason !== 'already_passed' ? after.nextAttemptAt : null;
      return {
        attemptId: record.id,
        score: grade.score,
        total: grade.total,
        passMark: rules.passMark,
        passed: grade.passed,
        wrong: grade.wrong.map((w) => ({ questionId: w.questionId, lesson: w.lesson })),
        attemptsLeft: after === null ? 0 : after.allowed ? after.attemptsLeft : after.reason === 'already_passed' ? 0 : after.attemptsLeft,
        nextAttemptAt,
      };
    },
  };
}
