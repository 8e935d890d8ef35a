//! A run's configuration, checked field by field: every problem is an error naming the field.
//!
//! Configs arrive from JavaScript as loose values, so they are read into [`Raw`] first (which
//! accepts anything) and then validated here. That keeps errors in our words ("workers: must be a
//! whole number from 1 to 16, got 2.5") rather than a deserializer's, and keeps them testable
//! natively.

pub use crate::arrival::Arrival;
use crate::sim::{Dist, JobClass, Mistake, Mode, Policy, SimConfig, MAX_SIM_WORKERS};
pub use crate::trace::DEFAULT_LIMIT as DEFAULT_TRACE_LIMIT;
use crate::trace::MAX_SPAN_MS;
use crate::work::Work;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use std::fmt;

/// Most workers the live driver runs: goroutines on Ps, as many as the simulator models (each
/// is a task of a few hundred bytes in wasm memory, not a thread).
pub const MAX_LIVE_WORKERS: u64 = MAX_SIM_WORKERS as u64;
/// Most Ps (`GOMAXPROCS`) a live run takes: each is a Web Worker thread.
pub const MAX_PROCS: u64 = 64;
/// The live unbounded program's largest memory limit: half of the wasm memory's maximum (1 GiB,
/// .cargo/config.toml), so the program dies as Go's would, long before the tab could.
pub const MAX_LIVE_MEMORY_BYTES: u64 = 512 << 20;
/// The live unbounded program's memory limit when the config names none.
pub const DEFAULT_LIVE_MEMORY_BYTES: u64 = 256 << 20;
/// Most jobs in one run; keeps every sum exact in a JavaScript number.
pub const MAX_JOBS: u64 = 10_000_000;
/// Largest channel buffer.
pub const MAX_BUFFER: u64 = 1_000_000;
/// Most rounds of CPU work per job.
pub const MAX_ITERATIONS: u64 = 10_000_000;
/// Longest I/O wait per job, in milliseconds.
pub const MAX_WAIT_MS: u64 = 60_000;
/// Most job events one run records in full (16 bytes each); past it, only counts.
pub const MAX_TRACE_LIMIT: u64 = 4_000_000;

/// A validated run configuration. `Config::default()` is the seed's orchestrator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Worker goroutines (`for w := 1; w <= workers; w++`).
    pub workers: u32,
    /// Jobs the producer sends, numbered 1..=jobs.
    pub jobs: u32,
    /// `make(chan int, jobsBuffer)`.
    pub jobs_buffer: u32,
    /// `make(chan int, resultsBuffer)`.
    pub results_buffer: u32,
    /// What each job does.
    pub work: Work,
    /// How the producer paces its sends.
    pub arrival: Arrival,
    /// Share of jobs, 0 to 1, that produce an error value instead of a result.
    pub failure_rate: f64,
    /// Job events recorded in full; 0 records only the pool's lifecycle.
    pub trace_limit: u32,
    /// `GOMAXPROCS`: the Ps (threads) the goroutines run on.
    pub gomaxprocs: u32,
    /// A pool of `workers`, or the unbounded program: a goroutine per job.
    pub mode: Mode,
    /// Bytes each job holds while its goroutine lives (the unbounded program's payloads).
    pub job_bytes: u32,
    /// The unbounded program dies with Go's out-of-memory error past this many bytes held.
    pub memory_limit_bytes: u64,
}

/// The cores this machine offers: `navigator.hardwareConcurrency` in a browser's worker.
pub fn cores() -> u32 {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        js_sys::global()
            .dyn_into::<web_sys::WorkerGlobalScope>()
            .map_or(1, |scope| scope.navigator().hardware_concurrency() as u32)
            .max(1)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
    }
}

/// `GOMAXPROCS` when a config does not say: one P fewer than the cores, so the page's main
/// thread (drawing frames) and the engine's thread (draining the log) keep a core between
/// them while the goroutines run flat out; one P on a one- or two-core machine.
pub fn default_gomaxprocs() -> u32 {
    cores().saturating_sub(1).clamp(1, MAX_PROCS as u32)
}

