//! GF(2^m) in polynomial basis, m ≤ 509, elements as fixed arrays of 64-bit limbs (bit i = x^i).
//!
//! Multiplication uses the carry-less multiply instruction when the CPU has it (checked once per
//! [`Field`]), else a portable 4-bit-window multiply; tests check the two against each other.

/// Call `f::<N>(args)` with N = the limb count, so every loop has a constant bound.
macro_rules! by_limbs {
    ($nl:expr, $f:ident, $($arg:expr),*) => {
        match $nl {
            2 => $f::<2>($($arg),*),
            3 => $f::<3>($($arg),*),
            4 => $f::<4>($($arg),*),
            5 => $f::<5>($($arg),*),
            6 => $f::<6>($($arg),*),
            7 => $f::<7>($($arg),*),
            _ => $f::<8>($($arg),*),
        }
    };
}

pub const LIMBS: usize = 8;
/// A field element; limbs above the field's width are zero.
pub type Fe = [u64; LIMBS];
type Wide = [u64; 2 * LIMBS];

pub const ZERO: Fe = [0; LIMBS];
pub const ONE: Fe = {
    let mut o = [0; LIMBS];
    o[0] = 1;
    o
};

/// GF(2)[x] / f with f = x^m + x^k3 + x^k2 + x^k1 + 1 (or a trinomial x^m + x^k + 1).
#[derive(Clone, Debug)]
pub struct Field {
    m: usize,
    /// The middle exponents, each < m - 64 (so reduction folds never reach the word being folded);
    /// `ks[..kn]` are used.
    ks: [usize; 3],
    kn: usize,
    nl: usize,
    trace_mask: Fe,
    clmul: bool,
}

pub fn is_zero(a: &Fe) -> bool {
    a.iter().all(|&w| w == 0)
}

pub fn add(a: &Fe, b: &Fe) -> Fe {
    let mut r = *a;
    for (x, y) in r.iter_mut().zip(b) {
        *x ^= y;
    }
    r
}

pub fn bit(a: &[u64], i: usize) -> bool {
    a.get(i / 64).is_some_and(|w| (w >> (i % 64)) & 1 == 1)
}

/// Bit length (0 for zero).
pub fn bit_len(a: &[u64]) -> usize {
    for i in (0..a.len()).rev() {
        if a[i] != 0 {
            return 64 * i + 64 - a[i].leading_zeros() as usize;
        }
    }
    0
}

fn clmul_supported() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("pclmulqdq")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

impl Field {
    /// `ks` = the middle exponents in increasing order (1 for a trinomial, 3 for a pentanomial).
    /// Irreducibility is not checked here (see [`Field::is_irreducible`]).
    pub fn new(m: usize, ks: &[usize]) -> Option<Field> {
        Self::with_clmul(m, ks, clmul_supported())
    }

    /// As [`Field::new`], choosing the multiplier (`clmul` is ignored where the CPU lacks it).
    pub fn with_clmul(m: usize, ks: &[usize], clmul: bool) -> Option<Field> {
        let ok_shape = (ks.len() == 1 || ks.len() == 3)
            && ks[0] >= 1
            && ks.windows(2).all(|w| w[0] < w[1])
            && (65..=64 * LIMBS - 3).contains(&m)
            && ks[ks.len() - 1] + 64 < m;
        if !ok_shape {
            return None;
        }
        let mut k3 = [0; 3];
        k3[..ks.len()].copy_from_slice(ks);
        let mut f = Field {
            m,
            ks: k3,
            kn: ks.len(),
            nl: m.div_ceil(64),
            trace_mask: ZERO,
            clmul: clmul && clmul_supported(),
        };
        f.trace_mask = f.compute_trace_mask();
        Some(f)
    }

    pub fn m(&self) -> usize {
        self.m
    }

    pub fn exponents(&self) -> &[usize] {
        &self.ks[..self.kn]
    }

    pub fn uses_clmul(&self) -> bool {
        self.clmul
    }

    /// Bytes of an element: (m+7)/8.
    pub fn byte_len(&self) -> usize {
        self.m.div_ceil(8)
    }

    /// Little-endian bytes → element; `None` if longer than the field or with bits ≥ m.
    pub fn from_le(&self, b: &[u8]) -> Option<Fe> {
        let v = le_to_limbs(b)?;
        (bit_len(&v) <= self.m).then_some(v)
    }

