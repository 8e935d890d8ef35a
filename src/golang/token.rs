//! Go's tokens, with where each starts: line and column as the `go` command prints them (both from
//! 1, the column in bytes).

use std::fmt;

/// A place in the source: `prog.go:LINE:COL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// What kind of token: Go's lexical classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Int,
    Float,
    Imag,
    Char,
    String,
    Keyword,
    /// An operator or punctuation: its text says which.
    Op,
    /// `;`, written or inserted at a line's end (then its text is `"newline"`).
    Semi,
    Eof,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// The token as written; a string or rune literal keeps its quotes and escapes.
    pub text: String,
    pub pos: Pos,
}

impl Token {
    /// Whether this is the operator, punctuation or keyword `s`.
    pub fn is(&self, s: &str) -> bool {
        matches!(self.kind, Kind::Op | Kind::Keyword) && self.text == s
    }
}

/// The token as gc names it in "syntax error: unexpected …".
impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::Ident => write!(f, "name {}", self.text),
            Kind::Int | Kind::Float | Kind::Imag | Kind::Char | Kind::String => {
                write!(f, "literal {}", self.text)
            }
            Kind::Keyword => write!(f, "keyword {}", self.text),
            Kind::Op => write!(f, "{}", self.text),
            Kind::Semi if self.text == "newline" => write!(f, "newline"),
            Kind::Semi => write!(f, "semicolon"),
            Kind::Eof => write!(f, "EOF"),
        }
    }
}

pub const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// Operators and punctuation, longest first so that the lexer takes the longest match.
pub const OPS: &[&str] = &[
    "&^=", "<<=", ">>=", "...", "&&", "||", "<-", "++", "--", "==", "!=", "<=", ">=", ":=", "+=",
    "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "&^", "~", "+", "-", "*", "/", "%", "&",
    "|", "^", "<", ">", "=", "!", "(", ")", "[", "]", "{", "}", ",", ";", ".", ":",
];
