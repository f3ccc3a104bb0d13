/**
 * Opa! Suite template (HSM) helpers: which variables a template text needs, what its `dados` JSON string says
 * about the Meta template behind it, and how to clean a variable value so Meta does not reject it.
 */
import { placeholdersOf } from '../../shared/placeholders.js';

/**
 * The placeholder names of an Opa template text, in order of appearance, **every occurrence counted**:
 * `"Olá {{nome}}, {{nome}}"` → `['nome', 'nome']`.
 *
 * Opa fills `template.variaveis` by position ("substitui por ordem de aparição no texto, não pelo nome do
 * placeholder"), and whether a repeated name is filled once or per occurrence is not confirmed. Counting every
 * occurrence is the choice that never sends too few values for a template that repeats a name, and it is what
 * the simulator enforces; the caller repeats the value.
 */
export function templatePlaceholders(texto: string): string[] {
  return placeholdersOf(texto);
}

export interface TemplateDados {
  /** The Meta template name (`element_name`). */
  elementName: string | null;
  /** Meta language code (`idioma`), e.g. `pt_BR`. */
  language: string | null;
  /** `UTILITY`, `MARKETING`, `AUTHENTICATION`. */
  category: string | null;
  /** `simpleTextTemplate`, `paymentDetailTemplate`, … */
  templateType: string | null;
}

/** Reads the `dados` JSON string of a per-channel template; anything unreadable gives nulls, never an exception. */
export function parseTemplateDados(dados: unknown): TemplateDados {
  let value: unknown = dados;
  if (typeof dados === 'string') {
    try {
      value = JSON.parse(dados);
    } catch {
      value = undefined;
    }
  }
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return {
    elementName: text(record.element_name),
    language: text(record.idioma) ?? text(record.language),
    category: text(record.category),
    templateType: text(record.templateType),
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Makes one variable acceptable to Meta, which rejects parameters with new-line or tab characters or 4+
 * consecutive spaces (`(#132018)`): every run of line breaks/tabs becomes one space, runs of 4+ spaces become 3,
 * and the ends are trimmed.
 */
export function sanitizeWhatsAppVariable(value: string): string {
  return value
    .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
    .replace(/ {4,}/g, '   ')
    .trim();
}