impl Default for Config {
    fn default() -> Self {
        Config {
            workers: 3,
            jobs: 1000,
            jobs_buffer: 100,
            results_buffer: 100,
            work: Work::Double,
            arrival: Arrival::Closed,
            failure_rate: 0.0,
            trace_limit: DEFAULT_TRACE_LIMIT,
            gomaxprocs: default_gomaxprocs(),
            mode: Mode::Pool,
            job_bytes: 1024,
            memory_limit_bytes: DEFAULT_LIVE_MEMORY_BYTES,
        }
    }
}

/// A config field that is missing its mark; `field` is its path, e.g. `work.kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The offending field, as the caller spelled its path (`workers`, `work.waitMs`).
    pub field: String,
    /// What is wrong with it, and what would be right.
    pub message: String,
}

impl ConfigError {
    fn new(field: &str, message: impl Into<String>) -> Self {
        ConfigError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Any value a caller might pass, before validation.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// `null` or `undefined`: treated as absent.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string.
    Str(String),
    /// An array.
    List(Vec<Raw>),
    /// An object, fields in the order given.
    Map(Vec<(String, Raw)>),
}

impl fmt::Display for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raw::Null => f.write_str("nothing"),
            Raw::Bool(b) => write!(f, "{b}"),
            Raw::Number(n) => write!(f, "{n}"),
            Raw::Str(s) if s.chars().count() > 40 => {
                let head: String = s.chars().take(40).collect();
                write!(f, "the string \"{head}…\"")
            }
            Raw::Str(s) => write!(f, "the string \"{s}\""),
            Raw::List(_) => f.write_str("a list"),
            Raw::Map(_) => f.write_str("an object"),
        }
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_string()))
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut fields = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Raw>()? {
            fields.push((key, value));
        }
        Ok(Raw::Map(fields))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// The fields of an object, each read at most once; what is left over is an unknown field.
struct Fields<'a> {
    path: &'a str,
    fields: Vec<(&'a str, &'a Raw)>,
}

impl<'a> Fields<'a> {
    /// The fields of the object at `path`.
    fn of(path: &'a str, raw: &'a Raw) -> Result<Self, ConfigError> {
        Self::at(path, path, raw)
    }

    /// The config's own fields: named bare (`workers`), but `config` if it is no object.
    fn root(raw: &'a Raw) -> Result<Self, ConfigError> {
        Self::at("config", "", raw)
    }

    fn at(name: &'a str, path: &'a str, raw: &'a Raw) -> Result<Self, ConfigError> {
        let Raw::Map(fields) = raw else {
            return Err(ConfigError::new(
                name,
                format!("must be an object, got {raw}"),
            ));
        };
        let fields = Fields {
            path,
            fields: fields
                .iter()
                .filter(|(_, v)| *v != Raw::Null)
                .map(|(k, v)| (k.as_str(), v))
                .collect(),
        };
        // JSON text may repeat a key: say so, rather than call the second one unknown.
        let mut seen = std::collections::HashSet::new();
        if let Some(&(twice, _)) = fields.fields.iter().find(|(k, _)| !seen.insert(*k)) {
            return Err(ConfigError::new(
                &fields.path_of(twice),
                "given twice; give each field once",
            ));
        }
        Ok(fields)
    }

