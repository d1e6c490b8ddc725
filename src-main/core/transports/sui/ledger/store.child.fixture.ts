/**
 * Test fixture run as a separate process by store.test.ts: opens the ledger folder given as
 * argv[2] and makes argv[4] faucet gifts of 100 MIST to argv[3], racing the parent process.
 */
import { RehearsalLedger } from './ledger.ts';

const [dir, address, count] = process.argv.slice(2);
const ledger = await RehearsalLedger.openFolder(dir!);
for (let i = 0; i < Number(count); i++) await ledger.faucet(address!, 100n);
