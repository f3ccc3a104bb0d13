/** The e-mail channel's public surface: the SMTP provider and its error classification. */
export { classifySmtpError, smtpProvider, type SmtpOptions, type SmtpSecurity } from './smtp.js';