    fn take(&mut self, name: &str) -> Option<&'a Raw> {
        let at = self.fields.iter().position(|(k, _)| *k == name)?;
        Some(self.fields.remove(at).1)
    }

    fn path_of(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// A whole number in `min..=max`, or `default` when absent.
    fn whole(&mut self, name: &str, min: u64, max: u64, default: u32) -> Result<u32, ConfigError> {
        let field = self.path_of(name);
        let Some(raw) = self.take(name) else {
            return Ok(default);
        };
        let range = format!("a whole number from {min} to {max}");
        match raw {
            Raw::Number(n) if n.fract() == 0.0 && *n >= min as f64 && *n <= max as f64 => {
                Ok(*n as u32)
            }
            Raw::Number(n) if n.is_finite() && n.fract() == 0.0 && *n > max as f64 => Err(
                ConfigError::new(&field, format!("must be at most {max}, got {raw}")),
            ),
            _ => Err(ConfigError::new(
                &field,
                format!("must be {range}, got {raw}"),
            )),
        }
    }

    /// A number in `min..=max`, or `default` when absent.
    fn number(&mut self, name: &str, min: f64, max: f64, default: f64) -> Result<f64, ConfigError> {
        let field = self.path_of(name);
        match self.take(name) {
            None => Ok(default),
            Some(Raw::Number(n)) if *n >= min && *n <= max => Ok(*n),
            Some(raw) => Err(ConfigError::new(
                &field,
                format!("must be a number from {min} to {max}, got {raw}"),
            )),
        }
    }

    /// The object's `kind`: required, a string; `expected` lists the choices for the error.
    fn kind(&mut self, expected: &str) -> Result<String, ConfigError> {
        let field = self.path_of("kind");
        match self.take("kind") {
            Some(Raw::Str(kind)) => Ok(kind.clone()),
            Some(other) => Err(ConfigError::new(
                &field,
                format!("must be {expected}, got {other}"),
            )),
            None => Err(ConfigError::new(&field, format!("is required: {expected}"))),
        }
    }

    /// A number above 0 and at most `max`; `default` when absent (`None`: required).
    fn positive(&mut self, name: &str, max: f64, default: Option<f64>) -> Result<f64, ConfigError> {
        let field = self.path_of(name);
        match (self.take(name), default) {
            (None, Some(default)) => Ok(default),
            (None, None) => Err(ConfigError::new(
                &field,
                format!("is required: a number above 0 and at most {max}"),
            )),
            (Some(raw), _) => positive(&field, raw, max),
        }
    }

    fn finish(self, expected: &[&str]) -> Result<(), ConfigError> {
        match self.fields.first() {
            None => Ok(()),
            Some((name, _)) => Err(ConfigError::new(
                &self.path_of(name),
                format!("unknown field; expected one of: {}", expected.join(", ")),
            )),
        }
    }
}

/// The fields both drivers take (besides `driver`). The simulator reads `work` for what each
/// job computes, not for how long it takes (that is `service`).
const SHARED_FIELDS: &[&str] = &[
    "workers",
    "gomaxprocs",
    "jobs",
    "jobsBuffer",
    "resultsBuffer",
    "arrival",
    "traceLimit",
    "work",
    "failureRate",
    "mode",
    "jobBytes",
    "memoryLimitBytes",
];
/// The fields only the simulated driver takes.
const SIM_FIELDS: &[&str] = &[
    "seed",
    "cores",
    "service",
    "jobClass",
    "policy",
    "collectorDelayMs",
    "collectorPauseAtMs",
    "collectorPauseMs",
    "warmupJobs",
    "mistake",
];

/// `mode`: `'pool'` (the default) or `'unbounded'`.
fn parse_mode(fields: &mut Fields) -> Result<Mode, ConfigError> {
    match fields.take("mode") {
        None => Ok(Mode::Pool),
        Some(Raw::Str(m)) if m == "pool" => Ok(Mode::Pool),
        Some(Raw::Str(m)) if m == "unbounded" => Ok(Mode::Unbounded),
        Some(other) => Err(ConfigError::new(
            "mode",
            format!("must be 'pool' or 'unbounded', got {other}"),
        )),
    }
}

/// Every field the simulated driver takes, for its "unknown field" error.
fn sim_fields() -> Vec<&'static str> {
    SHARED_FIELDS.iter().chain(SIM_FIELDS).copied().collect()
}

