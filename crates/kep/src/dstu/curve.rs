//! The curve y² + xy = x³ + A·x² + B over GF(2^m) (A ∈ {0, 1}), points in López–Dahab
//! projective coordinates (x = X/Z, y = Y/Z²) on the hot path, affine at the edges.

use super::gf2m::{self, Fe, Field, ONE, ZERO, add, is_zero};
use super::scalar::{self, Scalar};

/// An affine point; `None` in an `Option<Affine>` is the point at infinity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Affine {
    pub x: Fe,
    pub y: Fe,
}

/// López–Dahab projective; Z = 0 is the point at infinity.
#[derive(Clone, Copy, Debug)]
struct Ld {
    x: Fe,
    y: Fe,
    z: Fe,
}

const INF: Ld = Ld {
    x: ONE,
    y: ZERO,
    z: ZERO,
};

#[derive(Clone, Debug)]
pub struct Curve {
    pub field: Field,
    pub a: u8,
    pub b: Fe,
    pub n: Scalar,
    pub n_bits: usize,
    pub g: Affine,
}

impl Curve {
    pub fn is_on_curve(&self, p: &Affine) -> bool {
        let f = &self.field;
        let x2 = f.sqr(&p.x);
        // y² + xy + x³ + A·x² + B = 0
        let mut l = add(&f.sqr(&p.y), &f.mul(&p.x, &p.y));
        l = add(&l, &f.mul(&x2, &p.x));
        if self.a == 1 {
            l = add(&l, &x2);
        }
        is_zero(&add(&l, &self.b))
    }

    pub fn neg(&self, p: &Affine) -> Affine {
        Affine {
            x: p.x,
            y: add(&p.x, &p.y),
        }
    }

    /// DSTU 4145 compression: x with bit 0 replaced by Tr(y/x). Refuses x = 0 (order 2).
    pub fn compress(&self, p: &Affine) -> Option<Fe> {
        if is_zero(&p.x) {
            return None;
        }
        let f = &self.field;
        let t = f.trace(&f.mul(&p.y, &f.inv(&p.x)));
        let mut c = p.x;
        c[0] = (c[0] & !1) | t as u64;
        Some(c)
    }

    /// Inverse of [`Curve::compress`]: `None` if no point of the prime-order half has this x.
    pub fn decompress(&self, c: &Fe) -> Option<Affine> {
        let f = &self.field;
        let k = (c[0] & 1) as u8;
        let mut x = *c;
        // Points of odd order have Tr(x) = Tr(A) = A; bit 0 fixes it (Tr(1) = 1 as m is odd).
        x[0] &= !1;
        if f.trace(&x) != self.a {
            x[0] |= 1;
        }
        if is_zero(&x) {
            return None;
        }
        // (y/x)² + (y/x) = x + A + B/x²
        let x2 = f.sqr(&x);
        let mut beta = add(&x, &f.mul(&self.b, &f.inv(&x2)));
        if self.a == 1 {
            beta = add(&beta, &ONE);
        }
        if f.trace(&beta) != 0 {
            return None;
        }
        let mut z = f.half_trace(&beta);
        if f.trace(&z) != k {
            z = add(&z, &ONE);
        }
        let p = Affine {
            x,
            y: f.mul(&z, &x),
        };
        self.is_on_curve(&p).then_some(p)
    }

    fn to_ld(p: &Affine) -> Ld {
        Ld {
            x: p.x,
            y: p.y,
            z: ONE,
        }
    }

    fn to_affine(&self, p: &Ld) -> Option<Affine> {
        if is_zero(&p.z) {
            return None;
        }
        let f = &self.field;
        let zi = f.inv(&p.z);
        Some(Affine {
            x: f.mul(&p.x, &zi),
            y: f.mul(&p.y, &f.sqr(&zi)),
        })
    }

