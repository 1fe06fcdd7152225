import * as Y from 'yjs';

// Hocuspocus message types and y-protocols sync steps that carry a document update.
const syncMessage = 0;
const syncReplyMessage = 4;
const syncStep2 = 1;
const syncUpdate = 2;
// Longest address (document name, plus `\0<session>` from session-aware providers) worth decoding.
const maxAddressBytes = 256;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a client message before Hocuspocus sees it: the address must be short, valid UTF-8, and a carried
 * update must decode. Yjs decodes while it integrates, so a truncated update would otherwise be applied
 * halfway (broadcast and stored) before the decoder throws; and Hocuspocus decodes names with a fatal
 * decoder it only catches by logging. Returns why the message is refused, or null when it may pass.
 */
export function refuseMessage(message: Uint8Array): string | null {
  const reader = new Reader(message);
  try {
    const addressLength = reader.readUint();
    if (addressLength > maxAddressBytes) return 'address-too-long';
    utf8.decode(reader.readBytes(addressLength));
    const type = reader.readUint();
    if (type !== syncMessage && type !== syncReplyMessage) return null;
    const step = reader.readUint();
    if (step !== syncStep2 && step !== syncUpdate) return null;
    Y.decodeUpdate(reader.readBytes(reader.readUint()));
    return null;
  } catch {
    return 'malformed-message';
  }
}

class Reader {
  private position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  readUint(): number {
    let value = 0;
    let multiplier = 1;
    for (;;) {
      const byte = this.bytes[this.position++];
      if (byte === undefined || multiplier > 2 ** 49) throw new RangeError('truncated');
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return value;
      multiplier *= 128;
    }
  }

  readBytes(length: number): Uint8Array {
    if (this.position + length > this.bytes.byteLength) throw new RangeError('truncated');
    const bytes = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return bytes;
  }
}
