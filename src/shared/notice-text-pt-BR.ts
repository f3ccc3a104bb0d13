/** The notices and skip reasons in pt-BR: the screens' default language and the CSV reports' (browser-safe). */
import type { NoticeCatalogue } from './notice.js';

export const noticeTextPtBR: NoticeCatalogue = {
  codes: {
    legacy: '',
    unexpected_error: 'Erro inesperado',
    sent: 'Aceita pelo provedor',
    cancelled_by: 'Cancelada por {{user}}',
    send_interrupted:
      'O envio começou, mas o processo parou antes de registrar a resposta: não se sabe se chegou ao cliente; confira e use Reenviar se preciso',
    payload_unreadable: 'A mensagem guardada na fila não pode ser lida',
    provider_said: 'O provedor respondeu',
    http_status: 'Resposta HTTP {{status}}',
    timeout: 'Sem resposta em {{seconds}} s (tempo esgotado)',
    request_cancelled: 'Requisição cancelada',
    connection_failed: 'Falha de conexão ({{code}})',
    not_provider_api: 'A resposta (HTTP {{status}}) não é da API de {{provider}}: confira o endereço',
    unexpected_answer: 'Resposta inesperada de {{provider}}',
    no_message_id: '{{provider}} respondeu sem o id da mensagem',
    wrong_channel: '{{provider}} não envia mensagens de {{channel}}',
    not_configured: '{{provider}} não está configurado',
    invalid_number: '{{number}} não é um número brasileiro no formato E.164 (+55DD…)',
    daily_limit:
      'Limite diário de envio de templates do canal atingido ({{limit}} por dia); o restante fica na fila para a próxima execução',
    tls_certificate_refused:
      'O certificado TLS do servidor foi recusado ({{code}}). Se o servidor é confiável, ative “aceitar certificado inválido” nesta integração',
    tls_failed:
      'A negociação TLS falhou ({{code}}): confira o modo de segurança desta integração (TLS implícito, em geral porta 465; STARTTLS, em geral 587; ou nenhum)',
    secret_unreadable:
      'O segredo guardado não pode ser aberto com a chave desta instalação (AVISA_SECRET_KEY ou secret.key mudou?): informe o token ou a senha de novo',
    provider_refused: 'O provedor recusou a integração',
    check_opa: '{{channels}} canal(is), {{whatsapp}} de WhatsApp ativo(s)',
    check_smtp: '{{host}}:{{port}} respondeu ({{security}}), sem login configurado',
    check_smtp_login: '{{host}}:{{port}} respondeu ({{security}}), autenticado como {{user}}',
    check_zenvia: 'A Zenvia aceitou o token; o remetente “{{from}}” só é conferido no primeiro envio',
    check_zenvia_subscriptions:
      'A Zenvia aceitou o token ({{subscriptions}} assinatura(s) de webhook); o remetente “{{from}}” só é conferido no primeiro envio',
    check_smsdev: 'Saldo no SMS Dev: {{balance}} créditos de SMS',
    no_credits: 'O SMS Dev aceitou a chave, mas o saldo é de {{balance}} créditos de SMS',
    no_balance: '{{provider}} respondeu sem informar o saldo',
    task_abandoned: 'O processo que executava esta tarefa parou de responder',
    task_interrupted: 'Interrompida: o processo que executava esta tarefa foi encerrado',
    task_type_unknown: 'Tipo de tarefa desconhecido: {{type}}',
    no_active_source: 'Nenhuma fonte IXC ativa',
    sync_failed: 'A sincronização da fonte #{{source}} falhou',
    sync_refused: 'A sincronização da fonte #{{source}} não pôde começar',
    filter_missing: 'O filtro salvo deste gatilho foi excluído: edite o gatilho e escolha outro filtro.',
    filter_invalid: 'O filtro salvo “{{name}}” não é mais válido: corrija-o no relatório.',
    message_missing: 'A mensagem {{id}} deste gatilho foi excluída: edite o gatilho e escolha outra.',
    message_inactive: 'A mensagem “{{description}}” está inativa: ative-a ou edite o gatilho.',
    message_twice: 'A mensagem {{id}} aparece duas vezes no gatilho.',
    channel_twice: 'O gatilho tem duas mensagens de {{channel}} (“{{first}}” e “{{second}}”).',
    free_required: 'O campo livre “{{label}}” da mensagem “{{description}}” é obrigatório e está vazio: edite o gatilho.',
    superseded: 'Substituída pela avaliação #{{run}}',
    evaluation_error: 'Erro ao avaliar o gatilho',
    dispatcher_stopped: 'O processo que entregava os webhooks parou durante esta tentativa',
  },
  attempt: {
    retrying: '(tentativa {{number}} de {{of}}; nova tentativa agendada)',
    gaveUp: '(tentativa {{number}} de {{of}}; desistiu)',
  },
  values: {
    channel: { whatsapp: 'WhatsApp', email: 'e-mail', sms: 'SMS' },
    provider: { opa: 'Opa! Suite', smtp: 'SMTP', zenvia: 'Zenvia', smsdev: 'SMS Dev' },
    security: { tls: 'TLS implícito', starttls: 'STARTTLS', none: 'sem TLS' },
  },
  skipReasons: {
    opted_out: 'Não aceita receber por este canal (opt-out)',
    no_mobile: 'Sem celular',
    invalid_phone: 'Celular inválido',
    landline: 'Somente telefone fixo',
    no_email: 'Sem e-mail',
    invalid_email: 'E-mail inválido',
    duplicate_in_batch: 'Contato repetido (mesmo contato em outro login)',
    already_pending: 'Já pendente na fila para esta mensagem',
    cooldown: 'Recebeu este gatilho há pouco (intervalo mínimo)',
  },
};
