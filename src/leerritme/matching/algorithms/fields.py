"""Finite fields GF(q) for small prime powers q, as lookup tables.

The algebraic schedule constructions (affine geometries, transversal designs) need field arithmetic;
elements are the integers 0..q-1 (the base-p digits of an integer are the coefficients of a polynomial
over Z_p, reduced modulo a monic irreducible polynomial of degree k).
"""

from __future__ import annotations

from functools import cache
from itertools import product


def prime_power(q: int) -> tuple[int, int] | None:
    """(p, k) with q = p**k for a prime p, or None."""
    if q < 2:
        return None
    p = next(d for d in range(2, q + 1) if q % d == 0)
    k, rest = 0, q
    while rest % p == 0:
        rest //= p
        k += 1
    return (p, k) if rest == 1 else None


def _poly_mod(a: list[int], f: list[int], p: int) -> list[int]:
    """a mod f over Z_p; coefficient lists lowest degree first, f monic."""
    a = a[:]
    while len(a) >= len(f):
        lead = a[-1] % p
        shift = len(a) - len(f)
        for i, c in enumerate(f):
            a[shift + i] = (a[shift + i] - lead * c) % p
        a.pop()
    return a


def _irreducible(p: int, k: int) -> list[int]:
    """The first monic polynomial of degree k over Z_p without a factor of degree 1..k//2."""
    def monic(degree: int):
        for low in product(range(p), repeat=degree):
            yield [*low, 1]

    for f in monic(k):
        if f[0] == 0:
            continue
        if all(any(_poly_mod(f, d, p)) for degree in range(1, k // 2 + 1) for d in monic(degree)):
            return f
    raise AssertionError("an irreducible polynomial exists for every degree")


class Field:
    """GF(q) with addition, negation and multiplication tables."""

    def __init__(self, q: int):
        pk = prime_power(q)
        if pk is None:
            raise ValueError(f"{q} is not a prime power")
        p, k = pk
        self.q, self.p, self.k = q, p, k

        def digits(x: int) -> list[int]:
            return [(x // p**i) % p for i in range(k)]

        def number(ds: list[int]) -> int:
            return sum(d * p**i for i, d in enumerate(ds))

        self.add = [[number([(x + y) % p for x, y in zip(digits(a), digits(b), strict=True)])
                     for b in range(q)] for a in range(q)]
        if k == 1:
            self.mul = [[a * b % p for b in range(q)] for a in range(q)]
        else:
            f = _irreducible(p, k)
            mul = [[0] * q for _ in range(q)]
            for a in range(q):
                da = digits(a)
                for b in range(q):
                    db = digits(b)
                    prod = [0] * (2 * k - 1)
                    for i, x in enumerate(da):
                        for j, y in enumerate(db):
                            prod[i + j] = (prod[i + j] + x * y) % p
                    rem = _poly_mod(prod, f, p)
                    mul[a][b] = number(rem + [0] * (k - len(rem)))
            self.mul = mul
        self.neg = [self.add[a].index(0) for a in range(q)]
        self.inv = [0] + [self.mul[a].index(1) for a in range(1, q)]


@cache
def field(q: int) -> Field:
    return Field(q)