/// Refuses a run that would outlast the longest span ([`MAX_SPAN_MS`]) on its face: `least_ms`
/// is a lower bound on how long it runs, and `field` what makes it that long.
fn check_span(field: &str, least_ms: f64) -> Result<(), ConfigError> {
    if least_ms <= MAX_SPAN_MS {
        return Ok(());
    }
    let years = least_ms / (365.25 * 24.0 * 3_600_000.0);
    Err(ConfigError::new(
        field,
        format!(
            "makes the run last at least {years:.3e} years; the longest run is {} years",
            (MAX_SPAN_MS / (365.25 * 24.0 * 3_600_000.0)).round()
        ),
    ))
}

/// The arrival field that sets its pace, for errors about it.
fn arrival_field(arrival: &Arrival) -> &'static str {
    match arrival {
        Arrival::Burst { .. } => "arrival.everyMs",
        _ => "arrival.ratePerSec",
    }
}

fn parse_work(raw: &Raw) -> Result<Work, ConfigError> {
    let mut fields = Fields::of("work", raw)?;
    let kind = fields.kind("'double', 'cpu' or 'io'")?;
    let work = match kind.as_str() {
        "double" => {
            fields.finish(&["kind"])?;
            Work::Double
        }
        "cpu" => {
            let iterations = fields.whole("iterations", 1, MAX_ITERATIONS, 10_000)?;
            fields.finish(&["kind", "iterations"])?;
            Work::Cpu { iterations }
        }
        "io" => {
            let wait_ms = fields.whole("waitMs", 0, MAX_WAIT_MS, 10)?;
            fields.finish(&["kind", "waitMs"])?;
            Work::Io { wait_ms }
        }
        other => {
            return Err(ConfigError::new(
                "work.kind",
                format!("unknown job kind \"{other}\"; expected 'double', 'cpu' or 'io'"),
            ))
        }
    };
    Ok(work)
}

/// Most jobs per second a paced producer sends.
pub const MAX_RATE_PER_SEC: f64 = 1_000_000.0;

/// Reads `arrival`; Poisson arrivals only when `poisson` (the simulated driver).
fn parse_arrival(raw: &Raw, poisson: bool) -> Result<Arrival, ConfigError> {
    let mut fields = Fields::of("arrival", raw)?;
    let expected = if poisson {
        "'closed', 'poisson', 'constant' or 'burst'"
    } else {
        "'closed', 'constant' or 'burst' (the simulated driver also takes 'poisson')"
    };
    let kind = fields.kind(expected)?;
    let kind = kind.as_str();
    let arrival = match kind {
        "closed" => {
            fields.finish(&["kind"])?;
            Arrival::Closed
        }
        "constant" | "poisson" if kind == "constant" || poisson => {
            let rate_per_sec = fields.positive("ratePerSec", MAX_RATE_PER_SEC, None)?;
            fields.finish(&["kind", "ratePerSec"])?;
            if kind == "constant" {
                Arrival::Constant { rate_per_sec }
            } else {
                Arrival::Poisson { rate_per_sec }
            }
        }
        "burst" => {
            let size = fields.whole("size", 1, MAX_JOBS, 10)?;
            let every_ms = fields.whole("everyMs", 1, MAX_WAIT_MS, 100)?;
            fields.finish(&["kind", "size", "everyMs"])?;
            Arrival::Burst { size, every_ms }
        }
        other => {
            return Err(ConfigError::new(
                "arrival.kind",
                format!("unknown arrival \"{other}\"; expected {expected}"),
            ))
        }
    };
    Ok(arrival)
}

/// Longest mean service time, timeout or collector delay the simulator takes, in milliseconds.
pub const MAX_SIM_MS: f64 = 3_600_000.0;