    pub fn to_le(&self, a: &Fe) -> Vec<u8> {
        limbs_to_le(a, self.byte_len())
    }

    pub fn mul(&self, a: &Fe, b: &Fe) -> Fe {
        by_limbs!(self.nl, mul_n, self, a, b)
    }

    pub fn sqr(&self, a: &Fe) -> Fe {
        by_limbs!(self.nl, sqr_n_limbs, self, a)
    }

    /// a^(2^k).
    pub fn sqr_n(&self, a: &Fe, k: usize) -> Fe {
        let mut r = *a;
        for _ in 0..k {
            r = self.sqr(&r);
        }
        r
    }

    /// The portable product, for tests of the instruction path against it.
    pub fn mul_portable(&self, a: &Fe, b: &Fe) -> Fe {
        let mut w = mul_wide_portable(a, b, self.nl);
        by_limbs!(self.nl, reduce_n, self, &mut w)
    }

    #[inline(always)]
    fn fold(&self, c: &mut Wide, t: u64, base: usize) {
        for j in 0..=self.kn {
            let p = base + if j == 0 { 0 } else { self.ks[j - 1] };
            let (w, s) = (p / 64, p % 64);
            c[w] ^= t << s;
            if s != 0 {
                c[w + 1] ^= t >> (64 - s);
            }
        }
    }

    /// a^-1 by Itoh–Tsujii (a^(2^m - 2)); zero maps to zero.
    pub fn inv(&self, a: &Fe) -> Fe {
        // beta = a^(2^k - 1), built along the bits of m - 1.
        let e = self.m - 1;
        let top = usize::BITS - 1 - e.leading_zeros();
        let mut beta = *a;
        let mut k = 1usize;
        for i in (0..top).rev() {
            beta = self.mul(&self.sqr_n(&beta, k), &beta);
            k *= 2;
            if (e >> i) & 1 == 1 {
                beta = self.mul(&self.sqr(&beta), a);
                k += 1;
            }
        }
        self.sqr(&beta)
    }

    /// Absolute trace Tr(a) ∈ {0, 1}.
    pub fn trace(&self, a: &Fe) -> u8 {
        let mut acc = 0u64;
        for (x, y) in a.iter().zip(&self.trace_mask) {
            acc ^= x & y;
        }
        (acc.count_ones() & 1) as u8
    }

    /// The trace by its definition (m squarings), for tests of the mask.
    pub fn trace_slow(&self, a: &Fe) -> u8 {
        let mut t = *a;
        let mut s = *a;
        for _ in 1..self.m {
            t = self.sqr(&t);
            s = add(&s, &t);
        }
        debug_assert!(is_zero(&add(&s, &ONE)) || is_zero(&s));
        s[0] as u8 & 1
    }

    /// Tr(x^i) for every i from the power sums of the roots of f (Newton's identities over GF(2)):
    /// s_i = Σ_{j<i} e_j s_{i-j} + i·e_i, with e_j the coefficient of x^(m-j).
    fn compute_trace_mask(&self) -> Fe {
        let m = self.m;
        let e = |j: usize| -> bool {
            j == m || (j < m && self.exponents().contains(&(m - j))) // x^0 is e_m
        };
        let mut s = vec![false; m];
        s[0] = m % 2 == 1;
        let nonzero: Vec<usize> = (1..=m).filter(|&j| e(j)).collect();
        for i in 1..m {
            let mut v = i % 2 == 1 && e(i);
            for &j in nonzero.iter().take_while(|&&j| j < i) {
                v ^= s[i - j];
            }
            s[i] = v;
        }
        let mut mask = ZERO;
        for (i, &b) in s.iter().enumerate() {
            if b {
                mask[i / 64] |= 1 << (i % 64);
            }
        }
        mask
    }

    /// Half-trace: a solution z of z² + z = a when Tr(a) = 0 (m odd).
    pub fn half_trace(&self, a: &Fe) -> Fe {
        let mut z = *a;
        let mut t = *a;
        for _ in 0..(self.m - 1) / 2 {
            t = self.sqr(&self.sqr(&t));
            z = add(&z, &t);
        }
        z
    }

    /// For prime m: f is irreducible iff x^(2^m) ≡ x (mod f) (f(0) = f(1) = 1 holds for any
    /// trinomial or pentanomial with a constant term, so x² + x shares no factor with f).
    pub fn is_irreducible(&self) -> bool {
        let mut x = ZERO;
        x[0] = 2;
        self.sqr_n(&x, self.m) == x
    }
}

