// Baseline for P1: the least a collab server can do. A plain `ws` server that forwards every message to the
// other sockets of the same room (the room is named in each message's header, like Hocuspocus's document
// name); no auth, no decoding, no storage, no sync (clients start from the same state).
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { serveRequests } from '../harness/child';
import { readPayload, readRoomName } from './relay-frame';

const rooms = new Map<string, Set<WebSocket>>();
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 4 * 1024 * 1024 });

server.on('connection', (socket) => {
  const joined = new Set<string>();
  socket.on('message', (data: RawData) => {
    const message = data as Buffer;
    const room = readRoomName(message);
    let members = rooms.get(room);
    if (!members) {
      members = new Set();
      rooms.set(room, members);
    }
    if (!joined.has(room)) {
      joined.add(room);
      members.add(socket);
    }
    // A message without payload joins the room: answered (so the client knows it will miss nothing from now
    // on), never forwarded.
    if (readPayload(message).byteLength === 0) {
      socket.send(message, { binary: true });
      return;
    }
    for (const peer of members) {
      if (peer !== socket && peer.readyState === peer.OPEN) peer.send(message, { binary: true });
    }
  });
  socket.on('close', () => {
    for (const room of joined) rooms.get(room)?.delete(socket);
  });
});

await new Promise<void>((resolve) => server.once('listening', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;

serveRequests({ address: () => ({ url: `ws://127.0.0.1:${port}` }) });
