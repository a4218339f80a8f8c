import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** A tag builder as written in a `cacheTag(...)` call: `invoiceTags.list`. */
export interface TagBuilderCall {
  builder: string;
  file: string;
}

const CACHED_READ_WRAPPER = path.join('src', 'server', 'observability', 'cached-read.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/**
 * Every tag builder passed to a real `cacheTag(...)` call under `root`, read from the syntax tree, so
 * the graph test checks what the cached reads carry rather than a list kept by hand. An argument that
 * is not a builder call (a literal, a variable) is returned as its source text and fails the test.
 */
export function cacheTagCalls(root: string): TagBuilderCall[] {
  const calls: TagBuilderCall[] = [];
  for (const file of sourceFiles(root)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const relative = path.relative(process.cwd(), file);
    const record = (arg: ts.Expression) => {
      const builder =
        ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression)
          ? arg.expression.getText(source)
          : arg.getText(source);
      calls.push({ builder, file: relative });
    };
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const callee = node.expression.text;
        // `cacheTag(...tags)` inside the wrapper passes on what its callers wrote; their calls are read instead.
        if (callee === 'cacheTag' && relative !== CACHED_READ_WRAPPER) node.arguments.forEach(record);
        // `cachedRead(name, [tags…], read)`: the wrapper every cached read uses to tag and count its misses.
        const tags = node.arguments[1];
        if (callee === 'cachedRead' && tags && ts.isArrayLiteralExpression(tags)) tags.elements.forEach(record);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}