fn mul_n<const N: usize>(f: &Field, a: &Fe, b: &Fe) -> Fe {
    #[cfg(target_arch = "x86_64")]
    if f.clmul {
        // SAFETY: `clmul` is only true when the CPU reported pclmulqdq at run time.
        let mut w = unsafe { mul_wide_clmul::<N>(a, b) };
        return reduce_n::<N>(f, &mut w);
    }
    let mut w = mul_wide_portable(a, b, N);
    reduce_n::<N>(f, &mut w)
}

fn sqr_n_limbs<const N: usize>(f: &Field, a: &Fe) -> Fe {
    let mut w = [0u64; 2 * LIMBS];
    for i in 0..N {
        let (lo, hi) = spread(a[i]);
        w[2 * i] = lo;
        w[2 * i + 1] = hi;
    }
    reduce_n::<N>(f, &mut w)
}

#[inline(always)]
fn reduce_n<const N: usize>(f: &Field, c: &mut Wide) -> Fe {
    let (mw, mb) = (f.m / 64, f.m % 64);
    for i in (mw + 1..2 * N).rev() {
        let t = c[i];
        if t != 0 {
            c[i] = 0;
            f.fold(c, t, 64 * i - f.m);
        }
    }
    let t = c[mw] >> mb;
    if t != 0 {
        c[mw] &= (1u64 << mb) - 1;
        f.fold(c, t, 0);
    }
    let mut r = ZERO;
    r[..N].copy_from_slice(&c[..N]);
    r
}

/// Interleave the bits of a 64-bit word with zeros: the square of a polynomial over GF(2).
fn spread(a: u64) -> (u64, u64) {
    fn sp32(x: u64) -> u64 {
        let mut x = x & 0xffff_ffff;
        x = (x | (x << 16)) & 0x0000_ffff_0000_ffff;
        x = (x | (x << 8)) & 0x00ff_00ff_00ff_00ff;
        x = (x | (x << 4)) & 0x0f0f_0f0f_0f0f_0f0f;
        x = (x | (x << 2)) & 0x3333_3333_3333_3333;
        (x | (x << 1)) & 0x5555_5555_5555_5555
    }
    (sp32(a), sp32(a >> 32))
}

/// 64×64 → 128-bit carry-less product with a 4-bit window (portable).
fn clmul64(a: u64, b: u64) -> (u64, u64) {
    let mut tab = [0u64; 16];
    let b_lo = b & 0x0fff_ffff_ffff_ffff; // top 4 bits handled below so table entries don't overflow
    for i in 1..16usize {
        tab[i] = if i & 1 == 1 {
            tab[i - 1] ^ b_lo
        } else {
            tab[i / 2] << 1
        };
    }
    let (mut lo, mut hi) = (0u64, 0u64);
    for i in (0..16).rev() {
        let t = tab[((a >> (4 * i)) & 15) as usize];
        if i == 0 {
            lo ^= t;
        } else {
            lo ^= t << (4 * i);
            hi ^= t >> (64 - 4 * i);
        }
    }
    // The top 4 bits of b.
    for j in 60..64 {
        if (b >> j) & 1 == 1 {
            lo ^= a << j;
            hi ^= a >> (64 - j);
        }
    }
    (lo, hi)
}

fn mul_wide_portable(a: &Fe, b: &Fe, nl: usize) -> Wide {
    let mut r = [0u64; 2 * LIMBS];
    for i in 0..nl {
        for j in 0..nl {
            let (lo, hi) = clmul64(a[i], b[j]);
            r[i + j] ^= lo;
            r[i + j + 1] ^= hi;
        }
    }
    r
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "pclmulqdq,sse2")]
unsafe fn mul_wide_clmul<const N: usize>(a: &Fe, b: &Fe) -> Wide {
    use std::arch::x86_64::*;
    let mut r = [_mm_setzero_si128(); 2 * LIMBS];
    let bv: [__m128i; N] = std::array::from_fn(|j| _mm_set_epi64x(0, b[j] as i64));
    for i in 0..N {
        let ai = _mm_set_epi64x(0, a[i] as i64);
        for j in 0..N {
            r[i + j] = _mm_xor_si128(r[i + j], _mm_clmulepi64_si128(ai, bv[j], 0x00));
        }
    }
    // r[k] holds a 128-bit partial product at word k: its high half belongs to word k + 1.
    let mut out = [0u64; 2 * LIMBS];
    let mut carry = 0u64;
    for k in 0..2 * N {
        out[k] = _mm_cvtsi128_si64(r[k]) as u64 ^ carry;
        carry = _mm_cvtsi128_si64(_mm_unpackhi_epi64(r[k], r[k])) as u64;
    }
    out
}

