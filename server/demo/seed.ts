import type { Hub } from '../hub.js';
import { seedDemoAccounts } from './accounts.js';

/** Everything `--demo` puts in place: sites and accounts (studies join as the store lands). Idempotent. */
export async function seedDemo(hub: Hub): Promise<Record<string, number>> {
  const accounts = await seedDemoAccounts(hub);
  return { ...accounts };
}
