import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1';
import { Accumulator, FixedBaseTable, linearCombination } from './secp256k1-tables.ts';

const Point = secp256k1.ProjectivePoint;
const N = secp256k1.CURVE.n;
const G = Point.BASE;

/** noble's constant-time multiply (correct) as the reference; 0 is the point at infinity. */
function reference(a: bigint, A: InstanceType<typeof Point>, b: bigint, B: InstanceType<typeof Point>) {
  const mul = (k: bigint, X: InstanceType<typeof Point>) => (k === 0n ? Point.ZERO : X.multiply(k));
  const sum = mul(a, A).add(mul(b, B));
  return sum.equals(Point.ZERO) ? undefined : sum.toAffine();
}

describe('fixed-base tables over secp256k1', () => {
  const B = G.multiply(0xdeadbeefn * 7919n);
  const tableG = new FixedBaseTable(G, 8);
  const tableB = new FixedBaseTable(B, 6);
  const scalar = fc.oneof(
    fc.bigInt({ min: 0n, max: N - 1n }),
    fc.constantFrom(0n, 1n, 2n, 63n, 64n, 255n, 256n, N - 1n, N - 2n, (N - 1n) / 2n, 2n ** 255n, 2n ** 128n - 1n),
  );

  test('a·G + b·B equals noble’s multiply for random and edge-case scalars', () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        expect(linearCombination(tableG, a, tableB, b)).toEqual(reference(a, G, b, B));
      }),
      { numRuns: 300 },
    );
  });

  test('special cases: sums that cancel to infinity, and a sum that needs a doubling', () => {
    // B = k·G: (n − k)·G + 1·B is infinity; k·G + 1·B is 2·B (the same point added to itself).
    const k = 0xdeadbeefn * 7919n;
    expect(linearCombination(tableG, N - k, tableB, 1n)).toBeUndefined();
    expect(linearCombination(tableG, k, tableB, 1n)).toEqual(B.double().toAffine());
    expect(linearCombination(tableG, 0n, tableB, 0n)).toBeUndefined();
    const acc = new Accumulator();
    const { x, y } = B.toAffine();
    acc.addAffine(x, y);
    acc.addAffine(x, y);
    acc.addAffine(x, y);
    expect(acc.affine()).toEqual(B.multiply(3n).toAffine());
    acc.double();
    expect(acc.affine()).toEqual(B.multiply(6n).toAffine());
  });
});
