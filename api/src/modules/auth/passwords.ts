import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes). Any length and any characters: argon2 takes the bytes as they are.
// algorithm 2 is Argon2id (the package exports it as a const enum, which verbatimModuleSyntax cannot import).
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verifying against this when the account does not exist keeps both answers equally slow.
const unknownAccountHash = hash('not a real password', options);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  const isMatch = await verify(passwordHash ?? (await unknownAccountHash), password);
  return passwordHash !== null && isMatch;
}
