import { Command, InvalidArgumentError } from "commander";
import { ConfigError, loadConfig } from "../core/config";
import { createLogger } from "../core/logger";
import { systemClock } from "../core/clock";
import { migrate } from "../db/migrate";
import { ensureDemoWorkspace } from "../demo/demo-seed";
import { createServices } from "../services";
import { openConfiguredDatabase, startServer } from "../http/server";
import { registerExtraCommands } from "./commands";

const program = new Command()
  .name("throughline")
  .description("Omnichannel AI customer support for retailers")
  .showHelpAfterError();

program
  .command("serve")
  .description("Run the HTTP server (migrates and creates the demo workspace on first start)")
  .action(async () => {
    const config = loadConfig();
    const server = await startServer(config, createLogger(config.LOG_LEVEL));
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });

program
  .command("migrate")
  .description("Apply pending database migrations and exit")
  .action(async () => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      const result = await migrate(database);
      console.log(
        result.applied.length
          ? `Applied ${result.applied.length} migration(s) on ${database.describe()}: ${result.applied.join(", ")}`
          : `Database is up to date (${database.describe()})`,
      );
    } finally {
      await database.close();
    }
  });

program
  .command("seed")
  .description("Create the demo workspace with demo data if it does not exist")
  .option("--slug <slug>", "workspace slug", (value) => {
    if (!/^[a-z0-9-]{2,40}$/.test(value))
      throw new InvalidArgumentError("lower-case letters, digits and dashes");
    return value;
  })
  .action(async (options: { slug?: string }) => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      await migrate(database);
      const services = createServices({ database, clock: systemClock, config });
      const result = await ensureDemoWorkspace(services, {
        slug: options.slug,
        bootstrapApiKey: config.THROUGHLINE_BOOTSTRAP_API_KEY,
      });
      if (result.credentials) {
        console.log(`Created workspace "${result.workspaceSlug}". Shown once:`);
        console.log(`  admin:   ${result.credentials.adminEmail} / ${result.credentials.adminPassword}`);
        console.log(`  API key: ${result.credentials.apiKey}`);
      } else {
        console.log(`Workspace "${result.workspaceSlug}" already exists; nothing to do.`);
      }
    } finally {
      await database.close();
    }
  });

registerExtraCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
