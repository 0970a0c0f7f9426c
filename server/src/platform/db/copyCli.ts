import { copyAllDatabases } from './copyStore';

/** `npm run db:copy -- --from <uri> --to <uri> [--db name]`: copy every database between MongoDB-protocol servers. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const from = value('--from');
  const to = value('--to');
  const db = value('--db');
  if (!from || !to) {
    console.error('usage: npm run db:copy -- --from mongodb://source/ --to mongodb://target/ [--db redress]');
    process.exit(2);
  }
  const result = await copyAllDatabases(from, to, { replace: true, databases: db ? [db] : undefined });
  console.log(`copied ${result.documents} documents in ${result.collections} collections of ${result.databases} databases`);
}

main().catch((err: Error) => {
  console.error(`db:copy failed: ${err.message}`);
  process.exit(1);
});
