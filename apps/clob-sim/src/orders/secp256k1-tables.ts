/**
 * a·A + b·B on secp256k1 for points A, B known in advance, with fixed-window tables of their
 * multiples: one mixed addition per window, no doublings. Used to check order signatures against a
 * signer's known key (signer-keys.ts); the tables are built with @noble/curves (viem's curve library).
 *
 * The additions here are Jacobian mixed additions (7M + 4S, table points affine) with conditional
 * corrections for field sums, cheaper than noble's complete projective addition (12M and a division
 * per field sum). Every special case is handled
 * (the point at infinity, adding a point to itself or to its negation); tests compare the results with
 * noble's `multiply` on random and edge-case scalars.
 */
import { invert } from '@noble/curves/abstract/modular';
import { secp256k1 } from '@noble/curves/secp256k1';

type NoblePoint = InstanceType<typeof secp256k1.ProjectivePoint>;
const NoblePoint = secp256k1.ProjectivePoint;

const P = secp256k1.CURVE.Fp.ORDER;

/** a·b mod p for 0 ≤ a, b < p (BigInt `%` beats a special-form fold in JavaScriptCore). */
const mul = (a: bigint, b: bigint): bigint => (a * b) % P;
/** Sums and differences of reduced values need one conditional correction, not a division. */
const add = (a: bigint, b: bigint): bigint => {
  const t = a + b;
  return t >= P ? t - P : t;
};
const sub = (a: bigint, b: bigint): bigint => {
  const t = a - b;
  return t < 0n ? t + P : t;
};

/** A Jacobian point (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. Mutated in place. */
export class Accumulator {
  X = 0n;
  Y = 1n;
  Z = 0n;

  /** this = 2·this (dbl-2009-l, a = 0). */
  double(): void {
    if (this.Z === 0n || this.Y === 0n) {
      this.Z = 0n;
      return;
    }
    const A = mul(this.X, this.X);
    const B = mul(this.Y, this.Y);
    const C = mul(B, B);
    const xb = add(this.X, B);
    let D = sub(sub(mul(xb, xb), A), C);
    D = add(D, D);
    const E = add(add(A, A), A);
    const F = mul(E, E);
    const X3 = sub(F, add(D, D));
    let C8 = add(C, C);
    C8 = add(C8, C8);
    C8 = add(C8, C8);
    const Y3 = sub(mul(E, sub(D, X3)), C8);
    const yz = mul(this.Y, this.Z);
    this.Z = add(yz, yz);
    this.X = X3;
    this.Y = Y3;
  }

  /** this = this + (x, y) for an affine point (madd-2007-bl; equal points double, opposite ones give infinity). */
  addAffine(x: bigint, y: bigint): void {
    if (this.Z === 0n) {
      this.X = x;
      this.Y = y;
      this.Z = 1n;
      return;
    }
    const Z1Z1 = mul(this.Z, this.Z);
    const U2 = mul(x, Z1Z1);
    const S2 = mul(mul(y, this.Z), Z1Z1);
    const H = sub(U2, this.X);
    const rHalf = sub(S2, this.Y);
    if (H === 0n) {
      if (rHalf === 0n) this.double();
      else this.Z = 0n;
      return;
    }
    const HH = mul(H, H);
    let I = add(HH, HH);
    I = add(I, I);
    const J = mul(H, I);
    const r = add(rHalf, rHalf);
    const V = mul(this.X, I);
    const X3 = sub(sub(mul(r, r), J), add(V, V));
    const yj = mul(this.Y, J);
    const Y3 = sub(mul(r, sub(V, X3)), add(yj, yj));
    const zh = add(this.Z, H);
    this.Z = sub(sub(mul(zh, zh), Z1Z1), HH);
    this.X = X3;
    this.Y = Y3;
  }

  /** Affine (x, y), or undefined at infinity. */
  affine(): { x: bigint; y: bigint } | undefined {
    if (this.Z === 0n) return undefined;
    const zInverse = invert(this.Z, P);
    const zInverse2 = mul(zInverse, zInverse);
    return { x: mul(this.X, zInverse2), y: mul(this.Y, mul(zInverse2, zInverse)) };
  }
}

/** Row i holds j·2^(W·i)·A for j = 1..2^W−1 (affine), so k·A is one addition per non-zero window of k. */
export class FixedBaseTable {
  readonly #xs: bigint[] = [];
  readonly #ys: bigint[] = [];
  readonly #bits: number;
  readonly #mask: bigint;

  constructor(point: NoblePoint, windowBits: number) {
    this.#bits = windowBits;
    this.#mask = (1n << BigInt(windowBits)) - 1n;
    const perRow = 2 ** windowBits;
    let base = point;
    for (let window = 0; window < Math.ceil(256 / windowBits); window += 1) {
      const row: NoblePoint[] = [base];
      for (let j = 2; j < perRow; j += 1) row.push(row[row.length - 1]!.add(base));
      base = row[row.length - 1]!.add(base);
      // Index j of the row at window·perRow + j; j = 0 (nothing to add) is never read.
      this.#xs.push(0n);
      this.#ys.push(0n);
      for (const entry of NoblePoint.normalizeZ(row)) {
        const { x, y } = entry.toAffine();
        this.#xs.push(x);
        this.#ys.push(y);
      }
    }
  }

  /** acc += k·A for 0 ≤ k < 2²⁵⁶. */
  addMultiple(acc: Accumulator, scalar: bigint): void {
    const shift = BigInt(this.#bits);
    const perRow = 2 ** this.#bits;
    let k = scalar;
    for (let offset = 0; k > 0n; offset += perRow) {
      const digit = Number(k & this.#mask);
      if (digit !== 0) acc.addAffine(this.#xs[offset + digit]!, this.#ys[offset + digit]!);
      k >>= shift;
    }
  }
}

/** a·A + b·B in affine coordinates (undefined at infinity). */
export function linearCombination(tableA: FixedBaseTable, a: bigint, tableB: FixedBaseTable, b: bigint): { x: bigint; y: bigint } | undefined {
  const acc = new Accumulator();
  tableA.addMultiple(acc, a);
  tableB.addMultiple(acc, b);
  return acc.affine();
}
