/**
 * What gives Portuguese away in a text: its accented letters and a few of its commonest short words. Tests of the
 * English UI and catalogues assert that none of Avisa's own words there match it (verbatim text aside).
 */
export const PORTUGUESE = /[ãõçáéíóúâêô]|\b(não|nao|de|da|dos|das|pela|pelo|está|foi|ou|em|sem|com|tentativa|mensagem|filtro|gatilho|processo|envio|fila|erro|agendada|desistiu)\b/i;
