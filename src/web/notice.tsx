/**
 * A notice (src/shared/notice.ts) on screen: Avisa's words for its code in the reader's language, from the catalogue
 * the CSV reports use too (src/shared/notice-text.ts), and beside them what is not Avisa's to translate — the
 * provider's words and the name of whose notice it is — marked `data-verbatim`.
 */
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice } from '../shared/notice.js';
import { noticeParts } from '../shared/notice-text.js';

export function NoticeText({ notice }: { notice: Notice | null | undefined }) {
  const { i18n } = useTranslation();
  if (!notice) return null;
  const { subject, text, detail, attempt } = noticeParts(notice, i18n.language);
  return (
    <span className="notice" data-code={notice.code}>
      {subject && (
        <>
          <span className="notice-subject" data-verbatim="">
            {subject}
          </span>
          {': '}
        </>
      )}
      {text}
      {detail && (
        <>
          {text && ': '}
          <span className="notice-detail" data-verbatim="">
            {detail}
          </span>
        </>
      )}
      {attempt && ` ${attempt}`}
    </span>
  );
}

/** Several notices (a run that failed for several reasons), one after the other. */
export function NoticeList({ notices }: { notices: readonly Notice[] }) {
  return (
    <>
      {notices.map((notice, i) => (
        <Fragment key={i}>
          {i > 0 && '; '}
          <NoticeText notice={notice} />
        </Fragment>
      ))}
    </>
  );
}
