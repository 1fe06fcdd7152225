import { initials } from '../ui/format';
import type { Peer } from './presence';

/** Who else is in the document, each in their colour. */
export function PresenceAvatars({ peers }: { peers: Peer[] }) {
  if (peers.length === 0) return null;
  return (
    <ul aria-label="People in this document" className="flex -space-x-2">
      {peers.map((peer) => (
        <li
          key={peer.id}
          title={peer.name}
          aria-label={peer.name}
          className="flex size-8 items-center justify-center rounded-full border-2 border-white text-xs font-semibold text-white"
          style={{ backgroundColor: peer.color }}
        >
          {initials(peer.name)}
        </li>
      ))}
    </ul>
  );
}
