import { useMemo } from 'react';
import { type CanvasPresence, peerSelectionsOf, remotePositionsOf, usePeers } from './canvas-presence';
import { FlowCanvas, type FlowCanvasProps } from './flow-canvas';
import { PeerCursors } from './peer-cursors';

/**
 * The canvas with colleagues on it: their cursors, selections and drags re-render the canvas, not the
 * builder around it (side panel, palette).
 */
export function LiveFlowCanvas({
  presence,
  ...props
}: Omit<FlowCanvasProps, 'peerSelections' | 'remotePositions'> & { presence: CanvasPresence }) {
  const peers = usePeers(presence);
  const peerSelections = useMemo(() => peerSelectionsOf(peers), [peers]);
  const remotePositions = useMemo(() => remotePositionsOf(peers), [peers]);
  return (
    <FlowCanvas {...props} peerSelections={peerSelections} remotePositions={remotePositions}>
      <PeerCursors peers={peers} />
    </FlowCanvas>
  );
}
