import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Compares in constant time: both sides are hashed first, so their lengths leak nothing either. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
