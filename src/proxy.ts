import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { refuseCachedFunctionCall } from '@/server/security/server-function-guard';

/** Runs before routing: requests that must never reach a page or an action are answered here. */
export async function proxy(request: NextRequest) {
  return (await refuseCachedFunctionCall(request)) ?? NextResponse.next();
}

export const config = {
  // Server Actions are posted to page URLs; static assets never carry one.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
