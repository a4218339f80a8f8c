import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Layers by runtime (docs/architecture.md): code that can reach the browser never imports src/server.
 * A module under src/lib, or one that starts with 'use client', may import from src/server only a
 * 'use server' module (its exports are Server Action references, not server code). Type-only imports
 * count too: output types belong in src/lib.
 */
const root = path.resolve(import.meta.dirname, '..');
const serverDir = path.join(root, 'src', 'server');
const libDir = path.join(root, 'src', 'lib');

const startsWithDirective = (text, directive) =>
  new RegExp(`^(?:\\s|//[^\\n]*\\n|/\\*[\\s\\S]*?\\*/)*['"]${directive}['"]`).test(text);

function resolveServerModule(specifier, fromFile) {
  let target;
  if (specifier.startsWith('@/server/') || specifier === '@/server') target = path.join(root, 'src', specifier.slice(2));
  else if (specifier.startsWith('.')) target = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  if (!target.startsWith(serverDir)) return null;
  for (const candidate of [target, `${target}.ts`, `${target}.tsx`, path.join(target, 'index.ts')]) {
    try {
      return { file: candidate, text: readFileSync(candidate, 'utf8') };
    } catch {
      // try the next extension
    }
  }
  return { file: target, text: '' };
}

const noServerInClientCode = {
  meta: {
    type: 'problem',
    messages: {
      server:
        "{{who}} must not import {{specifier}}: only 'use server' action modules may be imported from src/server. Move shared types and helpers to src/lib.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const inLib = file.startsWith(libDir + path.sep);
    const isClient = startsWithDirective(context.sourceCode.text, 'use client');
    if (!inLib && !isClient) return {};
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string') return;
      const target = resolveServerModule(node.source.value, file);
      if (!target || startsWithDirective(target.text, 'use server')) return;
      context.report({
        node,
        messageId: 'server',
        data: { who: inLib ? 'src/lib' : "A 'use client' module", specifier: node.source.value },
      });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export const layerBoundaries = { rules: { 'no-server-in-client-code': noServerInClientCode } };
