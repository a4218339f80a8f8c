import 'server-only';
import { NextResponse } from 'next/server';
import { clientAddress } from '@/server/security/client-address';
import { throttleSignIn, tooManyAttemptsMessage } from './sign-in-throttle';

/** The email of a JSON sign-in body, or null: anything else is refused before it reaches a password check. */
async function emailOf(request: Request): Promise<string | null> {
  try {
    const body: unknown = await request.clone().json();
    const email = body && typeof body === 'object' ? (body as { email?: unknown }).email : undefined;
    return typeof email === 'string' ? email : null;
  } catch {
    return null;
  }
}

/** `POST /api/auth/sign-in/email`, counted against the same budgets as the sign-in form. */
export async function throttledJsonSignIn(request: Request, forward: (request: Request) => Promise<Response>): Promise<Response> {
  const email = await emailOf(request);
  if (email === null) {
    return NextResponse.json(
      { error: { code: 'bad_request', message: 'Send a JSON object with an email and a password.' } },
      { status: 400 },
    );
  }
  const result = await throttleSignIn({ email, address: clientAddress(request.headers) }, async () => {
    const response = await forward(request);
    return { succeeded: response.ok, value: response };
  });
  if (result.ok) return result.value;
  return NextResponse.json(
    { error: { code: 'too_many_requests', message: tooManyAttemptsMessage(result.retryAfterSeconds) } },
    { status: 429, headers: { 'retry-after': String(result.retryAfterSeconds) } },
  );
}
