//! Go source on poolsim's runtime, stage by stage (DESIGN.md): `lexer` → `parser` (a syntax
//! tree with places) → checker → compiler → VM. Each stage reads only the one before it. This
//! first stage set reads the source; the checker, compiler and VM come program by program,
//! against what real Go prints (`tests/go/`).

pub mod ast;
pub mod code;
pub mod compile;
pub mod flow;
pub mod lexer;
pub mod packages;
pub mod parser;
pub mod resolve;
pub mod token;
pub mod types;
pub mod vm;

use std::fmt;
pub use token::Pos;

/// A program the compiler refuses, where and why, as the `go` command says it:
/// `prog.go:12:5: undefined: wg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub pos: Pos,
    pub message: String,
}

impl CompileError {
    pub fn new(pos: Pos, message: impl Into<String>) -> Self {
        CompileError {
            pos,
            message: message.into(),
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "prog.go:{}: {}", self.pos, self.message)
    }
}

impl std::error::Error for CompileError {}

/// Reads a program's source into its syntax tree, or the first error in it.
pub fn parse(src: &str) -> Result<ast::File, CompileError> {
    parser::parse(src)
}

/// Reads and checks a program: its syntax tree, or the first of its errors by place (gc lists
/// them all in that order; the page shows the first).
pub fn check(src: &str) -> Result<ast::File, CompileError> {
    checked(src).map(|(file, _)| file)
}

fn checked(src: &str) -> Result<(ast::File, types::Info), CompileError> {
    let file = parser::parse(src)?;
    let mut errors = resolve::check(&file);
    errors.extend(flow::check(&file));
    let (type_errors, info) = types::check_info(&file);
    errors.extend(type_errors);
    match errors.into_iter().min_by_key(|e| e.pos) {
        Some(first) => Err(first),
        None => Ok((file, info)),
    }
}

/// Reads, checks and compiles a program to bytecode.
pub fn compile(src: &str) -> Result<code::Program, CompileError> {
    let (file, info) = checked(src)?;
    compile::compile(&file, &info)
}

/// Compiles and runs a program in virtual time: what it printed, and how it ended.
pub fn run(src: &str, options: vm::Options) -> Result<vm::Outcome, CompileError> {
    let program = compile(src)?;
    Ok(vm::run(std::sync::Arc::new(program), options))
}

/// `runGo`'s options, as a page gives them (`{driver, gomaxprocs, seed, timeLimitMs, …}`):
/// every field optional, an unknown one refused by name.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RunOptions {
    pub driver: Option<String>,
    pub gomaxprocs: Option<f64>,
    pub seed: Option<f64>,
    pub time_limit_ms: Option<f64>,
    pub wall_limit_ms: Option<f64>,
    pub max_goroutines: Option<f64>,
    pub max_events: Option<f64>,
    pub max_memory_mb: Option<f64>,
}

/// An option refused: which, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError {
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl RunOptions {
    /// The options' names, as a page spells them.
    pub const FIELDS: [&'static str; 8] = [
        "driver",
        "gomaxprocs",
        "seed",
        "timeLimitMs",
        "wallLimitMs",
        "maxGoroutines",
        "maxEvents",
        "maxMemoryMb",
    ];

    /// The VM's options, or the first field refused.
    pub fn options(&self) -> Result<vm::Options, OptionError> {
        let refuse = |field: &'static str, message: &str| {
            Err(OptionError {
                field,
                message: message.to_string(),
            })
        };
        let whole = |v: f64| v.is_finite() && v.fract() == 0.0 && v >= 0.0;
        let live = match self.driver.as_deref() {
            None | Some("sim") => false,
            Some("live") => true,
            Some(_) => {
                return refuse(
                    "driver",
                    "'sim' (virtual time, one P) or 'live' (real time on GOMAXPROCS threads)",
                )
            }
        };
        let mut options = vm::Options::default();
        if live {
            let procs = match self.gomaxprocs {
                None => crate::config::default_gomaxprocs() as usize,
                Some(p) if whole(p) && (1.0..=crate::config::MAX_PROCS as f64).contains(&p) => {
                    p as usize
                }
                Some(_) => {
                    return refuse(
                        "gomaxprocs",
                        &format!("a whole number from 1 to {}", crate::config::MAX_PROCS),
                    )
                }
            };
            options.driver = vm::Driver::Live { gomaxprocs: procs };
        } else if self.gomaxprocs.is_some_and(|p| p != 1.0) {
            return refuse(
                "gomaxprocs",
                "the virtual-time driver runs one P (GOMAXPROCS=1), as the recorded Go did; \
                 the live driver runs more",
            );
        }
        if let Some(seed) = self.seed {
            if !whole(seed) || seed > 2f64.powi(53) {
                return refuse("seed", "a whole number from 0 to 2^53");
            }
            options.seed = seed as u64;
        }
        if let Some(ms) = self.time_limit_ms {
            if live {
                return refuse(
                    "timeLimitMs",
                    "a limit of virtual time; a live run has wallLimitMs (real time)",
                );
            }
            if !(ms.is_finite() && ms > 0.0 && ms <= 8.64e10) {
                return refuse(
                    "timeLimitMs",
                    "a number of milliseconds above 0, at most 1000 days",
                );
            }
            options.time_limit_ns = (ms * 1e6) as u64;
        }
        if let Some(ms) = self.wall_limit_ms {
            if !(ms.is_finite() && (1.0..=60_000.0).contains(&ms)) {
                return refuse("wallLimitMs", "from 1 to 60000 milliseconds");
            }
            options.wall_limit_ms = ms as u64;
        }
        if let Some(n) = self.max_goroutines {
            if !whole(n) || !(1.0..=1_000_000.0).contains(&n) {
                return refuse("maxGoroutines", "a whole number from 1 to 1000000");
            }
            options.max_goroutines = n as usize;
        }
        if let Some(n) = self.max_events {
            // 0 keeps no log: a program timed for speed pays nothing for events.
            if !whole(n) || n > 4_194_304.0 {
                return refuse("maxEvents", "a whole number from 0 to 4194304 (2^22)");
            }
            options.max_events = n as usize;
        }
        if let Some(mb) = self.max_memory_mb {
            // The browser's wasm memory ends at 1 GiB, which the engine shares.
            if !whole(mb) || !(1.0..=768.0).contains(&mb) {
                return refuse("maxMemoryMb", "a whole number of MB from 1 to 768");
            }
            options.max_memory_bytes = (mb as usize) << 20;
        }
        Ok(options)
    }
}
