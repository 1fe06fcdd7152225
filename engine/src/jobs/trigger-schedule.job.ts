import { fireSchedule } from '../triggers/schedules';
import type { JobDefinition } from './job';

export const triggerScheduleJob: JobDefinition<'trigger.schedule'> = {
  handle: async (payload, { prisma, now }) => {
    await fireSchedule(prisma, payload, now());
  },
};
