import { APIError } from 'better-auth/api';
import type { Auth } from './create-auth.ts';

export interface DemoUserInput {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

/**
 * Creates the demo account `start` prints on a fresh data folder. Idempotent: returns null when an
 * account with that email already exists (including when another process created it first).
 */
export async function createDemoUser(auth: Auth, input: DemoUserInput): Promise<{ userId: string; email: string } | null> {
  const context = await auth.betterAuth.$context;
  const email = input.email.toLowerCase();
  if ((await context.internalAdapter.findUserByEmail(email)) !== null) return null;
  try {
    const created = await auth.betterAuth.api.signUpEmail({ body: { email, password: input.password, name: input.name } });
    // Sign-up signs in too; the demo account needs no session until someone signs in.
    if (created.token !== null) await context.internalAdapter.deleteSession(created.token);
    return { userId: created.user.id, email };
  } catch (error) {
    if (error instanceof APIError && (await context.internalAdapter.findUserByEmail(email)) !== null) return null;
    throw error;
  }
}
