import type { ReactNode } from 'react';
import type { PagedList } from '../api/use-api';
import { ErrorAlert } from './alert';
import { Button } from './button';
import { Card } from './card';
import { LoadingState } from './spinner';

/** A card around a cursor-paginated list: its error, loading and empty states, then the items and "Load more". */
export function PagedListCard<T>({
  list,
  noun,
  empty,
  children,
}: {
  list: PagedList<T>;
  /** Plural, capitalised: "Users", "Flows". */
  noun: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <Card>
      {list.error !== undefined ? (
        <div className="p-5">
          <ErrorAlert error={list.error} title={`${noun} could not be loaded`} onRetry={list.reload} />
        </div>
      ) : !list.data ? (
        <LoadingState label={`Loading ${noun.toLowerCase()}…`} />
      ) : list.data.length === 0 ? (
        empty
      ) : (
        children(list.data)
      )}
      {list.data && list.hasMore && (
        <div className="border-t border-neutral-200 px-5 py-3">
          {list.loadMoreError !== undefined && (
            <ErrorAlert error={list.loadMoreError} title="More could not be loaded" className="mb-3" />
          )}
          <Button size="sm" isPending={list.isLoadingMore} onClick={list.loadMore}>
            Load more
          </Button>
        </div>
      )}
    </Card>
  );
}
