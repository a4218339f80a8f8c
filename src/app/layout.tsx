import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import { QueryProvider } from '@/components/query-provider';
import './globals.css';

export const metadata: Metadata = { title: 'Tally', description: 'Invoices, cached and always fresh for you.' };

/**
 * No static shell, on purpose (docs/decisions/017): every page blocks on the server until its cached
 * reads resolve and is sent as one complete HTML document. A shell streamed ahead of the content would
 * commit the status before a page decides to redirect or answer 404, and content streamed into
 * Suspense boundaries needs JavaScript to be revealed, which would break forms without JavaScript
 * (docs/decisions/006). `instant = false` only turns off the validation that would ask for a shell; the
 * warm path is kept cheap by the cached viewer instead.
 */
export const instant = false;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <QueryProvider>
          <AppHeader />
          <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
        </QueryProvider>
      </body>
    </html>
  );
}
