// A few Hocuspocus wire messages, encoded by hand, for tests that must send what no well-behaved provider would.
// Layout (lib0 encoding): varString document name, varUint message type, then the type's payload.

const messageType = { sync: 0, auth: 2, syncStatus: 8 } as const;
const authToken = 0;
const syncStep1 = 0;
const syncUpdate = 2;

type Part = { uint: number } | { text: string | Uint8Array } | { bytes: Uint8Array };

function encode(parts: Part[]): Uint8Array {
  const out: number[] = [];
  const writeUint = (value: number) => {
    let rest = value;
    while (rest > 0x7f) {
      out.push(0x80 | (rest & 0x7f));
      rest = Math.floor(rest / 128);
    }
    out.push(rest);
  };
  const writeBytes = (bytes: Uint8Array) => {
    writeUint(bytes.byteLength);
    out.push(...bytes);
  };
  for (const part of parts) {
    if ('uint' in part) writeUint(part.uint);
    else if ('text' in part)
      writeBytes(typeof part.text === 'string' ? new TextEncoder().encode(part.text) : part.text);
    else writeBytes(part.bytes);
  }
  return new Uint8Array(out);
}

/** `documentName` as bytes sends what a string cannot hold (invalid UTF-8). */
export const authMessage = (documentName: string | Uint8Array, token: string) =>
  encode([{ text: documentName }, { uint: messageType.auth }, { uint: authToken }, { text: token }]);

export const updateMessage = (documentName: string, update: Uint8Array) =>
  encode([{ text: documentName }, { uint: messageType.sync }, { uint: syncUpdate }, { bytes: update }]);

export const syncStep1Message = (documentName: string, stateVector: Uint8Array) =>
  encode([{ text: documentName }, { uint: messageType.sync }, { uint: syncStep1 }, { bytes: stateVector }]);

/** The document name and message type of a server message (enough to tell replies apart). */
export function readHeader(data: ArrayBuffer | Uint8Array): {
  documentName: string;
  type: number;
  rest: Uint8Array;
} {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  let position = 0;
  const readUint = () => {
    let value = 0;
    let multiplier = 1;
    for (;;) {
      const byte = bytes[position++] ?? 0;
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return value;
      multiplier *= 128;
    }
  };
  const length = readUint();
  const documentName = new TextDecoder().decode(bytes.subarray(position, position + length));
  position += length;
  const type = readUint();
  return { documentName, type, rest: bytes.subarray(position) };
}

/** True for the server's "update not applied" answer (SyncStatus 0), which read-only connections get. */
export function isRefusedUpdate(data: ArrayBuffer | Uint8Array): boolean {
  const { type, rest } = readHeader(data);
  return type === messageType.syncStatus && rest[0] === 0;
}

/** True for the server's "permission denied" answer to an authentication message. */
export function isPermissionDenied(data: ArrayBuffer | Uint8Array): boolean {
  const { type, rest } = readHeader(data);
  return type === messageType.auth && rest[0] === 1;
}
