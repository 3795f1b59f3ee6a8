import fs from "node:fs";
import path from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { systemClock } from "../core/clock";
import { loadConfig } from "../core/config";
import { isAppError } from "../core/errors";
import { migrate } from "../db/migrate";
import { DEMO_WORKSPACE_SLUG } from "../demo/demo-seed";
import { openConfiguredDatabase } from "../http/server";
import type { MarkdownFile } from "../knowledge";
import { createServices, type Services } from "../services";

/** Every `.md` file under `dir`, with paths relative to it and `/` separators. */
export function readMarkdownFolder(dir: string): MarkdownFile[] {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new InvalidArgumentError(`${dir} is not a folder`);
  }
  const files: MarkdownFile[] = [];
  const walk = (folder: string) => {
    for (const item of fs.readdirSync(folder, { withFileTypes: true })) {
      if (item.name.startsWith(".")) continue;
      const full = path.join(folder, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.isFile() && item.name.toLowerCase().endsWith(".md")) {
        files.push({
          path: path.relative(root, full).split(path.sep).join("/"),
          content: fs.readFileSync(full, "utf8"),
        });
      }
    }
  };
  walk(root);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** Writes exported files under `dir`; paths come from our own export, checked to stay inside it. */
export function writeMarkdownFolder(dir: string, files: MarkdownFile[]): void {
  const root = path.resolve(dir);
  for (const file of files) {
    const target = path.resolve(root, file.path);
    if (!target.startsWith(root + path.sep))
      throw new Error(`refusing to write outside ${dir}: ${file.path}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
}

async function withWorkspace<T>(
  slug: string,
  run: (services: Services, workspaceId: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    const services = createServices({ database, clock: systemClock, config });
    const workspace = await services.workspaces.findBySlug(slug);
    if (!workspace) throw new InvalidArgumentError(`no workspace "${slug}"`);
    return await run(services, workspace.id);
  } finally {
    await database.close();
  }
}

const parseDate = (value: string) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError("an ISO 8601 date-time");
  return date;
};

/** `throughline kb import <dir>` / `throughline kb export <dir>`: keep the knowledge base in git. */
export function registerKnowledgeCommands(program: Command): void {
  const kb = program.command("kb").description("Knowledge base: import and export Markdown folders");

  kb.command("import")
    .description("Import a folder of .md files with front matter (all or nothing)")
    .argument("<dir>", "folder to read, searched recursively")
    .option("--workspace <slug>", "workspace slug", DEMO_WORKSPACE_SLUG)
    .option("--publish", "publish changed files (otherwise they become drafts)", false)
    .action(async (dir: string, options: { workspace: string; publish: boolean }) => {
      const files = readMarkdownFolder(dir);
      if (files.length === 0) throw new InvalidArgumentError(`no .md files in ${dir}`);
      await withWorkspace(options.workspace, async (services, workspaceId) => {
        try {
          const result = await services.knowledge.importFiles(workspaceId, files, {
            publish: options.publish,
            actor: "cli",
          });
          for (const file of result.files) {
            console.log(
              `${file.action.padEnd(9)} ${file.path} → ${file.slug} v${file.version} (${file.status})`,
            );
          }
        } catch (error) {
          if (isAppError(error) && error.details?.problems) {
            for (const problem of error.details.problems as { path: string; message: string }[]) {
              console.error(`${problem.path}: ${problem.message}`);
            }
            throw new Error("nothing was imported");
          }
          throw error;
        }
      });
    });

  kb.command("export")
    .description("Write every entry as <kind>/<slug>.md with front matter")
    .argument("<dir>", "folder to write into (created if missing)")
    .option("--workspace <slug>", "workspace slug", DEMO_WORKSPACE_SLUG)
    .option("--at <iso>", "export what was in force at this instant", parseDate)
    .option("--latest", "export each entry's latest version, drafts included", false)
    .action(async (dir: string, options: { workspace: string; at?: Date; latest: boolean }) => {
      await withWorkspace(options.workspace, async (services, workspaceId) => {
        const files = await services.knowledge.exportFiles(workspaceId, {
          at: options.at,
          versions: options.latest ? "latest" : "in_force",
        });
        writeMarkdownFolder(dir, files);
        console.log(`Wrote ${files.length} file(s) to ${path.resolve(dir)}`);
      });
    });
}
