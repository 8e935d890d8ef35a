//! Go source on poolsim's runtime, stage by stage (DESIGN.md): `lexer` → `parser` (a syntax
//! tree with places) → checker → compiler → VM. Each stage reads only the one before it. This
//! first stage set reads the source; the checker, compiler and VM come program by program,
//! against what real Go prints (`tests/go/`).

pub mod ast;
pub mod flow;
pub mod lexer;
pub mod parser;
pub mod resolve;
pub mod token;
pub mod types;

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
    let file = parser::parse(src)?;
    let mut errors = resolve::check(&file);
    errors.extend(flow::check(&file));
    errors.extend(types::check(&file));
    match errors.into_iter().min_by_key(|e| e.pos) {
        Some(first) => Err(first),
        None => Ok(file),
    }
}
