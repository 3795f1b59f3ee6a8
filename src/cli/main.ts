import fs from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import { ConfigError, loadConfig } from "../core/config";
import { systemClock } from "../core/clock";
import { migrate } from "../db/migrate";
import { ensureDemoWorkspace } from "../demo/demo-seed";
import { createServices } from "../services";
import { openConfiguredDatabase, startServer } from "../http/server";
import { registerExtraCommands } from "./commands";

/** How long SIGTERM/SIGINT waits for in-flight work before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

const program = new Command()
  .name("throughline")
  .description("Omnichannel AI customer support for retailers")
  // src/cli and dist/cli are both two folders below package.json.
  .version(
    (
      JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
        version: string;
      }
    ).version,
    "-V, --version",
  )
  .showHelpAfterError();

program
  .command("serve")
  .description("Run the HTTP server (migrates and creates the demo workspace on first start)")
  .action(async () => {
    const config = loadConfig();
    const server = await startServer(config);
    const stop = async () => {
      // A shutdown that cannot finish (a query stuck on a connection the database dropped) must not
      // keep the process alive: acknowledged work is already stored, so after the deadline it exits.
      const deadline = setTimeout(() => {
        console.error(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`);
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      await server.close();
      clearTimeout(deadline);
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
        console.log(`  agent:   ${result.credentials.agentEmail} / ${result.credentials.agentPassword}`);
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
