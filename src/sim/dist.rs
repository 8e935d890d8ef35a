//! Seeded randomness for the simulator: a small PRNG and the distributions the workloads use.
//!
//! Our own xoshiro256** rather than a crate, and `libm`'s pure-Rust `ln`/`exp`/`cos` rather than
//! the platform's: the simulator's claim is "same seed, same log, byte for byte, natively and in
//! wasm", and a system math library may round its last bit differently from wasm's.

use serde::Serialize;

/// xoshiro256** (Blackman and Vigna), seeded through splitmix64.
#[derive(Debug, Clone)]
pub struct Rng([u64; 4]);

impl Rng {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng([next(), next(), next(), next()])
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in (0, 1]: never 0, so `ln` is always finite.
    pub fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }

    /// A standard normal draw (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * libm::log(u)).sqrt() * libm::cos(std::f64::consts::TAU * v)
    }
}

/// A distribution of durations, in milliseconds of virtual time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Dist {
    /// Always `mean_ms`.
    Constant {
        /// The duration.
        #[serde(rename = "meanMs")]
        mean_ms: f64,
    },
    /// Memoryless, mean `mean_ms` (Poisson arrivals have exponential gaps).
    Exponential {
        /// The mean.
        #[serde(rename = "meanMs")]
        mean_ms: f64,
    },
    /// Uniform on `mean_ms ± spread_ms`.
    Uniform {
        /// The mean.
        #[serde(rename = "meanMs")]
        mean_ms: f64,
        /// Half the width of the range.
        #[serde(rename = "spreadMs")]
        spread_ms: f64,
    },
    /// Log-normal with mean `mean_ms` and shape `sigma` (a long right tail).
    Lognormal {
        /// The mean.
        #[serde(rename = "meanMs")]
        mean_ms: f64,
        /// The standard deviation of the underlying normal.
        sigma: f64,
    },
}

impl Dist {
    /// The distribution's mean, in milliseconds.
    pub fn mean_ms(&self) -> f64 {
        match *self {
            Dist::Constant { mean_ms }
            | Dist::Exponential { mean_ms }
            | Dist::Uniform { mean_ms, .. }
            | Dist::Lognormal { mean_ms, .. } => mean_ms,
        }
    }

    /// One draw, in milliseconds.
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match *self {
            Dist::Constant { mean_ms } => mean_ms,
            Dist::Exponential { mean_ms } => -mean_ms * libm::log(rng.unit()),
            Dist::Uniform { mean_ms, spread_ms } => {
                mean_ms - spread_ms + 2.0 * spread_ms * (1.0 - rng.unit())
            }
            Dist::Lognormal { mean_ms, sigma } => {
                let mu = libm::log(mean_ms) - sigma * sigma / 2.0;
                libm::exp(mu + sigma * rng.normal())
            }
        }
    }
}
