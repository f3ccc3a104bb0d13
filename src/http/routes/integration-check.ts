/** Testar conexão: builds the provider from saved or unsaved settings, checks it, and always closes it. */
import { parseIntegrationConfig, channelOfKind, type IntegrationKind } from '../../providers/integration-config.js';
import { assertSecretTarget, getIntegration, type Integration, openIntegration, recordCheck } from '../../providers/integrations.js';
import { createProvider, type OpenIntegration } from '../../providers/registry.js';
import type { CheckResult } from '../../providers/types.js';
import type { AppContext } from '../context.js';

export async function runCheck(open: OpenIntegration): Promise<CheckResult> {
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

interface UnsavedInput {
  id?: number;
  kind: IntegrationKind;
  description: string;
  config: Record<string, unknown>;
  secret?: string;
  maxConcurrency: number;
  ratePerSecond: number;
}

export async function checkUnsaved(ctx: AppContext, input: UnsavedInput): Promise<CheckResult> {
  const config = parseIntegrationConfig(input.kind, input.config);
  const stored = input.secret === undefined && input.id !== undefined ? await openIntegration(ctx.db, ctx.secretKey(), input.id) : null;
  if (stored) {
    const saved = stored.integration;
    assertSecretTarget({ kind: saved.kind, config: saved.config, hasSecret: stored.secret !== null }, { kind: input.kind, config });
  }
  const now = new Date();
  const integration: Integration = {
    id: input.id ?? 0,
    kind: input.kind,
    channel: channelOfKind[input.kind],
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
  };
  return runCheck({ integration, secret: input.secret ?? stored?.secret ?? null });
}