fn parse_service(raw: &Raw) -> Result<Dist, ConfigError> {
    let mut fields = Fields::of("service", raw)?;
    let expected = "'constant', 'exponential', 'uniform' or 'lognormal'";
    let kind = fields.kind(expected)?;
    let mean_ms = fields.positive("meanMs", MAX_SIM_MS, Some(1.0))?;
    let dist = match kind.as_str() {
        "constant" => Dist::Constant { mean_ms },
        "exponential" => Dist::Exponential { mean_ms },
        "uniform" => Dist::Uniform {
            mean_ms,
            spread_ms: fields.number("spreadMs", 0.0, mean_ms, mean_ms / 2.0)?,
        },
        "lognormal" => Dist::Lognormal {
            mean_ms,
            sigma: fields.positive("sigma", 5.0, Some(1.0))?,
        },
        other => {
            return Err(ConfigError::new(
                "service.kind",
                format!("unknown distribution \"{other}\"; expected {expected}"),
            ))
        }
    };
    fields.finish(&["kind", "meanMs", "spreadMs", "sigma"])?;
    Ok(dist)
}

fn parse_policy(raw: &Raw) -> Result<Policy, ConfigError> {
    let mut fields = Fields::of("policy", raw)?;
    let expected = "'block', 'drop' or 'timeout'";
    let policy = match fields.kind(expected)?.as_str() {
        "block" => Policy::Block,
        "drop" => Policy::Drop,
        "timeout" => Policy::Timeout {
            timeout_ms: fields.positive("timeoutMs", MAX_SIM_MS, None)?,
        },
        other => {
            return Err(ConfigError::new(
                "policy.kind",
                format!("unknown policy \"{other}\"; expected {expected}"),
            ))
        }
    };
    fields.finish(&["kind", "timeoutMs"])?;
    Ok(policy)
}

fn positive(field: &str, raw: &Raw, max: f64) -> Result<f64, ConfigError> {
    match raw {
        Raw::Number(n) if *n > 0.0 && *n <= max => Ok(*n),
        other => Err(ConfigError::new(
            field,
            format!("must be a number above 0 and at most {max}, got {other}"),
        )),
    }
}

/// A validated run for either driver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RunConfig {
    /// Real threads, real time.
    Live(Config),
    /// One thread, virtual time.
    Sim(SimConfig),
}

impl RunConfig {
    /// Validates a loose config; `driver` ('live', the default, or 'sim') picks the driver.
    pub fn from_raw(raw: &Raw) -> Result<RunConfig, ConfigError> {
        let Raw::Map(entries) = raw else {
            return Err(ConfigError::new(
                "config",
                format!("must be an object, got {raw}"),
            ));
        };
        let driver = entries.iter().find(|(k, _)| k == "driver").map(|(_, v)| v);
        let sim = match driver {
            None | Some(Raw::Null) => false,
            Some(Raw::Str(d)) if d == "live" => false,
            Some(Raw::Str(d)) if d == "sim" => true,
            Some(other) => {
                return Err(ConfigError::new(
                    "driver",
                    format!("must be 'live' or 'sim', got {other}"),
                ))
            }
        };
        let sim_only = entries
            .iter()
            .find(|(k, v)| SIM_FIELDS.contains(&k.as_str()) && *v != Raw::Null);
        if let (false, Some((name, _))) = (sim, sim_only) {
            return Err(ConfigError::new(
                name,
                "only the simulated driver takes this field (driver: 'sim')",
            ));
        }
        let rest = Raw::Map(
            entries
                .iter()
                .filter(|(k, _)| k != "driver")
                .cloned()
                .collect(),
        );
        if sim {
            SimConfig::from_raw(&rest).map(RunConfig::Sim)
        } else {
            Config::from_raw(&rest).map(RunConfig::Live)
        }
    }
}

