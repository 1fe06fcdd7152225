import type { Peer } from '../../collab';

/** "Ada is here", in Ada's colour, beside the label of what a colleague is working on. */
export function PeerHere({ peer }: { peer: Peer | undefined }) {
  if (!peer) return null;
  return (
    <span className="text-xs font-normal" style={{ color: peer.color }}>
      {peer.name} is here
    </span>
  );
}
