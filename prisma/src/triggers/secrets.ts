import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '@erp/shared';
import type { Prisma } from '../generated/client';

type Db = Prisma.TransactionClient;

// Secrets at rest: AES-256-GCM with a key derived from SECRETS_KEY (kept outside the database), and the row's
// id as associated data, so a ciphertext copied into another row fails to decrypt. Stored as iv | tag | data.

export interface SecretBox {
  seal(rowId: string, plaintext: string): Uint8Array<ArrayBuffer>;
  open(rowId: string, sealed: Uint8Array): string;
}

export function createSecretBox(secretsKey: string): SecretBox {
  if (secretsKey.length < 32) throw new Error('SECRETS_KEY must be at least 32 characters');
  const key = createHash('sha256').update(`erp-secrets:${secretsKey}`).digest();
  const aad = (rowId: string) => Buffer.from(`secret:${rowId}`);
  return {
    seal(rowId, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(rowId));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), data]));
    },
    open(rowId, sealed) {
      const bytes = Buffer.from(sealed);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12)).setAAD(aad(rowId));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** Stores a secret; only its id and name are ever given back. */
export async function storeSecret(db: Db, box: SecretBox, name: string, value: string) {
  const id = crypto.randomUUID();
  await db.secret.create({ data: { id, name, ciphertext: box.seal(id, value) } });
  return { id, name };
}

/** A secret's value, for the code that signs or verifies with it (never for a response or a log line). */
export async function readSecret(db: Db, box: SecretBox, id: string): Promise<string> {
  const row = await db.secret.findUnique({ where: { id } });
  if (!row) throw new AppError('not_found', 'The secret this needs does not exist.');
  return box.open(row.id, row.ciphertext);
}