impl SimConfig {
    /// Refuses a run whose arrivals, service or collector alone outlast the longest span. What
    /// passes may still draw a long tail past it; the engine then stops there and says so.
    fn check_span(&self) -> Result<(), ConfigError> {
        let jobs = f64::from(self.jobs);
        check_span(
            arrival_field(&self.arrival),
            self.arrival.span_ms(self.jobs),
        )?;
        check_span("collectorDelayMs", jobs * self.collector_delay_ms)?;
        check_span(
            "collectorPauseMs",
            self.collector_pause_at_ms + self.collector_pause_ms,
        )?;
        let servers = match (self.mode, self.job_class) {
            (Mode::Unbounded, JobClass::Io) => f64::from(MAX_JOBS as u32),
            (Mode::Unbounded, JobClass::Cpu) => f64::from(self.cores),
            (Mode::Pool, JobClass::Io) => f64::from(self.workers),
            (Mode::Pool, JobClass::Cpu) => f64::from(self.workers.min(self.cores)),
        };
        check_span("service.meanMs", jobs * self.service.mean_ms() / servers)
    }

    /// Validates a loose config for the simulated driver; absent fields take the defaults.
    pub fn from_raw(raw: &Raw) -> Result<SimConfig, ConfigError> {
        let mut fields = Fields::root(raw)?;
        let d = SimConfig::default();
        let config = SimConfig {
            workers: fields.whole("workers", 1, u64::from(MAX_SIM_WORKERS), d.workers)?,
            jobs: fields.whole("jobs", 0, MAX_JOBS, d.jobs)?,
            jobs_buffer: fields.whole("jobsBuffer", 0, MAX_BUFFER, d.jobs_buffer)?,
            results_buffer: fields.whole("resultsBuffer", 0, MAX_BUFFER, d.results_buffer)?,
            arrival: match fields.take("arrival") {
                Some(raw) => parse_arrival(raw, true)?,
                None => d.arrival,
            },
            work: match fields.take("work") {
                Some(raw) => parse_work(raw)?,
                None => d.work,
            },
            failure_rate: fields.number("failureRate", 0.0, 1.0, d.failure_rate)?,
            service: match fields.take("service") {
                Some(raw) => parse_service(raw)?,
                None => d.service,
            },
            job_class: match fields.take("jobClass") {
                None => d.job_class,
                Some(Raw::Str(c)) if c == "cpu" => JobClass::Cpu,
                Some(Raw::Str(c)) if c == "io" => JobClass::Io,
                Some(other) => {
                    return Err(ConfigError::new(
                        "jobClass",
                        format!("must be 'cpu' or 'io', got {other}"),
                    ))
                }
            },
            // A live config's GOMAXPROCS is the modeled machine's cores, unless it says both.
            cores: match fields.whole("cores", 1, 1024, 0)? {
                0 => fields.whole("gomaxprocs", 1, MAX_PROCS, d.cores)?,
                cores => {
                    fields.take("gomaxprocs");
                    cores
                }
            },
            policy: match fields.take("policy") {
                Some(raw) => parse_policy(raw)?,
                None => d.policy,
            },
            collector_delay_ms: fields.number("collectorDelayMs", 0.0, MAX_SIM_MS, 0.0)?,
            collector_pause_at_ms: fields.number("collectorPauseAtMs", 0.0, MAX_SIM_MS, 0.0)?,
            collector_pause_ms: fields.number("collectorPauseMs", 0.0, MAX_SIM_MS, 0.0)?,
            seed: u64::from(fields.whole("seed", 0, u64::from(u32::MAX), 1)?),
            trace_limit: fields.whole("traceLimit", 0, MAX_TRACE_LIMIT, d.trace_limit)?,
            warmup_jobs: fields.whole("warmupJobs", 0, MAX_JOBS, 0)?,
            mode: parse_mode(&mut fields)?,
            job_bytes: fields.whole("jobBytes", 0, 1 << 30, d.job_bytes)?,
            memory_limit_bytes: u64::from(fields.whole(
                "memoryLimitBytes",
                0,
                u64::from(u32::MAX),
                0,
            )?),
            mistake: match fields.take("mistake") {
                None => None,
                Some(Raw::Str(m)) if m == "neverCloseJobs" => Some(Mistake::NeverCloseJobs),
                Some(Raw::Str(m)) if m == "closeResultsEarly" => Some(Mistake::CloseResultsEarly),
                Some(Raw::Str(m)) if m == "collectAfterSubmit" => Some(Mistake::CollectAfterSubmit),
                Some(Raw::Str(m)) if m == "waitBeforeCollect" => Some(Mistake::WaitBeforeCollect),
                Some(Raw::Str(m)) if m == "waitAfterCollect" => Some(Mistake::WaitAfterCollect),
                Some(Raw::Str(m)) if m == "addInsideGoroutine" => Some(Mistake::AddInsideGoroutine),
                Some(other) => {
                    return Err(ConfigError::new(
                        "mistake",
                        format!(
                            "must be 'neverCloseJobs', 'closeResultsEarly', \
                             'collectAfterSubmit', 'waitBeforeCollect', 'waitAfterCollect' or \
                             'addInsideGoroutine', got {other}"
                        ),
                    ))
                }
            },
        };
        fields.finish(&sim_fields())?;
        config.check_span()?;
        Ok(config)
    }
}