    /// 2P (Hankerson–Menezes–Vanstone, Alg. 3.24).
    fn dbl(&self, p: &Ld) -> Ld {
        let f = &self.field;
        let z1s = f.sqr(&p.z);
        let x1s = f.sqr(&p.x);
        let z3 = f.mul(&z1s, &x1s);
        let bz4 = f.mul(&f.sqr(&z1s), &self.b);
        let x3 = add(&f.sqr(&x1s), &bz4);
        let mut t = f.sqr(&p.y);
        if self.a == 1 {
            t = add(&t, &z3);
        }
        t = add(&t, &bz4);
        let y3 = add(&f.mul(&x3, &t), &f.mul(&bz4, &z3));
        Ld {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q with Q affine (Alg. 3.25).
    fn add_mixed(&self, p: &Ld, q: &Affine) -> Ld {
        if is_zero(&p.z) {
            return Self::to_ld(q);
        }
        let f = &self.field;
        let t1 = f.mul(&p.z, &q.x);
        let t2 = f.sqr(&p.z);
        let x3 = add(&p.x, &t1);
        let t1 = f.mul(&p.z, &x3);
        let t3 = f.mul(&t2, &q.y);
        let y3 = add(&p.y, &t3);
        if is_zero(&x3) {
            return if is_zero(&y3) {
                self.dbl(&Self::to_ld(q))
            } else {
                INF
            };
        }
        let z3 = f.sqr(&t1);
        let t3 = f.mul(&t1, &y3);
        let t1 = if self.a == 1 { add(&t1, &t2) } else { t1 };
        let mut x3 = f.mul(&f.sqr(&x3), &t1);
        x3 = add(&add(&x3, &f.sqr(&y3)), &t3);
        let t2 = add(&f.mul(&q.x, &z3), &x3);
        let t3 = add(&t3, &z3);
        let mut y3 = f.mul(&t3, &t2);
        y3 = add(&y3, &f.mul(&f.sqr(&z3), &add(&q.x, &q.y)));
        Ld {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// Affine P + Q (one inversion); for precomputation and tests.
    pub fn add_affine(&self, p: Option<Affine>, q: Option<Affine>) -> Option<Affine> {
        let (p, q) = match (p, q) {
            (None, q) => return q,
            (p, None) => return p,
            (Some(p), Some(q)) => (p, q),
        };
        let f = &self.field;
        if p.x == q.x {
            if p.y != q.y || is_zero(&p.x) {
                return None; // Q = −P (or 2P for a point of order 2)
            }
            // Doubling: λ = x + y/x; x3 = λ² + λ + A; y3 = x² + (λ + 1)·x3
            let l = add(&p.x, &f.mul(&p.y, &f.inv(&p.x)));
            let mut x3 = add(&f.sqr(&l), &l);
            if self.a == 1 {
                x3 = add(&x3, &ONE);
            }
            let y3 = add(&f.sqr(&p.x), &f.mul(&add(&l, &ONE), &x3));
            return Some(Affine { x: x3, y: y3 });
        }
        let l = f.mul(&add(&p.y, &q.y), &f.inv(&add(&p.x, &q.x)));
        let mut x3 = add(&add(&f.sqr(&l), &l), &add(&p.x, &q.x));
        if self.a == 1 {
            x3 = add(&x3, &ONE);
        }
        let y3 = add(&add(&f.mul(&l, &add(&p.x, &x3)), &x3), &p.y);
        Some(Affine { x: x3, y: y3 })
    }

    /// k·P (not constant-time: see the signing notes in `sign.rs`).
    pub fn mul(&self, k: &Scalar, p: &Affine) -> Option<Affine> {
        let mut r = INF;
        for i in (0..gf2m::bit_len(k)).rev() {
            r = self.dbl(&r);
            if gf2m::bit(k, i) {
                r = self.add_mixed(&r, p);
            }
        }
        self.to_affine(&r)
    }

    /// s·P + t·Q by Shamir's trick with the table {P, Q, P+Q}.
    pub fn mul2(&self, s: &Scalar, p: &Affine, t: &Scalar, q: &Affine) -> Option<Affine> {
        let pq = self.add_affine(Some(*p), Some(*q));
        let bits = gf2m::bit_len(s).max(gf2m::bit_len(t));
        let mut r = INF;
        for i in (0..bits).rev() {
            r = self.dbl(&r);
            match (gf2m::bit(s, i), gf2m::bit(t, i)) {
                (true, false) => r = self.add_mixed(&r, p),
                (false, true) => r = self.add_mixed(&r, q),
                (true, true) => {
                    // P + Q = O adds nothing.
                    if let Some(pq) = &pq {
                        r = self.add_mixed(&r, pq);
                    }
                }
                (false, false) => {}
            }
        }
        self.to_affine(&r)
    }

    /// N·P = O, P ≠ O: P lies in the subgroup of order N.
    pub fn has_order_n(&self, p: &Affine) -> bool {
        self.mul(&self.n, p).is_none()
    }

    /// 0 < k < N.
    pub fn scalar_in_range(&self, k: &Scalar) -> bool {
        !is_zero(k) && scalar::cmp(k, &self.n) == std::cmp::Ordering::Less
    }
}
