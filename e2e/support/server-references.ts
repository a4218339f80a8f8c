import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerReference {
  id: string;
  filename: string;
  exportedName: string;
  /** Next marks a `'use cache'` function's id with the top bit of its first byte (server-reference-info.js). */
  cached: boolean;
}

/** Every server reference the last `next build` registered, from its server-reference manifest. */
export function serverReferences(distDir = '.next'): ServerReference[] {
  const manifest = JSON.parse(readFileSync(join(distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    filename: entry.filename,
    exportedName: entry.exportedName,
    cached: (parseInt(id.slice(0, 2), 16) & 0x80) !== 0,
  }));
}
