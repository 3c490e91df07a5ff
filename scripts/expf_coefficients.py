#!/usr/bin/env python3
"""Coefficients of the float32 exponential (Kernels.VectorExp, simd_expf.h).

exp(r) ≈ 1 + (r + r²·q(r)) on |r| ≤ ln2/2, q ≈ (eʳ − 1 − r)/r²: q is the
Chebyshev interpolant of that function (near-minimax) of degree DEGREE,
computed with mpmath at 50 digits, then rounded to float32. Prints the
coefficients (highest power first, as the kernels evaluate them by Horner's
rule) and the relative error of the polynomial with the rounded
coefficients, evaluated exactly, against eʳ, in float32 ulps (2⁻²³).

Usage: python3 scripts/expf_coefficients.py [DEGREE]   (default 4)
"""
import sys

import mpmath
import numpy as np

mpmath.mp.dps = 50
DEGREE = int(sys.argv[1]) if len(sys.argv) > 1 else 4
HALF = mpmath.log(2) / 2


def q_exact(r):
    """(eʳ − 1 − r)/r² as its series Σ rᵏ/(k+2)!, free of cancellation near 0."""
    return mpmath.fsum(r**k / mpmath.factorial(k + 2) for k in range(40))


def chebyshev_interpolant(degree):
    """Power-basis coefficients (lowest first) of the interpolant at the
    Chebyshev nodes of [−HALF, HALF]."""
    n = degree + 1
    nodes = [HALF * mpmath.cos(mpmath.pi * (2 * i + 1) / (2 * n)) for i in range(n)]
    matrix = mpmath.matrix([[x**p for p in range(n)] for x in nodes])
    values = mpmath.matrix([q_exact(x) for x in nodes])
    return list(mpmath.lu_solve(matrix, values))


def main():
    coefficients = [float(np.float32(float(c))) for c in chebyshev_interpolant(DEGREE)]
    worst = mpmath.mpf(0)
    for i in range(-4000, 4001):
        r = HALF * i / 4000
        q = mpmath.mpf(0)
        for c in reversed(coefficients):
            q = q * r + mpmath.mpf(c)
        approx = 1 + (r + r * r * q)
        worst = max(worst, abs(approx / mpmath.exp(r) - 1))
    print(f"degree {DEGREE}, highest power first:")
    for c in reversed(coefficients):
        print(f"  {np.float32(c)!r:>20}  ({float(np.float32(c)).hex()})")
    print(f"max relative error of the polynomial: {float(worst):.3e} = {float(worst) / 2**-23:.3f} ulp of 1")


if __name__ == "__main__":
    main()
