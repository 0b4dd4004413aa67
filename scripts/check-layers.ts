// `npm run lint` runs this: the folders of the app depend on each other one way only (STYLE.md, house
// rules). It reads every import (type-only ones too, as madge does) of server/, routes/, models/ and
// middleware/, and fails on
//   - a cycle of files, and
//   - two folders under server/ that import each other (e.g. lifecycle → pilots → lifecycle).
// `npx madge --circular --extensions ts server routes models middleware` checks the first point too.
import fs from 'node:fs';
import path from 'node:path';

const ROOTS = ['server', 'routes', 'models', 'middleware'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]/g;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return files(p);
    return d.name.endsWith('.ts') ? [p] : [];
  });
}

const graph = new Map<string, string[]>();
for (const file of ROOTS.flatMap(files)) {
  const text = fs.readFileSync(file, 'utf8');
  const deps = [...text.matchAll(IMPORT)].map((m) => path.normalize(path.join(path.dirname(file), m[1])));
  graph.set(
    file,
    deps.filter((d) => ROOTS.some((r) => d.startsWith(`${r}/`))),
  );
}

const problems: string[] = [];

// Cycles of files: depth-first search with the path on a stack.
const state = new Map<string, 'open' | 'done'>();
function visit(file: string, stack: string[]) {
  if (state.get(file) === 'done') return;
  if (state.get(file) === 'open') {
    problems.push(`cycle: ${[...stack.slice(stack.indexOf(file)), file].join(' → ')}`);
    return;
  }
  state.set(file, 'open');
  for (const dep of graph.get(file) ?? []) visit(dep, [...stack, file]);
  state.set(file, 'done');
}
for (const file of graph.keys()) visit(file, []);

// Folders under server/ that import each other.
const folderOf = (file: string) => {
  const parts = file.split(path.sep);
  return parts[0] === 'server' && parts.length > 2 ? `server/${parts[1]}` : null;
};
const edges = new Map<string, string>();
for (const [file, deps] of graph) {
  const from = folderOf(file);
  for (const dep of deps) {
    const to = folderOf(dep);
    if (from && to && from !== to && !edges.has(`${from} → ${to}`)) edges.set(`${from} → ${to}`, `${file} → ${dep}`);
  }
}
for (const [edge, example] of edges) {
  const [from, to] = edge.split(' → ');
  const back = edges.get(`${to} → ${from}`);
  if (back && from < to) problems.push(`${from} and ${to} import each other: ${example}; ${back}`);
}

if (problems.length) {
  console.error(`Layering: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Layering: ${graph.size} files, no cycle, no two server folders importing each other.`);