impl Config {
    /// Validates a loose config; absent fields take the seed's defaults.
    ///
    /// ```
    /// use poolsim::config::{Config, Raw};
    /// let raw = Raw::Map(vec![("workers".into(), Raw::Number(0.0))]);
    /// let err = Config::from_raw(&raw).unwrap_err();
    /// assert_eq!(err.field, "workers");
    /// assert_eq!(err.to_string(), "workers: must be a whole number from 1 to 100000, got 0");
    /// ```
    pub fn from_raw(raw: &Raw) -> Result<Config, ConfigError> {
        let mut fields = Fields::root(raw)?;
        let defaults = Config::default();
        let config = Config {
            workers: fields
                .whole("workers", 1, MAX_LIVE_WORKERS, defaults.workers)
                .map_err(|mut e| {
                    if e.message.starts_with("must be at most") {
                        e.message += " (the live driver's cap, as the simulator's)";
                    }
                    e
                })?,
            jobs: fields.whole("jobs", 0, MAX_JOBS, defaults.jobs)?,
            jobs_buffer: fields.whole("jobsBuffer", 0, MAX_BUFFER, defaults.jobs_buffer)?,
            results_buffer: fields.whole(
                "resultsBuffer",
                0,
                MAX_BUFFER,
                defaults.results_buffer,
            )?,
            work: match fields.take("work") {
                Some(raw) => parse_work(raw)?,
                None => defaults.work,
            },
            arrival: match fields.take("arrival") {
                Some(raw) => parse_arrival(raw, false)?,
                None => defaults.arrival,
            },
            failure_rate: fields.number("failureRate", 0.0, 1.0, defaults.failure_rate)?,
            trace_limit: fields.whole("traceLimit", 0, MAX_TRACE_LIMIT, defaults.trace_limit)?,
            gomaxprocs: fields.whole("gomaxprocs", 1, MAX_PROCS, defaults.gomaxprocs)?,
            mode: parse_mode(&mut fields)?,
            job_bytes: fields.whole("jobBytes", 0, 1 << 30, defaults.job_bytes)?,
            memory_limit_bytes: match fields.take("memoryLimitBytes") {
                None => defaults.memory_limit_bytes,
                Some(raw) => {
                    let range = format!("a whole number of bytes from 1 MiB to {MAX_LIVE_MEMORY_BYTES} (512 MiB: half the page's wasm memory)");
                    match raw {
                        Raw::Number(n)
                            if n.fract() == 0.0
                                && *n >= (1u64 << 20) as f64
                                && *n <= MAX_LIVE_MEMORY_BYTES as f64 =>
                        {
                            *n as u64
                        }
                        _ => {
                            return Err(ConfigError::new(
                                "memoryLimitBytes",
                                format!("must be {range}, got {raw}"),
                            ))
                        }
                    }
                }
            },
        };
        fields.finish(SHARED_FIELDS)?;
        check_span(
            arrival_field(&config.arrival),
            config.arrival.span_ms(config.jobs),
        )?;
        Ok(config)
    }
}
