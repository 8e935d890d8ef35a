//! Shared by the native and the wasm test suites.

use poolsim::sim::{Arrival, Dist, JobClass, Policy, SimConfig};

/// A run that touches every random draw: Poisson arrivals, log-normal service, CPU cores, the
/// timeout policy, a slow collector.
pub fn golden_config() -> SimConfig {
    SimConfig {
        workers: 7,
        jobs: 3000,
        jobs_buffer: 4,
        results_buffer: 2,
        arrival: Arrival::Poisson {
            rate_per_sec: 2500.0,
        },
        service: Dist::Lognormal {
            mean_ms: 2.5,
            sigma: 0.9,
        },
        job_class: JobClass::Cpu,
        cores: 3,
        policy: Policy::Timeout { timeout_ms: 1.5 },
        collector_delay_ms: 0.05,
        seed: 2026,
        ..SimConfig::default()
    }
}

/// The golden run's log digest. Both suites check it, natively and in Chromium: the log is the
/// same byte for byte. Change it only with a change to the simulator.
pub const GOLDEN_FINGERPRINT: u64 = 0xa156_ca02_880b_ef12;
