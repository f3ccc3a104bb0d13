/** What every part of the message form receives: the draft, a way to change it, and the error of a field. */
import type { MessageDraft } from './draft.js';
import type { SystemVariable } from './types.js';

export interface MessageFormBinding {
  draft: MessageDraft;
  update: (patch: Partial<MessageDraft>) => void;
  /** The error to show under the control of a server field path (`content.text`, `content.variables.1.field`). */
  errorOf: (path: string) => string | undefined;
  readOnly: boolean;
  /** The catalogue of system variables (empty while it loads). */
  variables: SystemVariable[];
  /** The label of a system variable in the current language. */
  labelOf: (variable: SystemVariable) => string;
}
