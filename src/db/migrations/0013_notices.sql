-- Text for people is rendered, not stored (issue 15). What Avisa records about a send, a run or an integration
-- becomes a notice, `{"code", "params"?, "detail"?, "subject"?, "attempt"?}` (src/shared/notice.ts), rendered in
-- the reader's language from one catalogue; `detail` keeps words Avisa did not write (the provider's) verbatim.
-- Before, pt-BR prose was stored, and the English UI showed it.
--
-- The columns become jsonb, converting what they hold: a text Avisa wrote in pt-BR is recognised and becomes its
-- code and params (a queue row's "Cancelado por maria" → cancelled_by {user: maria}; a retry's "(tentativa 2 de 5;
-- nova tentativa agendada)" → attempt {number: 2, of: 5, retrying: true} beside the provider's words); anything
-- else becomes `legacy` with the whole old text as its detail, so nothing stored is lost. A run's error may list
-- several causes, so task_runs.error holds an array. A held gatilho run closed by a newer one said who closed it
-- as "sistema" (pt-BR, in decided_by); the notice `superseded` says it now, and decided_by is cleared.
-- The conversion rewrites each table once (ALTER … TYPE): on a large delivery log, expect a few seconds per
-- million rows. The helper functions are dropped at the end.
DROP INDEX "delivery_logs_message_trgm_idx";--> statement-breakpoint
CREATE FUNCTION avisa_0013_notice(code text, params jsonb DEFAULT NULL, detail text DEFAULT NULL, attempt jsonb DEFAULT NULL)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object('code', code, 'params', params, 'detail', nullif(detail, ''), 'attempt', attempt))
$$;--> statement-breakpoint
-- A queue row's last error or a log line's message. `success`: the log line of a sent message, "<detail> (id X)".
CREATE FUNCTION avisa_0013_send_notice(t text, success boolean) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN t IS NULL THEN NULL
    WHEN success THEN avisa_0013_notice('sent', NULL, coalesce((regexp_match(t, '^(.*) \(id [^()]*\)$'))[1], t))
    WHEN t LIKE 'Cancelado por %' THEN avisa_0013_notice('cancelled_by', jsonb_build_object('user', substr(t, 15)))
    WHEN t = 'O envio começou, mas o processo parou antes de registrar a resposta: não se sabe se chegou ao cliente; confira e use Reenviar se preciso'
      THEN avisa_0013_notice('send_interrupted')
    WHEN t ~ '^Limite diário de envio de templates do canal atingido \((\d+|\?) por dia\); o restante fica na fila para a próxima execução$' THEN (
      SELECT avisa_0013_notice('daily_limit', jsonb_build_object('limit', CASE WHEN m[1] = '?' THEN to_jsonb(m[1]) ELSE to_jsonb(m[1]::int) END))
      FROM regexp_match(t, '^Limite diário de envio de templates do canal atingido \((\d+|\?) por dia\)') m)
    WHEN t ~ ' \(tentativa \d+ de \d+; (nova tentativa agendada|desistiu)\)$' THEN (
      SELECT avisa_0013_notice('legacy', NULL, m[1], jsonb_build_object('number', m[2]::int, 'of', m[3]::int, 'retrying', m[4] <> 'desistiu'))
      FROM regexp_match(t, '^(.*) \(tentativa (\d+) de (\d+); (nova tentativa agendada|desistiu)\)$') m)
    ELSE avisa_0013_notice('legacy', NULL, t)
  END
