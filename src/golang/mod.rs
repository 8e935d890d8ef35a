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
