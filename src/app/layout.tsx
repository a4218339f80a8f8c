import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import { QueryProvider } from '@/components/query-provider';
import './globals.css';

export const metadata: Metadata = { title: 'Tally', description: 'Invoices, cached and always fresh for you.' };

/**
 * Every page reads the session, so there is no useful static shell to stream around: pages block on
 * the server until their cached reads resolve and arrive as complete HTML, which is also what makes
 * every form work without JavaScript. See docs/decisions/006-forms-without-javascript.md.
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
