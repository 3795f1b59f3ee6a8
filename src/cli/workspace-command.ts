import type { Command } from "commander";
import { systemClock } from "../core/clock";
import { loadConfig } from "../core/config";
import { migrate } from "../db/migrate";
import { openConfiguredDatabase } from "../http/server";
import { createServices } from "../services";
import { ensureBootstrapKey } from "../workspaces";

async function withServices<T>(work: (services: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    return await work(createServices({ database, clock: systemClock, config }));
  } finally {
    await database.close();
  }
}

export function registerWorkspaceCommands(program: Command): void {
  const workspace = program.command("workspace").description("A retailer's own workspaces");

  workspace
    .command("create")
    .description("Create a workspace with its first admin; prints the admin's one-time password and an API key")
    .argument("<slug>", "short name used in addresses, e.g. acme (lower-case letters, digits, dashes)")
    .requiredOption("--name <name>", "the shop's name as staff see it")
    .requiredOption("--admin-email <email>", "the first admin's sign-in email")
    .option("--admin-name <name>", "the first admin's name")
    .option("--json", "print the result as JSON", false)
    .action(async (slug: string, options: { name: string; adminEmail: string; adminName?: string; json: boolean }) => {
      const config = loadConfig();
      await withServices(async (services) => {
        const created = await services.provisioning.create({
          slug,
          name: options.name,
          adminEmail: options.adminEmail,
          adminName: options.adminName,
        });
        if (config.THROUGHLINE_BOOTSTRAP_API_KEY && config.THROUGHLINE_BOOTSTRAP_WORKSPACE === slug)
          await ensureBootstrapKey(services, slug, config.THROUGHLINE_BOOTSTRAP_API_KEY);
        if (options.json) {
          console.log(JSON.stringify(created, null, 2));
          return;
        }
        console.log(`Created workspace "${created.workspace.slug}" (${created.workspace.name}). Shown once; store them now:`);
        console.log(`  admin:   ${created.admin.email} / ${created.admin.password}`);
        console.log(`  API key: ${created.apiKey}`);
        console.log(`Next: npx throughline import products <file> --workspace ${created.workspace.slug}`);
      });
    });

  workspace
    .command("list")
    .description("Every workspace on this installation")
    .action(async () => {
      await withServices(async (services) => {
        const items = await services.provisioning.list();
        if (!items.length) console.log("No workspaces yet.");
        for (const item of items) console.log(`${item.slug}\t${item.name}`);
      });
    });
}
