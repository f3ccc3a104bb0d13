/** Loading and error states of a query, so pages only describe what to show once the data is there. */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './Alert.js';

interface Props<T> {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}

export function QueryState<T>({ query, children }: Props<T>) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (query.isError) {
    return (
      <ErrorAlert error={query.error}>
        <button type="button" className="link-button" onClick={() => void query.refetch()}>
          {t('common.retry')}
        </button>
      </ErrorAlert>
    );
  }
  return <>{children(query.data)}</>;
}
