//! Non-negative integers below 2^512 as little-endian 64-bit limbs, with the few operations
//! DSTU 4145 needs modulo the base point's order N (range checks, s = e + d·r mod N).

use std::cmp::Ordering;

use super::gf2m::{Fe, LIMBS, ZERO};

pub type Scalar = Fe;

pub fn cmp(a: &Scalar, b: &Scalar) -> Ordering {
    for i in (0..LIMBS).rev() {
        match a[i].cmp(&b[i]) {
            Ordering::Equal => continue,
            o => return o,
        }
    }
    Ordering::Equal
}

/// a - b (wrapping) and the borrow.
fn sub(a: &Scalar, b: &Scalar) -> (Scalar, bool) {
    let mut r = ZERO;
    let mut borrow = false;
    for i in 0..LIMBS {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(borrow as u64);
        r[i] = d;
        borrow = b1 || b2;
    }
    (r, borrow)
}

fn add(a: &Scalar, b: &Scalar) -> (Scalar, bool) {
    let mut r = ZERO;
    let mut carry = false;
    for i in 0..LIMBS {
        let (s, c1) = a[i].overflowing_add(b[i]);
        let (s, c2) = s.overflowing_add(carry as u64);
        r[i] = s;
        carry = c1 || c2;
    }
    (r, carry)
}

/// (a + b) mod n for a, b < n.
pub fn add_mod(a: &Scalar, b: &Scalar, n: &Scalar) -> Scalar {
    let (s, carry) = add(a, b);
    if carry || cmp(&s, n) != Ordering::Less {
        sub(&s, n).0
    } else {
        s
    }
}

/// (a · b) mod n for a, b < n, by shift-and-add over b's bits (signing only; not on the verify path).
pub fn mul_mod(a: &Scalar, b: &Scalar, n: &Scalar) -> Scalar {
    let mut r = ZERO;
    for i in (0..64 * LIMBS).rev() {
        r = add_mod(&r, &r, n);
        if (b[i / 64] >> (i % 64)) & 1 == 1 {
            r = add_mod(&r, a, n);
        }
    }
    r
}

/// a mod n for any a (bit by bit).
pub fn reduce(a: &Scalar, n: &Scalar) -> Scalar {
    let mut r = ZERO;
    for i in (0..64 * LIMBS).rev() {
        r = add_mod(&r, &r, n);
        if (a[i / 64] >> (i % 64)) & 1 == 1 {
            let mut one = ZERO;
            one[0] = 1;
            r = add_mod(&r, &one, n);
        }
    }
    r
}

/// Big-endian bytes (a DER INTEGER's content, sign byte allowed) → integer.
pub fn from_be(b: &[u8]) -> Option<Scalar> {
    let b = match b {
        [0, rest @ ..] => rest,
        _ => b,
    };
    if b.len() > 8 * LIMBS {
        return None;
    }
    let mut v = ZERO;
    for (i, &x) in b.iter().rev().enumerate() {
        v[i / 8] |= (x as u64) << (8 * (i % 8));
    }
    Some(v)
}

/// Keep the low `bits` bits.
pub fn truncate(a: &Scalar, bits: usize) -> Scalar {
    let mut r = *a;
    for (i, w) in r.iter_mut().enumerate() {
        let lo = 64 * i;
        if lo >= bits {
            *w = 0;
        } else if bits - lo < 64 {
            *w &= (1u64 << (bits - lo)) - 1;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modular_ops_match_u128() {
        let n = from_be(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc5]).unwrap(); // a 64-bit odd n
        let nn = u64::MAX as u128 - 0x3a;
        let mut s = 5u64;
        for _ in 0..500 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let a = (s as u128) % nn;
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let b = (s as u128) % nn;
            let mut x = ZERO;
            x[0] = a as u64;
            let mut y = ZERO;
            y[0] = b as u64;
            assert_eq!(mul_mod(&x, &y, &n)[0] as u128, a * b % nn);
            assert_eq!(add_mod(&x, &y, &n)[0] as u128, (a + b) % nn);
            let mut big = ZERO;
            big[0] = a as u64;
            big[1] = b as u64;
            assert_eq!(
                reduce(&big, &n)[0] as u128,
                ((b % nn) * ((1u128 << 64) % nn) + a) % nn
            );
        }
    }
}