/// Little-endian bytes → limbs; `None` if more than 64·LIMBS bits are set.
pub fn le_to_limbs(b: &[u8]) -> Option<Fe> {
    let mut v = ZERO;
    for (i, &x) in b.iter().enumerate() {
        if i >= 8 * LIMBS {
            if x != 0 {
                return None;
            }
            continue;
        }
        v[i / 8] |= (x as u64) << (8 * (i % 8));
    }
    Some(v)
}

pub fn limbs_to_le(a: &Fe, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| {
            if i < 8 * LIMBS {
                (a[i / 8] >> (8 * (i % 8))) as u8
            } else {
                0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rnd(state: &mut u64, f: &Field) -> Fe {
        let mut a = ZERO;
        for w in a.iter_mut().take(f.nl) {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            *w = *state;
        }
        let top = f.m % 64;
        a[f.m / 64] &= (1u64 << top) - 1;
        a
    }

    fn fields() -> Vec<Field> {
        vec![
            Field::new(163, &[3, 6, 7]).unwrap(),
            Field::new(257, &[12]).unwrap(),
            Field::new(431, &[1, 3, 5]).unwrap(),
            Field::new(509, &[3, 7, 8]).unwrap(),
        ]
    }

    #[test]
    fn clmul_and_portable_agree_and_field_laws_hold() {
        let mut s = 0x1234_5678_9abc_def1u64;
        for f in fields() {
            for _ in 0..200 {
                let (a, b, c) = (rnd(&mut s, &f), rnd(&mut s, &f), rnd(&mut s, &f));
                assert_eq!(f.mul(&a, &b), f.mul_portable(&a, &b));
                assert_eq!(f.mul(&a, &b), f.mul(&b, &a));
                assert_eq!(f.mul(&a, &add(&b, &c)), add(&f.mul(&a, &b), &f.mul(&a, &c)));
                assert_eq!(f.sqr(&a), f.mul_portable(&a, &a));
                assert_eq!(f.mul(&f.mul(&a, &b), &c), f.mul(&a, &f.mul(&b, &c)));
                if !is_zero(&a) {
                    assert_eq!(f.mul(&a, &f.inv(&a)), ONE);
                }
                assert_eq!(f.trace(&a), f.trace_slow(&a));
            }
        }
    }

    #[test]
    fn portable_clmul64_matches_bitwise_product() {
        let mut s = 77u64;
        for _ in 0..1000 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let a = s;
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let b = s;
            let (mut lo, mut hi) = (0u64, 0u64);
            for j in 0..64 {
                if (b >> j) & 1 == 1 {
                    lo ^= a << j;
                    if j > 0 {
                        hi ^= a >> (64 - j);
                    }
                }
            }
            assert_eq!(clmul64(a, b), (lo, hi));
        }
    }

    #[test]
    fn half_trace_solves_the_quadratic() {
        let mut s = 99u64;
        for f in fields() {
            for _ in 0..50 {
                let a = rnd(&mut s, &f);
                if f.trace(&a) == 0 {
                    let z = f.half_trace(&a);
                    assert_eq!(add(&f.sqr(&z), &z), a);
                }
            }
        }
    }

    #[test]
    fn irreducibility() {
        for f in fields() {
            assert!(f.is_irreducible(), "m = {}", f.m);
        }
        // Ground truth from an independent (Python) computation: no trinomial of degree 163 is
        // irreducible, and among x^257 + x^k + 1 with k < 40 only k = 12 is.
        for k in 1..99 {
            assert!(!Field::new(163, &[k]).unwrap().is_irreducible(), "163, {k}");
        }
        let irr: Vec<usize> = (1..40)
            .filter(|&k| Field::new(257, &[k]).unwrap().is_irreducible())
            .collect();
        assert_eq!(irr, vec![12]);
        assert!(!Field::new(163, &[1, 2, 3]).unwrap().is_irreducible());
    }
}
