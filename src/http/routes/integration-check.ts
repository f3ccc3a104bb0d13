/** Testar conexão: builds the provider from saved or unsaved settings, checks it, and always closes it. */
import type { z } from 'zod';
import { assertSecretTarget, getIntegration, type Integration, openIntegration, recordCheck } from '../../providers/integrations.js';
import { createProvider, type OpenIntegration } from '../../providers/registry.js';
import { channelOfKind, type integrationCheckInputSchema } from '../../providers/schemas.js';
import type { CheckResult } from '../../providers/types.js';
import type { AppContext } from '../context.js';

async function runCheck(open: OpenIntegration): Promise<CheckResult> {
  const provider = createProvider(open);
  try {
    return await provider.check();
  } finally {
    await provider.close();
  }
}

export async function checkSaved(ctx: AppContext, id: number): Promise<{ result: CheckResult; integration: Integration }> {
  const result = await runCheck(await openIntegration(ctx.db, ctx.secretKey(), id));
  await recordCheck(ctx.db, id, result);
  return { result, integration: await getIntegration(ctx.db, id) };
}

/** The form's values, already validated for their kind by the endpoint's schema. */
type UnsavedInput = z.output<typeof integrationCheckInputSchema>;

export async function checkUnsaved(ctx: AppContext, input: UnsavedInput): Promise<CheckResult> {
  const { id, secret, kind, config } = input;
  const stored = secret === undefined && id !== undefined ? await openIntegration(ctx.db, ctx.secretKey(), id) : null;
  if (stored) {
    const saved = stored.integration;
    assertSecretTarget({ kind: saved.kind, config: saved.config, hasSecret: stored.secret !== null }, { kind, config });
  }
  const now = new Date();
  // `kind`, `channel` and `config` come from one validated variant, so they belong together
  const integration = {
    id: id ?? 0,
    kind,
    channel: channelOfKind[kind],
    description: input.description,
    config,
    hasSecret: true,
    secretHint: '',
    active: true,
    maxConcurrency: input.maxConcurrency,
    ratePerSecond: input.ratePerSecond,
    lastCheck: null,
    halted: null,
    messageCount: 0,
    createdBy: '',
    createdAt: now,
    updatedAt: now,
  } as Integration;
  return runCheck({ integration, secret: secret ?? stored?.secret ?? null });
}
