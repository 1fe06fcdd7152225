import { ConfigError } from '@erp/shared';

/** Runs a server's boot; a ConfigError ends the process with its one line instead of a stack trace. */
export async function runMain(main: () => Promise<unknown>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
