import type { VersionStatus } from '@erp/shared/api/versions';
import { Badge, type BadgeTone } from '../../ui/badge';

export const versionStatusInfo = {
  live: { label: 'Live', tone: 'green', explanation: 'What new flows and tasks run.' },
  candidate: {
    label: 'Candidate',
    tone: 'amber',
    explanation: 'Waits for a reviewer’s approval; it goes live when approved.',
  },
  superseded: { label: 'Earlier', tone: 'neutral', explanation: 'Was live; a newer version replaced it.' },
  withdrawn: {
    label: 'Withdrawn',
    tone: 'neutral',
    explanation: 'A candidate replaced by a newer publish before anyone approved it.',
  },
} satisfies Record<VersionStatus, { label: string; tone: BadgeTone; explanation: string }>;

export function VersionStatusBadge({ status }: { status: VersionStatus }) {
  const info = versionStatusInfo[status];
  return (
    <span title={info.explanation}>
      <Badge tone={info.tone}>{info.label}</Badge>
    </span>
  );
}
