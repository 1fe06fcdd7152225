import { AppError, type DraftChannel } from '@erp/shared';

const refuse = async (): Promise<never> => {
  throw new AppError(
    'unavailable',
    'No collab server answers for drafts; publishing and restoring need one.',
  );
};

/** For an api with no collab server to ask: reading or writing a draft is refused rather than possibly stale. */
export const unavailableDrafts: DraftChannel = { flush: refuse, replace: refuse };
