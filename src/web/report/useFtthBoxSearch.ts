import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDebounced } from '../useDebounced.js';
import { namedOptions } from './fields.js';
import { reportApi, reportKeys } from './reportApi.js';

/** FTTH boxes can number in the thousands: they are searched on the server as the operator types. */
export function useFtthBoxSearch() {
  const [q, setQ] = useState('');
  const settled = useDebounced(q, 250);
  const boxes = useQuery({
    queryKey: reportKeys.ftthBoxes(settled),
    queryFn: ({ signal }) => reportApi.ftthBoxes(settled, signal),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  return { setQ, options: namedOptions(boxes.data), loading: boxes.isFetching || q !== settled };
}