$$;--> statement-breakpoint
-- Why a gatilho evaluation failed (or a held run was closed), as src/triggers wrote it in pt-BR; null otherwise.
CREATE FUNCTION avisa_0013_trigger_notice(t text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN t = 'O filtro salvo deste gatilho foi excluído: edite o gatilho e escolha outro filtro.' THEN avisa_0013_notice('filter_missing')
    WHEN t ~ '^O filtro salvo “.*” não é mais válido \(.*\): corrija-o no relatório\.$' THEN (
      SELECT avisa_0013_notice('filter_invalid', jsonb_build_object('name', m[1]), m[2])
      FROM regexp_match(t, '^O filtro salvo “(.*)” não é mais válido \((.*)\): corrija-o no relatório\.$') m)
    WHEN t ~ '^A mensagem \d+ deste gatilho foi excluída: edite o gatilho e escolha outra\.$'
      THEN avisa_0013_notice('message_missing', jsonb_build_object('id', substring(t from '^A mensagem (\d+)')::int))
    WHEN t ~ '^A mensagem “.*” está inativa: ative-a ou edite o gatilho\.$'
      THEN avisa_0013_notice('message_inactive', jsonb_build_object('description', substring(t from '^A mensagem “(.*)” está inativa')))
    WHEN t ~ '^A mensagem \d+ aparece duas vezes no gatilho\.$'
      THEN avisa_0013_notice('message_twice', jsonb_build_object('id', substring(t from '^A mensagem (\d+)')::int))
    WHEN t ~ '^O gatilho tem duas mensagens de (WhatsApp|e-mail|SMS) \(“.*” e “.*”\)\.$' THEN (
      SELECT avisa_0013_notice('channel_twice', jsonb_build_object(
          'channel', CASE m[1] WHEN 'WhatsApp' THEN 'whatsapp' WHEN 'e-mail' THEN 'email' ELSE 'sms' END, 'first', m[2], 'second', m[3]))
      FROM regexp_match(t, '^O gatilho tem duas mensagens de (WhatsApp|e-mail|SMS) \(“(.*)” e “(.*)”\)\.$') m)
    WHEN t ~ '^O campo livre “.*” da mensagem “.*” é obrigatório e está vazio: edite o gatilho\.$' THEN (
      SELECT avisa_0013_notice('free_required', jsonb_build_object('label', m[1], 'description', m[2]))
      FROM regexp_match(t, '^O campo livre “(.*)” da mensagem “(.*)” é obrigatório e está vazio: edite o gatilho\.$') m)
    WHEN t ~ '^Substituída pela avaliação #\d+$'
      THEN avisa_0013_notice('superseded', jsonb_build_object('run', substring(t from '#(\d+)$')::int))
    WHEN t LIKE 'Erro ao avaliar o gatilho: %' THEN avisa_0013_notice('evaluation_error', NULL, substr(t, 28))
  END
$$;--> statement-breakpoint
-- Why a task run failed: the scheduler's own texts, a gatilho task's "<rule>: <why>", else the whole text.
CREATE FUNCTION avisa_0013_task_notices(t text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN t IS NULL THEN NULL
    WHEN t = 'O processo que executava esta tarefa parou de responder' THEN jsonb_build_array(avisa_0013_notice('task_abandoned'))
    WHEN t LIKE 'Interrompida: o processo que executava esta tarefa foi encerrado%' THEN jsonb_build_array(avisa_0013_notice('task_interrupted',
      NULL, substring(t from '^Interrompida: o processo que executava esta tarefa foi encerrado \((.*)\)$')))
    WHEN t LIKE 'Tipo de tarefa desconhecido: %' THEN jsonb_build_array(avisa_0013_notice('task_type_unknown', jsonb_build_object('type', substr(t, 30))))
    WHEN t = 'no active IXC source' THEN jsonb_build_array(avisa_0013_notice('no_active_source'))
    ELSE jsonb_build_array(coalesce(
      (SELECT avisa_0013_trigger_notice(m[2]) || jsonb_build_object('subject', m[1])
       FROM regexp_match(t, '^(.+?): ((O filtro salvo|A mensagem|O gatilho tem|O campo livre|Erro ao avaliar o gatilho).*)$') m),
      avisa_0013_notice('legacy', NULL, t)))
  END
$$;--> statement-breakpoint
ALTER TABLE "integrations" ALTER COLUMN "last_check_message" SET DATA TYPE jsonb
  USING CASE WHEN "last_check_message" IS NULL THEN NULL ELSE avisa_0013_notice('legacy', NULL, "last_check_message") END;--> statement-breakpoint
ALTER TABLE "integrations" ALTER COLUMN "halted_reason" SET DATA TYPE jsonb USING CASE
    WHEN "halted_reason" IS NULL THEN NULL
    WHEN "halted_reason" LIKE 'A stored secret cannot be decrypted with this installation''s key%' THEN avisa_0013_notice('secret_unreadable')
    WHEN "halted_reason" = 'refused by the provider' THEN avisa_0013_notice('provider_refused')
    ELSE avisa_0013_notice('legacy', NULL, "halted_reason")
  END;--> statement-breakpoint
ALTER TABLE "delivery_logs" ALTER COLUMN "message" SET DATA TYPE jsonb USING avisa_0013_send_notice("message", "success");--> statement-breakpoint
ALTER TABLE "queue_items" ALTER COLUMN "last_error" SET DATA TYPE jsonb USING avisa_0013_send_notice("last_error", false);--> statement-breakpoint
ALTER TABLE "task_runs" ALTER COLUMN "error" SET DATA TYPE jsonb USING avisa_0013_task_notices("error");--> statement-breakpoint
ALTER TABLE "trigger_runs" ALTER COLUMN "error" SET DATA TYPE jsonb
  USING CASE WHEN "error" IS NULL THEN NULL ELSE coalesce(avisa_0013_trigger_notice("error"), avisa_0013_notice('legacy', NULL, "error")) END;--> statement-breakpoint
UPDATE "trigger_runs" SET "decided_by" = NULL WHERE "decided_by" = 'sistema' AND "error"->>'code' = 'superseded';--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ALTER COLUMN "error" SET DATA TYPE jsonb USING CASE
    WHEN "error" IS NULL THEN NULL
    WHEN "error" ~ '^HTTP \d+$' THEN avisa_0013_notice('http_status', jsonb_build_object('status', substr("error", 6)::int))
    WHEN "error" ~ '^no answer within \d+ ms$'
      THEN avisa_0013_notice('timeout', jsonb_build_object('seconds', (substring("error" from '(\d+) ms$')::int / 1000.0)::float8))
    WHEN "error" = 'the dispatcher stopped during this attempt' THEN avisa_0013_notice('dispatcher_stopped')
    ELSE avisa_0013_notice('legacy', NULL, "error")
  END;--> statement-breakpoint
DROP FUNCTION avisa_0013_task_notices(text);--> statement-breakpoint
DROP FUNCTION avisa_0013_trigger_notice(text);--> statement-breakpoint
DROP FUNCTION avisa_0013_send_notice(text, boolean);--> statement-breakpoint
DROP FUNCTION avisa_0013_notice(text, jsonb, text, jsonb);--> statement-breakpoint
CREATE INDEX "delivery_logs_detail_trgm_idx" ON "delivery_logs" USING gin (("message"->>'detail') gin_trgm_ops);
