// The baseline relay's message: [name length][name][payload]: the same header a Hocuspocus message carries
// (the document name), so both servers move messages of the same size.

export function frameForRoom(room: string, payload: Uint8Array): Uint8Array {
  const name = Buffer.from(room, 'utf8');
  if (name.length > 255) throw new Error('room names are at most 255 bytes');
  const frame = new Uint8Array(1 + name.length + payload.byteLength);
  frame[0] = name.length;
  frame.set(name, 1);
  frame.set(payload, 1 + name.length);
  return frame;
}

export function readRoomName(frame: Uint8Array): string {
  const length = frame[0] ?? 0;
  return Buffer.from(frame.buffer, frame.byteOffset + 1, length).toString('utf8');
}

export function readPayload(frame: Uint8Array): Uint8Array {
  const offset = 1 + (frame[0] ?? 0);
  return frame.subarray(offset);
}
