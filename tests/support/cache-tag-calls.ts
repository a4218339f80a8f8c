import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** A tag builder as written in a `cacheTag(...)` call: `invoiceTags.list`. */
export interface TagBuilderCall {
  builder: string;
  file: string;
}

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
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'cacheTag') {
        for (const arg of node.arguments) {
          const builder =
            ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) ? arg.expression.getText(source) : arg.getText(source);
          calls.push({ builder, file: path.relative(process.cwd(), file) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}
