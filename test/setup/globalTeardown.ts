export default async function globalTeardown(): Promise<void> {
  console.log(`stopping test db: ${Boolean(globalThis.__redressTestDb)}`);
  await globalThis.__redressTestDb?.stop();
}
