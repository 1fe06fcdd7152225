import { MousePointer2 } from 'lucide-react';
import { ViewportLayerPortal } from './canvas-layers';
import type { CanvasPeer } from './canvas-presence';

/** Colleagues' pointers with their names, drawn in flow coordinates so they follow pan and zoom. */
export function PeerCursors({ peers }: { peers: CanvasPeer[] }) {
  return (
    <ViewportLayerPortal>
      {peers.map((peer) =>
        peer.cursor ? (
          <div
            key={peer.clientId}
            className="pointer-events-none absolute top-0 left-0 z-50"
            style={{ transform: `translate(${peer.cursor.x}px, ${peer.cursor.y}px)` }}
            data-peer-cursor={peer.name}
          >
            <MousePointer2
              className="size-4"
              style={{ color: peer.color, fill: peer.color }}
              aria-hidden="true"
            />
            <span
              className="ml-3 rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-white shadow-sm"
              style={{ backgroundColor: peer.color }}
            >
              {peer.name}
            </span>
          </div>
        ) : null,
      )}
    </ViewportLayerPortal>
  );
}
