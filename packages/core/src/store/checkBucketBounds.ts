/**
 * Refuses bounds a histogram cannot have (unsorted, repeated, not finite), so every store
 * answers the same question.
 * @throws RangeError naming the bad bound.
 */
export function checkBucketBounds(bounds: readonly number[]): number[] {
  if (!Array.isArray(bounds)) throw new RangeError('bucketBounds must be an array of numbers');
  bounds.forEach((b, i) => {
    if (typeof b !== 'number' || !Number.isFinite(b))
      throw new RangeError(`bucketBounds[${i}] must be a finite number (got ${String(b)})`);
    if (i > 0 && b <= bounds[i - 1]!)
      throw new RangeError(`bucketBounds must ascend strictly: bucketBounds[${i}] = ${b} follows ${bounds[i - 1]}`);
  });
  return [...bounds];
}
