//! Go source to tokens, with Go's automatic semicolons: a line whose last token could end a
//! statement (a name, a literal, `break`, `continue`, `fallthrough`, `return`, `++`, `--`, `)`,
//! `]` or `}`) ends with a `;`.

use super::token::{Kind, Pos, Token, KEYWORDS, OPS};
use super::CompileError;

/// The tokens of `src`, the last one `Eof`; or the first lexical error.
pub fn tokens(src: &str) -> Result<Vec<Token>, CompileError> {
    let mut lexer = Lexer {
        src: src.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
        out: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.out)
}

struct Lexer<'a> {
    src: &'a [u8],
    at: usize,
    line: u32,
    line_start: usize,
    out: Vec<Token>,
}

impl Lexer<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: (self.at - self.line_start + 1) as u32,
        }
    }

    /// The character starting here, if the bytes here are UTF-8.
    fn char_at(&self) -> Option<char> {
        let end = (self.at + 4).min(self.src.len());
        (self.at + 1..=end)
            .find_map(|e| std::str::from_utf8(&self.src[self.at..e]).ok())
            .and_then(|s| s.chars().next())
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.at + ahead).copied().unwrap_or(0)
    }

    fn error<T>(&self, pos: Pos, message: impl Into<String>) -> Result<T, CompileError> {
        Err(CompileError::new(pos, message))
    }

    /// Whether a line ending after the last token ends a statement there.
    fn ends_statement(&self) -> bool {
        self.out.last().is_some_and(|t| match t.kind {
            Kind::Ident | Kind::Int | Kind::Float | Kind::Imag | Kind::Char | Kind::String => true,
            Kind::Keyword => matches!(
                t.text.as_str(),
                "break" | "continue" | "fallthrough" | "return"
            ),
            Kind::Op => matches!(t.text.as_str(), "++" | "--" | ")" | "]" | "}"),
            Kind::Semi | Kind::Eof => false,
        })
    }

    fn newline(&mut self, pos: Pos) {
        if self.ends_statement() {
            self.push(Kind::Semi, "newline".into(), pos);
        }
    }

    fn push(&mut self, kind: Kind, text: String, pos: Pos) {
        self.out.push(Token { kind, text, pos });
    }

    fn run(&mut self) -> Result<(), CompileError> {
        loop {
            let c = self.peek(0);
            let pos = self.pos();
            match c {
                0 if self.at >= self.src.len() => {
                    self.newline(pos);
                    self.push(Kind::Eof, String::new(), pos);
                    return Ok(());
                }
                b'\n' => {
                    self.newline(pos);
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'/' if self.peek(1) == b'/' => {
                    while self.at < self.src.len() && self.peek(0) != b'\n' {
                        self.at += 1;
                    }
                }
                b'/' if self.peek(1) == b'*' => self.block_comment(pos)?,
                b'"' => self.string(pos)?,
                b'`' => self.raw_string(pos)?,
                b'\'' => self.rune(pos)?,
                b'0'..=b'9' => self.number(pos)?,
                b'.' if self.peek(1).is_ascii_digit() => self.number(pos)?,
                c if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => self.word(pos)?,
                _ => self.op(pos)?,
            }
        }
    }

    /// `/* … */`: one that spans lines ends a statement as a newline would.
    fn block_comment(&mut self, pos: Pos) -> Result<(), CompileError> {
        self.at += 2;
        let mut lines = false;
        loop {
            if self.at >= self.src.len() {
                return self.error(pos, "comment not terminated");
            }
            if self.peek(0) == b'*' && self.peek(1) == b'/' {
                self.at += 2;
                break;
            }
            if self.peek(0) == b'\n' {
                if !lines {
                    self.newline(pos);
                }
                lines = true;
                self.line += 1;
                self.line_start = self.at + 1;
            }
            self.at += 1;
        }
        Ok(())
    }

    fn word(&mut self, pos: Pos) -> Result<(), CompileError> {
        let start = self.at;
        while self.at < self.src.len() {
            let c = self.peek(0);
            if c == b'_' || c.is_ascii_alphanumeric() {
                self.at += 1;
            } else if c >= 0x80 {
                // A letter outside ASCII: Go allows Unicode letters in names.
                match self.char_at() {
                    Some(ch) if ch.is_alphanumeric() => self.at += ch.len_utf8(),
                    Some(ch) if self.at == start => {
                        return self.error(pos, format!("invalid character U+{:04X}", ch as u32))
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        if self.at == start {
            // Not even one byte of a name: bytes that are not UTF-8.
            return self.error(pos, "invalid UTF-8 encoding");
        }
        let text = String::from_utf8_lossy(&self.src[start..self.at]).into_owned();
        let kind = if KEYWORDS.contains(&text.as_str()) {
            Kind::Keyword
        } else {
            Kind::Ident
        };
        self.push(kind, text, pos);
        Ok(())
    }

    fn number(&mut self, pos: Pos) -> Result<(), CompileError> {
        let start = self.at;
        let mut kind = Kind::Int;
        let radix_prefix =
            self.peek(0) == b'0' && matches!(self.peek(1) | 0x20, b'x' | b'b' | b'o');
        if radix_prefix {
            let radix = self.peek(1) | 0x20;
            self.at += 2;
            let digits = self.at;
            while self.peek(0) == b'_' || self.peek(0).is_ascii_alphanumeric() {
                self.at += 1;
            }
            let body = &self.src[digits..self.at];
            let ok = |c: &u8| match radix {
                b'x' => c.is_ascii_hexdigit() || *c == b'_',
                b'b' => matches!(c, b'0' | b'1' | b'_'),
                _ => matches!(c, b'0'..=b'7' | b'_'),
            };
            if body.is_empty() || !body.iter().all(ok) {
                let name = match radix {
                    b'x' => "hexadecimal",
                    b'b' => "binary",
                    _ => "octal",
                };
                return self.error(pos, format!("invalid digits in {name} literal"));
            }
            if self.peek(0) == b'.' {
                return self.error(
                    pos,
                    "poolsim does not run hexadecimal floating-point literals",
                );
            }
        } else {
            while self.peek(0).is_ascii_digit() || self.peek(0) == b'_' {
                self.at += 1;
            }
            if self.peek(0) == b'.' {
                kind = Kind::Float;
                self.at += 1;
                while self.peek(0).is_ascii_digit() || self.peek(0) == b'_' {
                    self.at += 1;
                }
            }
            if self.peek(0) | 0x20 == b'e' {
                kind = Kind::Float;
                self.at += 1;
                if matches!(self.peek(0), b'+' | b'-') {
                    self.at += 1;
                }
                if !self.peek(0).is_ascii_digit() {
                    return self.error(pos, "exponent has no digits");
                }
                while self.peek(0).is_ascii_digit() || self.peek(0) == b'_' {
                    self.at += 1;
                }
            }
            if self.peek(0) == b'i' {
                self.at += 1;
                kind = Kind::Imag;
            }
        }
        if self.peek(0) == b'_' || self.peek(0).is_ascii_alphabetic() {
            let c = self.peek(0) as char;
            return self.error(
                self.pos(),
                format!("syntax error: unexpected {c} after number"),
            );
        }
        let text = String::from_utf8_lossy(&self.src[start..self.at]).into_owned();
        self.push(kind, text, pos);
        Ok(())
    }

    /// Skips one escape after a backslash (checked later, when the literal is read).
    fn escape(&mut self, quote: u8) -> Result<(), CompileError> {
        let pos = self.pos();
        self.at += 1; // the backslash
        let c = self.peek(0);
        let digits = match c {
            b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'\\' => 0,
            c if c == quote => 0,
            b'0'..=b'7' => 2,
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => return self.error(pos, "unknown escape sequence"),
        };
        self.at += 1;
        for _ in 0..digits {
            if !self.peek(0).is_ascii_hexdigit() {
                return self.error(pos, "invalid escape sequence");
            }
            self.at += 1;
        }
        Ok(())
    }

    fn string(&mut self, pos: Pos) -> Result<(), CompileError> {
        let start = self.at;
        self.at += 1;
        loop {
            match self.peek(0) {
                b'"' => break,
                b'\\' => self.escape(b'"')?,
                b'\n' => return self.error(self.pos(), "newline in string"),
                0 if self.at >= self.src.len() => {
                    return self.error(pos, "string literal not terminated")
                }
                _ => self.at += 1,
            }
        }
        self.at += 1;
        self.literal(Kind::String, start, pos)
    }

    fn raw_string(&mut self, pos: Pos) -> Result<(), CompileError> {
        let start = self.at;
        self.at += 1;
        while self.peek(0) != b'`' {
            if self.at >= self.src.len() {
                return self.error(pos, "raw string literal not terminated");
            }
            if self.peek(0) == b'\n' {
                self.line += 1;
                self.line_start = self.at + 1;
            }
            self.at += 1;
        }
        self.at += 1;
        self.literal(Kind::String, start, pos)
    }

    fn rune(&mut self, pos: Pos) -> Result<(), CompileError> {
        let start = self.at;
        self.at += 1;
        let mut chars = 0;
        loop {
            match self.peek(0) {
                b'\'' => break,
                b'\\' => {
                    self.escape(b'\'')?;
                    chars += 1;
                }
                b'\n' => return self.error(pos, "newline in rune literal"),
                0 if self.at >= self.src.len() => {
                    return self.error(pos, "rune literal not terminated")
                }
                c => {
                    // One character, however many bytes its UTF-8 takes.
                    self.at += if c < 0x80 { 1 } else { utf8_len(c) };
                    chars += 1;
                }
            }
        }
        self.at += 1;
        match chars {
            0 => self.error(pos, "empty rune literal or unescaped ' in rune literal"),
            1 => self.literal(Kind::Char, start, pos),
            _ => self.error(pos, "more than one character in rune literal"),
        }
    }

    fn literal(&mut self, kind: Kind, start: usize, pos: Pos) -> Result<(), CompileError> {
        let end = self.at.min(self.src.len());
        match std::str::from_utf8(&self.src[start..end]) {
            Ok(text) => {
                self.push(kind, text.to_string(), pos);
                Ok(())
            }
            Err(_) => self.error(pos, "invalid UTF-8 encoding"),
        }
    }

    fn op(&mut self, pos: Pos) -> Result<(), CompileError> {
        let rest = &self.src[self.at..];
        match OPS.iter().find(|op| rest.starts_with(op.as_bytes())) {
            Some(op) => {
                self.at += op.len();
                if *op == ";" {
                    self.push(Kind::Semi, ";".into(), pos);
                } else {
                    self.push(Kind::Op, (*op).to_string(), pos);
                }
                Ok(())
            }
            None => match self.char_at() {
                Some(c) => self.error(pos, format!("invalid character U+{:04X} '{c}'", c as u32)),
                None => self.error(pos, "invalid UTF-8 encoding"),
            },
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}
