/**
 * Creating a radacct status source: the connection string is split so its password becomes the source's
 * sealed secret, and the settings are validated by the same parser the API uses for this kind
 * (`radacctConfigParser`, to pass as `parseConfig` to src/ingest/sources.ts).
 */
import type { Db } from '../../db/database.js';
import { createSource, type Source, type SourceConfigParser } from '../sources.js';
import { parseRadacctConfig, splitPassword } from './config.js';

/** Validates radacct settings; other kinds pass through unchanged. */
const radacctConfigParser: SourceConfigParser = (kind, config) => (kind === 'radacct' ? parseRadacctConfig(config) : config);

export async function addRadacctSource(
  db: Db,
  key: Buffer,
  input: { description: string; url: string; password?: string; settings?: Record<string, unknown> },
): Promise<Source> {
  const { url, password } = splitPassword(input.url);
  return createSource(
    db,
    key,
    { kind: 'radacct', description: input.description, config: { ...input.settings, url }, secret: input.password ?? password ?? undefined },
    { parseConfig: radacctConfigParser },
  );
}
