'use client';
import { useState } from 'react';

/** Calls a route handler that tries `updateTag`, and shows what the framework answered. */
export function ForceUpdateTag() {
  const [result, setResult] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function run() {
    setPending(true);
    try {
      const response = await fetch('/api/inspector/force-update-tag', { method: 'POST' });
      const body = (await response.json()) as { message?: string; error?: { message: string } };
      setResult(body.message ?? body.error?.message ?? `HTTP ${response.status}`);
    } catch (error) {
      setResult(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(false);
    }
  }
  return (
    <div className="space-y-2" data-testid="force-update-tag">
      <button type="button" className="btn" onClick={run} disabled={pending}>
        Force updateTag from a Route Handler
      </button>
      <p className="font-mono text-xs text-red-700" data-testid="force-update-tag-result">
        {result}
      </p>
    </div>
  );
}
