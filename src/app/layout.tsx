import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import './globals.css';

export const metadata: Metadata = { title: 'Tally', description: 'Invoices, cached and always fresh for you.' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Suspense fallback={<div className="h-14 border-b border-slate-200 bg-white" />}>
          <AppHeader />
        </Suspense>
        <main className="mx-auto max-w-6xl px-4 py-6">
          <Suspense fallback={<p className="text-sm text-slate-500">Loading…</p>}>{children}</Suspense>
        </main>
      </body>
    </html>
  );
}
