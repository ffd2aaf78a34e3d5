// npx tsx bench/js-size.ts      (part of `npm run bench`; needs `npm run build` first)
// DESIGN §8: "no page ships more than 250 KB of gzipped JavaScript (charts load only where
// drawn)". Reads the Remix manifest of the production build and, for every page route, sums the
// gzipped size of what the browser loads for it: the client entry, root and the route's parents,
// the route module and their static imports (initialKb); then adds the chunks those modules load
// with dynamic import(), if any (withLazyKb; none since the cockpit's charts are drawn on the server,
// ADR 013). Prints a table, writes the figures
// to bench/results.json (key "jsGzKb") and exits 1 if a page's initial JavaScript is over budget.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const buildDir = path.join(root, "public/build");

type ManifestRoute = { id: string; parentId?: string; module: string; imports?: string[]; path?: string; index?: boolean };
type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> };

const manifestFile = fs.existsSync(buildDir) ? fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f)) : undefined;
if (!manifestFile) {
  console.error("bench/js-size: no production build in public/build. Run `npm run build` first.");
  process.exit(1);
}
const manifestText = fs.readFileSync(path.join(buildDir, manifestFile), "utf8");
const manifest = JSON.parse(manifestText.slice(manifestText.indexOf("{"), manifestText.lastIndexOf("}") + 1)) as Manifest;

const gzCache = new Map<string, number>();
function gzBytes(url: string): number {
  let size = gzCache.get(url);
  if (size === undefined) {
    size = gzipSync(fs.readFileSync(path.join(root, "public", url))).byteLength;
    gzCache.set(url, size);
  }
  return size;
}

/** Dynamic import() targets of a built module, as /build/… URLs. */
function dynamicImports(url: string): string[] {
  const text = fs.readFileSync(path.join(root, "public", url), "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)) {
    const spec = match[1] as string;
    found.push(spec.startsWith("/") ? spec : path.posix.join(path.posix.dirname(url), spec));
  }
  return found;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

const rows: { route: string; initialKb: number; withLazyKb: number }[] = [];
for (const route of Object.values(manifest.routes)) {
  if (route.id === "root") continue;
  const chain: ManifestRoute[] = [];
  for (let r: ManifestRoute | undefined = route; r; r = r.parentId ? manifest.routes[r.parentId] : undefined) chain.push(r);
  const initial = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
  for (const r of chain) for (const url of [r.module, ...(r.imports ?? [])]) initial.add(url);
  const lazy = new Set<string>();
  for (const url of initial) for (const target of dynamicImports(url)) if (!initial.has(target)) lazy.add(target);
  const initialBytes = [...initial].reduce((sum, url) => sum + gzBytes(url), 0);
  const lazyBytes = [...lazy].reduce((sum, url) => sum + gzBytes(url), 0);
  rows.push({ route: route.id.replace(/^routes\//, ""), initialKb: kb(initialBytes), withLazyKb: kb(initialBytes + lazyBytes) });
}
rows.sort((a, b) => b.withLazyKb - a.withLazyKb);

console.table(Object.fromEntries(rows.slice(0, 12).map((r) => [r.route, { "initial KB gz": r.initialKb, "with lazy chunks": r.withLazyKb }])));
const over = rows.filter((r) => r.initialKb > BUDGET_KB);
console.log(`Largest initial JavaScript: ${rows.reduce((m, r) => Math.max(m, r.initialKb), 0)} KB gz (budget ${BUDGET_KB} KB); ${over.length} page(s) over.`);

const file = path.join(root, "bench/results.json");
const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
const jsGzKb = Object.fromEntries(rows.map((r) => [r.route, r.initialKb]));
const jsGzKbWithLazy = Object.fromEntries(rows.map((r) => [r.route, r.withLazyKb]));
fs.writeFileSync(file, `${JSON.stringify({ ...previous, jsGzKb, jsGzKbWithLazy, jsBudgetKb: BUDGET_KB }, null, 2)}\n`);
process.exitCode = over.length > 0 ? 1 : 0;
