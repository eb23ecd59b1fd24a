/** Compares two secrets without an early exit, so timing does not tell how much of a guess was right. */
export function constantTimeEquals(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  // Code units compared directly: equal strings are equal unit for unit; NaN (past an end) | 0 is 0.
  for (let i = 0; i < length; i++) difference |= (a.charCodeAt(i) ^ b.charCodeAt(i)) | (i >= a.length || i >= b.length ? 1 : 0);
  return difference === 0;
}
