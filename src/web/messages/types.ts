/**
 * Mensagens as the UI sees them: the server's schemas (src/messages/schemas.ts, contract.ts), dates as ISO
 * strings.
 */
import type { z } from 'zod';
import type { messagesContract } from '../../messages/contract.js';
import type { bindingSchema, freeFieldSchema, messageInputSchema, previewSavedBodySchema } from '../../messages/schemas.js';
import type { ResponseOf } from '../../shared/contract.js';

export type { Channel } from '../../shared/vocabulary.js';

export type FreeField = z.output<typeof freeFieldSchema>;

/** What fills one template placeholder: a system variable, a fixed text, or a free field typed at send time. */
export type Binding = z.output<typeof bindingSchema>;

/** Body of POST/PUT /api/messages, and `message` of the draft preview. */
export type MessageInput = z.input<typeof messageInputSchema>;

/** A stored message, its `content` typed by its channel. */
export type Message = ResponseOf<typeof messagesContract.get>['message'];

/** A system variable of GET /api/messages/variables. */
export type SystemVariable = ResponseOf<typeof messagesContract.variables>['variables'][number];

export type Preview = ResponseOf<typeof messagesContract.previewSaved>['preview'];

/** What the preview form sends: the exact login name and the free fields' values. */
export type PreviewRequest = Required<Pick<z.input<typeof previewSavedBodySchema>, 'login' | 'free'>>;
