import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { iso, requestFacts, unlockDetail } from './request-facts.ts';

const availabilitySchema = t.Object({
  allowed: t.Boolean(),
  reason: t.Union([t.Literal('already_passed'), t.Literal('wait'), t.Literal('attempts_exhausted'), t.Null()]),
  attemptsLeft: t.Integer(),
  nextAttemptAt: t.Union([t.String({ format: 'date-time' }), t.Null()]),
});

/** The five questions (never the answer key) and whether the user may take the quiz now. */
export function getQuiz(deps: Pick<ApiDeps, 'auth' | 'clock' | 'unlock'>) {
  return new Elysia({ name: 'routes.unlock.quiz', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/unlock/quiz',
    async ({ session }) => {
      const q = await deps.unlock.quiz.show(session.user.id);
      const a = q.availability;
      return {
        version: q.version,
        passMark: q.passMark,
        questions: q.questions.map((x) => ({ id: x.id, topic: x.topic, text: x.text, choices: x.choices.map((c) => ({ id: c.id, text: c.text })) })),
        availability: {
          allowed: a.allowed,
          reason: a.allowed ? null : a.reason,
          attemptsLeft: a.allowed ? a.attemptsLeft : a.reason === 'already_passed' ? 0 : a.attemptsLeft,
          nextAttemptAt: !a.allowed && a.reason !== 'already_passed' ? iso(a.nextAttemptAt) : null,
        },
      };
    },
    {
      signedIn: true,
      detail: unlockDetail(
        'The risk quiz: five questions on losing money, slippage, fees, liquidity and irreversibility',
        'The questions and their choices (never the answers), whether you passed, and when the next attempt is allowed after a failure.',
      ),
      response: {
        200: t.Object({
          version: t.String(),
          passMark: t.Integer(),
          questions: t.Array(t.Object({ id: t.String(), topic: t.String(), text: t.String(), choices: t.Array(t.Object({ id: t.String(), text: t.String() })) })),
          availability: availabilitySchema,
        }),
      },
    },
  );
}

/** One attempt: graded on the server; wrong answers come back with their lesson, never the right choice. */
export function postQuizAttempt(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'unlock' | 'requestCountry'>) {
  return new Elysia({ name: 'routes.unlock.quiz-attempt', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/unlock/quiz/attempts',
    async ({ session, body, request }) => {
      const { meta } = requestFacts(deps, request);
      const r = await deps.unlock.quiz.submit(session.user.id, body.answers, meta);
      return { ...r, wrong: r.wrong.map((w) => ({ questionId: w.questionId, lesson: w.lesson })), nextAttemptAt: iso(r.nextAttemptAt) };
    },
    {
      signedIn: true,
      body: t.Object({ answers: t.Record(t.String({ maxLength: 64 }), t.String({ maxLength: 64 }), { description: 'question id → choice id' }) }, { additionalProperties: false }),
      detail: unlockDetail('Submit the risk quiz', '429 `quiz_retry_later` during the wait after a failed attempt or once the attempts are used up (`details.nextAttemptAt`); 409 `quiz_already_passed`.'),
      response: {
        200: t.Object({
          attemptId: t.String(),
          score: t.Integer(),
          total: t.Integer(),
          passMark: t.Integer(),
          passed: t.Boolean(),
          wrong: t.Array(t.Object({ questionId: t.String(), lesson: t.String() })),
          attemptsLeft: t.Integer(),
          nextAttemptAt: t.Union([t.String({ format: 'date-time' }), t.Null()]),
        }),
      },
    },
  );
}
