/** A `<select>`'s options for the channels (WhatsApp, E-mail, SMS), in the vocabulary's order. */
import { useTranslation } from 'react-i18next';
import { channels } from '../../shared/vocabulary.js';

export function ChannelOptions() {
  const { t } = useTranslation();
  return channels.map((c) => (
    <option key={c} value={c}>
      {t(`integrations.channels.${c}`)}
    </option>
  ));
}
