// Compiles src/ to dist/ (one JavaScript file per TypeScript module, same layout), so the server
// and the CLI run on plain Node without a TypeScript loader. Data files next to the sources
// (migrations, training examples, scenarios, fixtures) are copied alongside.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

const isTestOnly = (file) => /\.test\.ts$/.test(file) || /[\\/](test-support|test)[\\/]/.test(file);

/** Node's ESM loader needs the file name: "./x" becomes "./x.js" or "./x/index.js". */
function withExtension(fromFile, specifier) {
  const target = path.resolve(path.dirname(fromFile), specifier);
  if (fs.existsSync(`${target}.js`)) return `${specifier}.js`;
  if (fs.existsSync(path.join(target, "index.js"))) return `${specifier}/index.js`;
  return specifier;
}

export async function buildServer({ src = path.join(root, "src"), out = path.join(root, "dist") } = {}) {
  const files = walk(src);
  const entryPoints = files.filter((file) => file.endsWith(".ts") && !isTestOnly(file));
  fs.rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: out,
    outbase: src,
    format: "esm",
    platform: "node",
    target: "node20",
    bundle: false,
    sourcemap: "linked",
    logLevel: "warning",
  });
  for (const file of walk(out).filter((name) => name.endsWith(".js"))) {
    const code = fs.readFileSync(file, "utf8");
    const rewritten = code.replace(
      /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']+)\2/g,
      (_match, lead, quote, specifier) => `${lead}${quote}${withExtension(file, specifier)}${quote}`,
    );
    if (rewritten !== code) fs.writeFileSync(file, rewritten);
  }
  for (const file of files.filter((name) => !name.endsWith(".ts"))) {
    const target = path.join(out, path.relative(src, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
  return { modules: entryPoints.length, out };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = Date.now();
  const result = await buildServer();
  console.log(`Compiled ${result.modules} modules to ${path.relative(root, result.out)}/ in ${Date.now() - started} ms`);
}
