import { AppError, extensionOf } from '@erp/shared';

// What a file is, from its first bytes — never from the name or the Content-Type the client sent. A name whose
// extension says one kind (an .exe renamed .pdf) while the bytes say another is refused; a name the server
// does not know keeps the sniffed type (application/octet-stream when nothing matches).

type Kind = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'zip' | 'ole' | 'program' | 'text' | 'unknown';

const signatures: { kind: Kind; at?: number; bytes: number[] }[] = [
  { kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { kind: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { kind: 'webp', at: 8, bytes: [0x57, 0x45, 0x42, 0x50] },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { kind: 'ole', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { kind: 'program', bytes: [0x4d, 0x5a] },
  { kind: 'program', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { kind: 'program', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { kind: 'program', bytes: [0xca, 0xfe, 0xba, 0xbe] },
];

const kindNames: Record<Kind, string> = {
  pdf: 'a PDF',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  zip: 'a ZIP archive or office document',
  ole: 'an old-style Office document',
  program: 'a program',
  text: 'text',
  unknown: 'of a kind the server does not recognise',
};

const defaultTypes: Record<Kind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  zip: 'application/zip',
  ole: 'application/x-ole-storage',
  program: 'application/x-msdownload',
  text: 'text/plain',
  unknown: 'application/octet-stream',
};

// Extensions the server knows: the kind their bytes must be, and the type they are served as when it is not
// the kind's own.
const extensions: Record<string, [Kind, string?]> = {
  '.pdf': ['pdf'],
  '.png': ['png'],
  '.jpg': ['jpeg'],
  '.jpeg': ['jpeg'],
  '.gif': ['gif'],
  '.webp': ['webp'],
  '.zip': ['zip'],
  '.docx': ['zip', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  '.xlsx': ['zip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  '.pptx': ['zip', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  '.odt': ['zip', 'application/vnd.oasis.opendocument.text'],
  '.ods': ['zip', 'application/vnd.oasis.opendocument.spreadsheet'],
  '.doc': ['ole', 'application/msword'],
  '.xls': ['ole', 'application/vnd.ms-excel'],
  '.txt': ['text'],
  '.csv': ['text', 'text/csv'],
  '.md': ['text', 'text/markdown'],
  '.json': ['text', 'application/json'],
  '.xml': ['text', 'application/xml'],
  '.exe': ['program'],
  '.dll': ['program'],
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function kindOf(bytes: Uint8Array): Kind {
  const found = signatures.find(({ at = 0, bytes: signature }) =>
    signature.every((byte, index) => bytes[at + index] === byte),
  );
  if (found) return found.kind;
  if (isText(bytes)) return 'text';
  return 'unknown';
}

/** The content type to store and serve the file as; refuses bytes that are not what the name's extension says. */
export function sniffContentType(name: string, bytes: Uint8Array): string {
  const kind = kindOf(bytes);
  const claimed = extensions[extensionOf(name)];
  if (!claimed) return defaultTypes[kind];
  const [claimedKind, claimedType] = claimed;
  if (claimedKind !== kind) {
    throw new AppError(
      'unsupported_media_type',
      `“${name}” is not what its name says: its content is ${kindNames[kind]}, not ${kindNames[claimedKind]}.`,
    );
  }
  return claimedType ?? defaultTypes[kind];
}
