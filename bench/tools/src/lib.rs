//! Shared bits of the bound measurements: argument parsing, a tiny PRNG, the result line.

use std::time::Duration;

/// The `n`-th command-line argument, or exit with the usage line.
pub fn arg(n: usize, usage: &str) -> String {
    std::env::args().nth(n).unwrap_or_else(|| {
        eprintln!("usage: {usage}");
        std::process::exit(2)
    })
}

/// Parse the `n`-th argument as a number, or exit with the usage line.
pub fn num(n: usize, usage: &str) -> f64 {
    arg(n, usage).parse().unwrap_or_else(|_| {
        eprintln!("usage: {usage}");
        std::process::exit(2)
    })
}

/// A duration in seconds from a fractional number.
pub fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s.max(0.05))
}

/// xorshift64: a dependency-free PRNG, good enough to pick random rows.
pub struct Rng(pub u64);

impl Rng {
    /// The next value below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Print one JSON result line the runner reads (`{"rate": …}` or `{"ms": …}`).
pub fn report(key: &str, value: f64, extra: &str) {
    println!("{{\"{key}\": {value:.3}{extra}}}");
}
