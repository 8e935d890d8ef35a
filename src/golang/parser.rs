//! Tokens to a syntax tree, by recursive descent as Go's own parser does it (`go/parser`): the
//! composite-literal ambiguity of `if x == T{} {` settled the same way (no literal of a bare
//! type name in a statement's header), and errors in gc's words where gc has them.

use super::ast::*;
use super::lexer;
use super::token::{Kind, Pos, Token};
use super::CompileError;

/// Parses a whole source file.
pub fn parse(src: &str) -> Result<File> {
    let tokens = lexer::tokens(src)?;
    let mut p = Parser {
        tokens,
        at: 0,
        expr_lev: 0,
        depth: 0,
        incdec_at: Pos::default(),
    };
    p.file()
}

/// Deeper than this and the program is refused: a parser that recursed without limit could
/// overflow its stack on a hostile input.
const MAX_DEPTH: u32 = 100;

type Result<T> = std::result::Result<T, CompileError>;

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    /// Below 0 in a statement's header (a `{` there opens the body, not a literal).
    expr_lev: i32,
    depth: u32,
    /// Where the last `++` or `--` was: gc reports a misplaced one there.
    incdec_at: Pos,
}

impl Parser {
    fn tok(&self) -> &Token {
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn peek_tok(&self, ahead: usize) -> &Token {
        &self.tokens[(self.at + ahead).min(self.tokens.len() - 1)]
    }

    fn pos(&self) -> Pos {
        self.tok().pos
    }

    fn next(&mut self) -> Token {
        let t = self.tok().clone();
        if self.at < self.tokens.len() - 1 {
            self.at += 1;
        }
        t
    }

    fn is(&self, s: &str) -> bool {
        self.tok().is(s)
    }

    fn is_semi(&self) -> bool {
        self.tok().kind == Kind::Semi
    }

    fn got(&mut self, s: &str) -> bool {
        if self.is(s) {
            self.next();
            true
        } else {
            false
        }
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T> {
        Err(CompileError::new(self.pos(), message))
    }

    /// "syntax error: unexpected X, expected Y" at the current token.
    fn unexpected<T>(&self, expected: &str) -> Result<T> {
        let what = self.tok().to_string();
        if expected.is_empty() {
            self.error(format!("syntax error: unexpected {what}"))
        } else {
            self.error(format!(
                "syntax error: unexpected {what}, expected {expected}"
            ))
        }
    }

    fn want(&mut self, s: &str) -> Result<Pos> {
        if self.is(s) {
            Ok(self.next().pos)
        } else {
            self.unexpected(s)
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error("poolsim does not run programs nested this deeply");
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// A statement's end: `;`, a newline, or before `)` or `}`.
    fn end_statement(&mut self, what: &str) -> Result<()> {
        if self.is_semi() {
            self.next();
            Ok(())
        } else if self.is(")") || self.is("}") || self.tok().kind == Kind::Eof {
            Ok(())
        } else {
            let t = self.tok().to_string();
            self.error(format!("syntax error: unexpected {t} {what}"))
        }
    }

    fn ident(&mut self) -> Result<Ident> {
        if self.tok().kind == Kind::Ident {
            let t = self.next();
            Ok(Ident {
                name: t.text,
                pos: t.pos,
            })
        } else {
            self.unexpected("name")
        }
    }

    // ---- declarations -------------------------------------------------------------------

    fn file(&mut self) -> Result<File> {
        // Blank lines and comments before `package` leave no tokens; a `;` can.
        while self.is_semi() {
            self.next();
        }
        if !self.is("package") {
            // The go command reads the package clause before the compiler does, in its words.
            let found = match self.tok().kind {
                Kind::Ident => self.tok().text.clone(),
                Kind::Eof => "'EOF'".to_string(),
                Kind::Semi => "';'".to_string(),
                _ => format!("'{}'", self.tok().text),
            };
            return self.error(format!("expected 'package', found {found}"));
        }
        self.next();
        let package = self.ident()?;
        self.end_statement("after package clause")?;
        let mut imports = Vec::new();
        while self.is("import") {
            self.next();
            if self.got("(") {
                while !self.is(")") {
                    imports.push(self.import_spec()?);
                    if !self.is(")") {
                        self.end_statement("in import declaration")?;
                    }
                }
                self.next();
            } else {
                imports.push(self.import_spec()?);
            }
            self.end_statement("after import declaration")?;
        }
        let mut decls = Vec::new();
        while self.tok().kind != Kind::Eof {
            if self.is_semi() {
                self.next();
                continue;
            }
            decls.push(self.top_decl()?);
            if self.tok().kind != Kind::Eof {
                self.end_statement("after top level declaration")?;
            }
        }
        Ok(File {
            package,
            imports,
            decls,
        })
    }

    fn import_spec(&mut self) -> Result<Import> {
        let pos = self.pos();
        let name = if self.tok().kind == Kind::Ident {
            Some(self.ident()?)
        } else if self.is(".") {
            let t = self.next();
            Some(Ident {
                name: ".".into(),
                pos: t.pos,
            })
        } else {
            None
        };
        if self.tok().kind != Kind::String {
            return self.error("syntax error: missing import path; require quoted string");
        }
        let text = self.next().text;
        let path = unquote(&text).map_err(|m| CompileError::new(pos, m))?;
        Ok(Import { name, path, pos })
    }

    fn top_decl(&mut self) -> Result<Decl> {
        if self.is("func") {
            return Ok(Decl::Func(Box::new(self.func_decl()?)));
        }
        if self.is("var") || self.is("const") || self.is("type") {
            return Ok(Decl::Gen(self.gen_decl()?));
        }
        if self.is("import") {
            return self.error("syntax error: imports must appear before other declarations");
        }
        self.error("syntax error: non-declaration statement outside function body")
    }

    fn func_decl(&mut self) -> Result<FuncDecl> {
        let pos = self.want("func")?;
        let recv = if self.is("(") {
            let mut fields = self.params()?;
            if fields.len() != 1 || fields[0].names.len() > 1 {
                return Err(CompileError::new(pos, "method has multiple receivers"));
            }
            fields.pop()
        } else {
            None
        };
        let name = self.ident()?;
        if self.is("[") {
            return self.error("poolsim does not run generics yet");
        }
        let ty = self.signature(pos)?;
        let body = if self.is("{") {
            Some(self.block()?)
        } else {
            None
        };
        Ok(FuncDecl {
            name,
            recv,
            ty,
            body,
        })
    }

    fn gen_decl(&mut self) -> Result<GenDecl> {
        let keyword = self.next().text;
        let mut specs_v = Vec::new();
        let mut specs_t = Vec::new();
        let mut one = |p: &mut Parser, iota: u32| -> Result<()> {
            match keyword.as_str() {
                "type" => specs_t.push(p.type_spec()?),
                _ => specs_v.push(p.value_spec(keyword == "const", iota)?),
            }
            Ok(())
        };
        if self.got("(") {
            let mut iota = 0;
            while !self.is(")") {
                if self.is_semi() {
                    self.next();
                    continue;
                }
                one(self, iota)?;
                iota += 1;
                if !self.is(")") {
                    self.end_statement("after top level declaration")?;
                }
            }
            self.next();
        } else {
            one(self, 0)?;
        }
        Ok(match keyword.as_str() {
            "var" => GenDecl::Var(specs_v),
            "const" => GenDecl::Const(specs_v),
            _ => GenDecl::Type(specs_t),
        })
    }

    fn value_spec(&mut self, constant: bool, iota: u32) -> Result<ValueSpec> {
        let mut names = vec![self.ident()?];
        while self.got(",") {
            names.push(self.ident()?);
        }
        let ty = if !self.is("=") && !self.is_semi() && !self.is(")") {
            Some(self.ty()?)
        } else {
            None
        };
        let values = if self.got("=") {
            self.expr_list()?
        } else {
            if !constant && ty.is_none() {
                return self.unexpected("type");
            }
            Vec::new()
        };
        Ok(ValueSpec {
            names,
            ty,
            values,
            iota,
        })
    }

    fn type_spec(&mut self) -> Result<TypeSpec> {
        let name = self.ident()?;
        if self.is("[") && self.peek_tok(1).kind == Kind::Ident {
            // `type T[P any] …`: the only reading of `[name` after a type's name we refuse.
            let third = self.peek_tok(2);
            if third.kind == Kind::Ident || third.is("interface") || third.is("*") {
                return self.error("poolsim does not run generics yet");
            }
        }
        let alias = self.got("=");
        let ty = self.ty()?;
        Ok(TypeSpec { name, alias, ty })
    }

    // ---- types --------------------------------------------------------------------------

    fn ty(&mut self) -> Result<Expr> {
        match self.try_type()? {
            Some(t) => Ok(t),
            None => self.unexpected("type"),
        }
    }

    fn try_type(&mut self) -> Result<Option<Expr>> {
        self.enter()?;
        let pos = self.pos();
        let kind = match self.tok() {
            t if t.kind == Kind::Ident => {
                let name = self.ident()?;
                if self.got(".") {
                    let sel = self.ident()?;
                    let x = Expr {
                        kind: ExprKind::Ident(name.name),
                        pos: name.pos,
                    };
                    ExprKind::Selector(Box::new(x), sel)
                } else {
                    if self.is("[") && self.peek_tok(1).kind == Kind::Ident {
                        // `List[int]` in a type: a generic instance.
                        let p = self.peek_tok(2);
                        if p.is("]") || p.is(",") {
                            return self.error("poolsim does not run generics yet");
                        }
                    }
                    ExprKind::Ident(name.name)
                }
            }
            t if t.is("(") => {
                self.next();
                let inner = self.ty()?;
                self.want(")")?;
                ExprKind::Paren(Box::new(inner))
            }
            t if t.is("*") => {
                self.next();
                ExprKind::Star(Box::new(self.ty()?))
            }
            t if t.is("[") => {
                self.next();
                let len = if self.got("]") {
                    None
                } else {
                    let n = if self.is("...") {
                        let p = self.next().pos;
                        Expr {
                            kind: ExprKind::Ellipsis,
                            pos: p,
                        }
                    } else {
                        self.expr_in(1)?
                    };
                    self.want("]")?;
                    Some(Box::new(n))
                };
                ExprKind::ArrayType(len, Box::new(self.ty()?))
            }
            t if t.is("map") => {
                self.next();
                self.want("[")?;
                let key = self.ty()?;
                self.want("]")?;
                ExprKind::MapType(Box::new(key), Box::new(self.ty()?))
            }
            t if t.is("chan") => {
                self.next();
                let dir = if self.got("<-") {
                    ChanDir::Send
                } else {
                    ChanDir::Both
                };
                ExprKind::ChanType(dir, Box::new(self.ty()?))
            }
            t if t.is("<-") => {
                self.next();
                self.want("chan")?;
                ExprKind::ChanType(ChanDir::Recv, Box::new(self.ty()?))
            }
            t if t.is("func") => {
                self.next();
                ExprKind::FuncType(self.signature(pos)?)
            }
            t if t.is("struct") => {
                self.next();
                ExprKind::StructType(self.struct_fields()?)
            }
            t if t.is("interface") => {
                self.next();
                ExprKind::InterfaceType(self.interface_methods()?)
            }
            _ => {
                self.leave();
                return Ok(None);
            }
        };
        self.leave();
        Ok(Some(Expr { kind, pos }))
    }

    fn struct_fields(&mut self) -> Result<Vec<Field>> {
        self.want("{")?;
        let mut fields = Vec::new();
        while !self.is("}") {
            if self.is_semi() {
                self.next();
                continue;
            }
            if self.is("*") {
                // An embedded pointer type.
                let ty = self.ty()?;
                fields.push(Field { names: vec![], ty });
            } else {
                let first = self.ident()?;
                if self.is_semi() || self.is("}") || self.is(".") || self.tok().kind == Kind::String
                {
                    // Embedded: `T`, `pkg.T`.
                    let mut ty = Expr {
                        kind: ExprKind::Ident(first.name.clone()),
                        pos: first.pos,
                    };
                    if self.got(".") {
                        let sel = self.ident()?;
                        ty = Expr {
                            kind: ExprKind::Selector(Box::new(ty), sel),
                            pos: first.pos,
                        };
                    }
                    fields.push(Field { names: vec![], ty });
                } else {
                    let mut names = vec![first];
                    while self.got(",") {
                        names.push(self.ident()?);
                    }
                    let ty = self.ty()?;
                    fields.push(Field { names, ty });
                }
            }
            if self.tok().kind == Kind::String {
                self.next(); // a tag: kept by nothing poolsim runs
            }
            if !self.is("}") {
                self.end_statement("in struct type; possibly missing semicolon or newline or }")?;
            }
        }
        self.next();
        Ok(fields)
    }

    fn interface_methods(&mut self) -> Result<Vec<Field>> {
        self.want("{")?;
        let mut methods = Vec::new();
        while !self.is("}") {
            if self.is_semi() {
                self.next();
                continue;
            }
            let pos = self.pos();
            if self.tok().kind == Kind::Ident && self.peek_tok(1).is("(") {
                let name = self.ident()?;
                let sig = self.signature(pos)?;
                methods.push(Field {
                    names: vec![name],
                    ty: Expr {
                        kind: ExprKind::FuncType(sig),
                        pos,
                    },
                });
            } else {
                if self.is("~") || self.peek_tok(1).is("|") {
                    return self.error("poolsim does not run generics yet");
                }
                let ty = self.ty()?;
                methods.push(Field { names: vec![], ty });
            }
            if !self.is("}") {
                self.end_statement(
                    "in interface type; possibly missing semicolon or newline or }",
                )?;
            }
        }
        self.next();
        Ok(methods)
    }

    fn signature(&mut self, pos: Pos) -> Result<FuncType> {
        let params = self.params()?;
        let results = if self.is("(") {
            self.params()?
        } else if let Some(ty) = self.try_type()? {
            vec![Field { names: vec![], ty }]
        } else {
            Vec::new()
        };
        Ok(FuncType {
            params,
            results,
            pos,
        })
    }

    /// `(a, b int, c string)` or `(int, string)`: Go decides which once the list is read.
    fn params(&mut self) -> Result<Vec<Field>> {
        self.want("(")?;
        let mut entries: Vec<(Option<Ident>, Option<Expr>)> = Vec::new();
        while !self.is(")") {
            let pos = self.pos();
            let variadic = self.got("...");
            if self.tok().kind == Kind::Ident && !variadic {
                let name = self.ident()?;
                if self.is(",") || self.is(")") {
                    entries.push((Some(name), None));
                } else if self.is(".") {
                    // `pkg.T`: a type alone.
                    self.next();
                    let sel = self.ident()?;
                    let x = Expr {
                        kind: ExprKind::Ident(name.name),
                        pos: name.pos,
                    };
                    entries.push((
                        None,
                        Some(Expr {
                            kind: ExprKind::Selector(Box::new(x), sel),
                            pos,
                        }),
                    ));
                } else {
                    let dots = self.is("...");
                    if dots {
                        self.next();
                    }
                    let ty = self.ty()?;
                    let ty = if dots { variadic_of(ty, pos) } else { ty };
                    entries.push((Some(name), Some(ty)));
                }
            } else {
                let ty = self.ty()?;
                let ty = if variadic { variadic_of(ty, pos) } else { ty };
                entries.push((None, Some(ty)));
            }
            if !self.got(",") {
                break;
            }
        }
        self.want(")")?;
        // Named if any entry has a name and a type: then a lone name takes the next type.
        let named = entries.iter().any(|(n, t)| n.is_some() && t.is_some());
        let mut fields: Vec<Field> = Vec::new();
        if named {
            let mut pending: Vec<Ident> = Vec::new();
            for (name, ty) in entries {
                match (name, ty) {
                    (Some(n), None) => pending.push(n),
                    (Some(n), Some(t)) => {
                        pending.push(n);
                        fields.push(Field {
                            names: std::mem::take(&mut pending),
                            ty: t,
                        });
                    }
                    (None, Some(t)) => {
                        return Err(CompileError::new(
                            t.pos,
                            "syntax error: mixed named and unnamed parameters",
                        ))
                    }
                    (None, None) => unreachable!("an entry has a name or a type"),
                }
            }
            if let Some(n) = pending.first() {
                return Err(CompileError::new(
                    n.pos,
                    "syntax error: mixed named and unnamed parameters",
                ));
            }
        } else {
            for (name, ty) in entries {
                let ty = match (name, ty) {
                    (Some(n), None) => Expr {
                        kind: ExprKind::Ident(n.name),
                        pos: n.pos,
                    },
                    (_, Some(t)) => t,
                    (None, None) => unreachable!("an entry has a name or a type"),
                };
                fields.push(Field { names: vec![], ty });
            }
        }
        Ok(fields)
    }

    // ---- statements ---------------------------------------------------------------------

    fn block(&mut self) -> Result<Block> {
        let open = self.want("{")?;
        let stmts = self.stmt_list()?;
        if !self.is("}") {
            return self.unexpected("}");
        }
        let close = self.next().pos;
        Ok(Block { stmts, open, close })
    }

    fn stmt_list(&mut self) -> Result<Vec<Stmt>> {
        let mut stmts = Vec::new();
        while !self.is("}")
            && !self.is("case")
            && !self.is("default")
            && !self.is("else")
            && self.tok().kind != Kind::Eof
        {
            if self.is_semi() {
                self.next();
                continue;
            }
            let s = self.stmt()?;
            let labeled_end = matches!(s.kind, StmtKind::Labeled(..));
            stmts.push(s);
            if !labeled_end {
                self.end_statement("at end of statement")?;
            }
        }
        Ok(stmts)
    }

    fn stmt(&mut self) -> Result<Stmt> {
        self.enter()?;
        let pos = self.pos();
        let t = self.tok().clone();
        let kind = match (t.kind, t.text.as_str()) {
            (Kind::Keyword, "var" | "const" | "type") => StmtKind::Decl(self.gen_decl()?),
            (Kind::Keyword, "go") => {
                self.next();
                StmtKind::Go(self.call_operand("go")?)
            }
            (Kind::Keyword, "defer") => {
                self.next();
                StmtKind::Defer(self.call_operand("defer")?)
            }
            (Kind::Keyword, "return") => {
                self.next();
                let results = if self.is_semi() || self.is("}") {
                    Vec::new()
                } else {
                    self.expr_list()?
                };
                StmtKind::Return(results)
            }
            (Kind::Keyword, "break" | "continue" | "goto") => {
                self.next();
                let label = if self.tok().kind == Kind::Ident {
                    Some(self.ident()?)
                } else {
                    None
                };
                match t.text.as_str() {
                    "break" => StmtKind::Break(label),
                    "continue" => StmtKind::Continue(label),
                    _ => match label {
                        Some(l) => StmtKind::Goto(l),
                        None => return self.unexpected("name"),
                    },
                }
            }
            (Kind::Keyword, "fallthrough") => {
                self.next();
                StmtKind::Fallthrough
            }
            (Kind::Op, "{") => StmtKind::Block(self.block()?),
            (Kind::Keyword, "if") => self.if_stmt()?,
            (Kind::Keyword, "switch") => self.switch_stmt()?,
            (Kind::Keyword, "select") => self.select_stmt()?,
            (Kind::Keyword, "for") => self.for_stmt()?,
            (Kind::Semi, _) => StmtKind::Empty,
            (Kind::Ident, _) if self.peek_tok(1).is(":") && !self.peek_tok(1).is(":=") => {
                let label = self.ident()?;
                self.next(); // ':'
                if self.is("}") {
                    let inner = Stmt {
                        kind: StmtKind::Empty,
                        pos: self.pos(),
                    };
                    self.leave();
                    return Ok(Stmt {
                        kind: StmtKind::Labeled(label, Box::new(inner)),
                        pos,
                    });
                }
                let inner = self.stmt()?;
                self.end_statement("at end of statement")?;
                StmtKind::Labeled(label, Box::new(inner))
            }
            _ => self.simple_stmt(false)?.0.kind,
        };
        self.leave();
        Ok(Stmt { kind, pos })
    }

    /// A statement where a header wanted a condition, as gc words it.
    fn not_a_value(&self, s: &Stmt) -> CompileError {
        match &s.kind {
            StmtKind::IncDec(x, inc) => CompileError::new(
                self.incdec_at,
                format!(
                    "syntax error: cannot use {}{} as value",
                    source_of(x),
                    if *inc { "++" } else { "--" }
                ),
            ),
            StmtKind::Define(..) | StmtKind::Assign(..) => {
                CompileError::new(s.pos, "syntax error: cannot use assignment as value")
            }
            _ => CompileError::new(s.pos, "syntax error: missing condition in if statement"),
        }
    }

    /// The expression after `go` or `defer`: it must be a call.
    fn call_operand(&mut self, keyword: &str) -> Result<Expr> {
        let x = self.expr()?;
        let mut inner = &x;
        while let ExprKind::Paren(p) = &inner.kind {
            inner = p;
        }
        if !matches!(inner.kind, ExprKind::Call { .. }) {
            return Err(CompileError::new(
                x.pos,
                format!("expression in {keyword} must be function call"),
            ));
        }
        Ok(x)
    }

    /// A simple statement; with `range_ok`, also `k, v := range x` (then the flag is true).
    fn simple_stmt(&mut self, range_ok: bool) -> Result<(Stmt, bool)> {
        let pos = self.pos();
        if range_ok && self.is("range") {
            // `for range x`
            self.next();
            let x = self.expr()?;
            return Ok((
                Stmt {
                    kind: StmtKind::Range {
                        key: None,
                        value: None,
                        define: false,
                        x,
                        body: Block {
                            stmts: vec![],
                            open: pos,
                            close: pos,
                        },
                    },
                    pos,
                },
                true,
            ));
        }
        let lhs = self.expr_list()?;
        let t = self.tok().clone();
        let kind = match t.text.as_str() {
            ":=" | "=" if t.kind == Kind::Op => {
                self.next();
                if range_ok && self.is("range") {
                    self.next();
                    let x = self.expr()?;
                    if lhs.len() > 2 {
                        return Err(CompileError::new(
                            lhs[2].pos,
                            "range clause permits at most two iteration variables",
                        ));
                    }
                    let mut it = lhs.into_iter();
                    return Ok((
                        Stmt {
                            kind: StmtKind::Range {
                                key: it.next(),
                                value: it.next(),
                                define: t.text == ":=",
                                x,
                                body: Block {
                                    stmts: vec![],
                                    open: pos,
                                    close: pos,
                                },
                            },
                            pos,
                        },
                        true,
                    ));
                }
                let rhs = self.expr_list()?;
                if t.text == ":=" {
                    StmtKind::Define(lhs, rhs, t.pos)
                } else {
                    StmtKind::Assign(lhs, "=", rhs)
                }
            }
            "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>=" | "&^="
                if t.kind == Kind::Op =>
            {
                self.next();
                let op = static_op(&t.text);
                let rhs = vec![self.expr()?];
                if lhs.len() > 1 {
                    return Err(CompileError::new(
                        pos,
                        format!("syntax error: unexpected {op}, expected := or = or comma"),
                    ));
                }
                StmtKind::Assign(lhs, op, rhs)
            }
            "++" | "--" if t.kind == Kind::Op => {
                self.incdec_at = self.next().pos;
                if lhs.len() > 1 {
                    return Err(CompileError::new(
                        pos,
                        format!(
                            "syntax error: unexpected {}, expected := or = or comma",
                            t.text
                        ),
                    ));
                }
                StmtKind::IncDec(lhs.into_iter().next().expect("one"), t.text == "++")
            }
            "<-" if t.kind == Kind::Op => {
                self.next();
                if lhs.len() > 1 {
                    return Err(CompileError::new(
                        pos,
                        "syntax error: unexpected <-, expected := or = or comma",
                    ));
                }
                let value = self.expr()?;
                StmtKind::Send(lhs.into_iter().next().expect("one"), value)
            }
            _ => {
                if lhs.len() > 1 {
                    return self.unexpected(":= or = or comma");
                }
                StmtKind::Expr(lhs.into_iter().next().expect("one"))
            }
        };
        Ok((Stmt { kind, pos }, false))
    }

    /// A statement header's parts: `init; cond` (either may be missing).
    fn header(&mut self, keyword: &str) -> Result<(Option<Box<Stmt>>, Option<Stmt>)> {
        if self.is("{") {
            return Ok((None, None));
        }
        let outer = self.expr_lev;
        self.expr_lev = -1;
        let mut init = None;
        let mut cond = None;
        if !self.is_semi() {
            cond = Some(self.simple_stmt(false)?.0);
        }
        if self.is_semi() {
            self.next();
            init = cond.take().map(Box::new);
            if !self.is("{") {
                cond = Some(self.simple_stmt(false)?.0);
            } else if keyword == "if" {
                self.expr_lev = outer;
                return self.error("missing condition in if statement");
            }
        }
        self.expr_lev = outer;
        Ok((init, cond))
    }

    fn if_stmt(&mut self) -> Result<StmtKind> {
        let pos = self.want("if")?;
        if self.is("{") {
            return self.error("missing condition in if statement");
        }
        let (init, cond) = self.header("if")?;
        let cond = match cond {
            Some(Stmt {
                kind: StmtKind::Expr(e),
                ..
            }) => e,
            Some(s) => return Err(self.not_a_value(&s)),
            None => return Err(CompileError::new(pos, "missing condition in if statement")),
        };
        if !self.is("{") {
            return self.unexpected("{ after if clause");
        }
        let then = self.block()?;
        let els = if self.got("else") {
            if self.is("if") {
                let p = self.pos();
                Some(Box::new(Stmt {
                    kind: self.if_stmt()?,
                    pos: p,
                }))
            } else if self.is("{") {
                let p = self.pos();
                Some(Box::new(Stmt {
                    kind: StmtKind::Block(self.block()?),
                    pos: p,
                }))
            } else {
                return self.error("else must be followed by if or statement block");
            }
        } else {
            None
        };
        Ok(StmtKind::If {
            init,
            cond,
            then,
            els,
        })
    }

    fn switch_stmt(&mut self) -> Result<StmtKind> {
        self.want("switch")?;
        let (init, tag) = self.header("switch")?;
        let is_type_switch = tag.as_ref().is_some_and(|s| match &s.kind {
            StmtKind::Expr(e) => is_type_guard(e),
            StmtKind::Define(l, r, _) => l.len() == 1 && r.len() == 1 && is_type_guard(&r[0]),
            _ => false,
        });
        if !self.is("{") {
            return self.unexpected("{ after switch clause");
        }
        self.next();
        let mut cases = Vec::new();
        while self.is("case") || self.is("default") {
            let pos = self.pos();
            let default = self.next().is("default");
            let list = if default {
                Vec::new()
            } else if is_type_switch {
                let mut types = vec![self.ty()?];
                while self.got(",") {
                    types.push(self.ty()?);
                }
                types
            } else {
                self.expr_list()?
            };
            self.want(":")?;
            let body = self.stmt_list()?;
            cases.push(CaseClause {
                list,
                default,
                body,
                pos,
            });
        }
        if !self.is("}") {
            return self.unexpected("case or default or }");
        }
        self.next();
        Ok(if is_type_switch {
            StmtKind::TypeSwitch {
                init,
                guard: Box::new(tag.expect("a type switch has a guard")),
                cases,
            }
        } else {
            StmtKind::Switch {
                init,
                tag: tag.map(Box::new),
                cases,
            }
        })
    }

    fn select_stmt(&mut self) -> Result<StmtKind> {
        self.want("select")?;
        if !self.is("{") {
            return self.unexpected("{ after select clause");
        }
        self.next();
        let mut cases = Vec::new();
        while self.is("case") || self.is("default") {
            let pos = self.pos();
            let default = self.next().is("default");
            let comm = if default {
                None
            } else {
                Some(Box::new(self.simple_stmt(false)?.0))
            };
            self.want(":")?;
            let body = self.stmt_list()?;
            cases.push(CommClause { comm, body, pos });
        }
        if !self.is("}") {
            return self.unexpected("case or default or }");
        }
        self.next();
        Ok(StmtKind::Select(cases))
    }

    fn for_stmt(&mut self) -> Result<StmtKind> {
        self.want("for")?;
        let outer = self.expr_lev;
        self.expr_lev = -1;
        let mut init = None;
        let mut cond = None;
        let mut post = None;
        let mut range = None;
        if !self.is("{") {
            if !self.is_semi() {
                let (s, is_range) = self.simple_stmt(true)?;
                if is_range {
                    range = Some(s);
                } else {
                    cond = Some(s);
                }
            }
            if range.is_none() && self.is_semi() {
                // The three-clause form: `init; cond; post`.
                self.next();
                init = cond.take().map(Box::new);
                if !self.is_semi() {
                    cond = Some(self.simple_stmt(false)?.0);
                }
                if !self.is_semi() {
                    self.expr_lev = outer;
                    return self.unexpected("semicolon or newline");
                }
                self.next();
                if !self.is("{") {
                    post = Some(Box::new(self.simple_stmt(false)?.0));
                }
            }
        }
        self.expr_lev = outer;
        if !self.is("{") {
            return self.unexpected("{ after for clause");
        }
        let body = self.block()?;
        if let Some(Stmt {
            kind:
                StmtKind::Range {
                    key,
                    value,
                    define,
                    x,
                    ..
                },
            ..
        }) = range
        {
            return Ok(StmtKind::Range {
                key,
                value,
                define,
                x,
                body,
            });
        }
        let cond = match cond {
            None => None,
            Some(Stmt {
                kind: StmtKind::Expr(e),
                ..
            }) => Some(e),
            Some(s) => return Err(self.not_a_value(&s)),
        };
        Ok(StmtKind::For {
            init,
            cond,
            post,
            body,
        })
    }

    // ---- expressions --------------------------------------------------------------------

    fn expr_list(&mut self) -> Result<Vec<Expr>> {
        let mut list = vec![self.expr()?];
        while self.got(",") {
            list.push(self.expr()?);
        }
        Ok(list)
    }

    fn expr(&mut self) -> Result<Expr> {
        self.binary(1)
    }

    /// An expression with `{` allowed (inside brackets, a header's `{` cannot be the body's).
    fn expr_in(&mut self, lev: i32) -> Result<Expr> {
        let outer = self.expr_lev;
        self.expr_lev = lev;
        let e = self.expr();
        self.expr_lev = outer;
        e
    }

    fn binary(&mut self, min_prec: u8) -> Result<Expr> {
        self.enter()?;
        let mut x = self.unary()?;
        loop {
            let t = self.tok();
            let prec = if t.kind == Kind::Op {
                precedence(&t.text)
            } else {
                0
            };
            if prec < min_prec {
                break;
            }
            let op = static_op(&self.next().text);
            let y = self.binary(prec + 1)?;
            let pos = x.pos;
            x = Expr {
                kind: ExprKind::Binary(op, Box::new(x), Box::new(y)),
                pos,
            };
        }
        self.leave();
        Ok(x)
    }

    fn unary(&mut self) -> Result<Expr> {
        self.enter()?;
        let pos = self.pos();
        let t = self.tok().clone();
        let e = if t.kind == Kind::Op {
            match t.text.as_str() {
                "+" | "-" | "!" | "^" | "&" => {
                    self.next();
                    let x = self.unary()?;
                    Expr {
                        kind: ExprKind::Unary(static_op(&t.text), Box::new(x)),
                        pos,
                    }
                }
                "~" => return self.error("poolsim does not run generics yet"),
                "*" => {
                    self.next();
                    let x = self.unary()?;
                    Expr {
                        kind: ExprKind::Star(Box::new(x)),
                        pos,
                    }
                }
                "<-" => {
                    self.next();
                    if self.is("chan") {
                        // `<-chan T`: a type, and what may follow it.
                        self.next();
                        let elem = self.ty()?;
                        let ty = Expr {
                            kind: ExprKind::ChanType(ChanDir::Recv, Box::new(elem)),
                            pos,
                        };
                        self.primary_suffix(ty)?
                    } else {
                        let x = self.unary()?;
                        Expr {
                            kind: ExprKind::Unary("<-", Box::new(x)),
                            pos,
                        }
                    }
                }
                _ => self.primary()?,
            }
        } else {
            self.primary()?
        };
        self.leave();
        Ok(e)
    }

    fn operand(&mut self) -> Result<Expr> {
        let pos = self.pos();
        let t = self.tok().clone();
        let kind = match t.kind {
            Kind::Ident => {
                self.next();
                ExprKind::Ident(t.text)
            }
            Kind::Int | Kind::Float | Kind::Imag | Kind::Char | Kind::String => {
                self.next();
                let lit = match t.kind {
                    Kind::Int => LitKind::Int,
                    Kind::Float => LitKind::Float,
                    Kind::Imag => LitKind::Imag,
                    Kind::Char => LitKind::Char,
                    _ => LitKind::String,
                };
                ExprKind::Lit(lit, t.text)
            }
            Kind::Op if t.text == "(" => {
                self.next();
                let x = self.expr_in(1)?;
                self.want(")")?;
                ExprKind::Paren(Box::new(x))
            }
            Kind::Keyword if t.text == "func" => {
                self.next();
                let sig = self.signature(pos)?;
                if self.is("{") {
                    let outer = self.expr_lev;
                    self.expr_lev = 0;
                    let body = self.block();
                    self.expr_lev = outer;
                    ExprKind::FuncLit(sig, body?)
                } else {
                    ExprKind::FuncType(sig)
                }
            }
            _ => match self.try_type()? {
                Some(ty) => return Ok(ty),
                None => return self.unexpected("expression"),
            },
        };
        Ok(Expr { kind, pos })
    }

    fn primary(&mut self) -> Result<Expr> {
        let x = self.operand()?;
        self.primary_suffix(x)
    }

    fn primary_suffix(&mut self, mut x: Expr) -> Result<Expr> {
        loop {
            let pos = x.pos;
            if self.got(".") {
                if self.got("(") {
                    let ty = if self.got("type") {
                        None
                    } else {
                        Some(Box::new(self.ty()?))
                    };
                    self.want(")")?;
                    x = Expr {
                        kind: ExprKind::TypeAssert(Box::new(x), ty),
                        pos,
                    };
                } else {
                    let sel = self.ident()?;
                    x = Expr {
                        kind: ExprKind::Selector(Box::new(x), sel),
                        pos,
                    };
                }
            } else if self.is("[") {
                self.next();
                let outer = self.expr_lev;
                self.expr_lev += 1;
                let r = self.index_or_slice(x);
                self.expr_lev = outer;
                x = r?;
            } else if self.is("(") {
                let open = self.next().pos;
                let outer = self.expr_lev;
                self.expr_lev += 1;
                let mut args = Vec::new();
                let mut spread = false;
                while !self.is(")") {
                    // `make(chan int)`, `new(T)`: a type can be an argument.
                    args.push(match self.try_type_arg()? {
                        Some(t) => t,
                        None => self.expr()?,
                    });
                    if self.got("...") {
                        spread = true;
                    }
                    if !self.got(",") {
                        break;
                    }
                }
                self.expr_lev = outer;
                if !self.is(")") {
                    let t = self.tok().to_string();
                    return self.error(format!(
                        "syntax error: unexpected {t} in argument list; possibly missing comma or )"
                    ));
                }
                let close = self.next().pos;
                x = Expr {
                    kind: ExprKind::Call {
                        fun: Box::new(x),
                        args,
                        spread,
                        open,
                        close,
                    },
                    pos,
                };
            } else if self.is("{") && self.literal_type_ok(&x) {
                x = self.composite(Some(x))?;
            } else {
                return Ok(x);
            }
        }
    }

    /// In an argument list, a type that is not also an expression (`chan int`, `map[K]V`,
    /// `[]T`) is read as a type; anything else as an expression.
    fn try_type_arg(&mut self) -> Result<Option<Expr>> {
        if self.is("chan") || self.is("map") || self.is("interface") || self.is("struct") {
            let ty = self.ty()?;
            return Ok(Some(self.primary_suffix(ty)?));
        }
        Ok(None)
    }

    fn index_or_slice(&mut self, x: Expr) -> Result<Expr> {
        let pos = x.pos;
        let mut parts: [Option<Box<Expr>>; 3] = [None, None, None];
        let mut colons = 0;
        if !self.is(":") {
            parts[0] = Some(Box::new(self.expr()?));
        }
        while colons < 2 && self.got(":") {
            colons += 1;
            if !self.is(":") && !self.is("]") {
                parts[colons] = Some(Box::new(self.expr()?));
            }
        }
        if colons == 0 && self.is(",") {
            return self.error("poolsim does not run generics yet");
        }
        self.want("]")?;
        if colons == 0 {
            let index = *parts[0].take().expect("an index");
            return Ok(Expr {
                kind: ExprKind::Index(Box::new(x), vec![index]),
                pos,
            });
        }
        if colons == 2 && (parts[1].is_none() || parts[2].is_none()) {
            return Err(CompileError::new(
                pos,
                "middle and final index required in 3-index slice",
            ));
        }
        let [lo, hi, max] = parts;
        Ok(Expr {
            kind: ExprKind::Slice {
                x: Box::new(x),
                lo,
                hi,
                max,
            },
            pos,
        })
    }

    /// Whether `x {` opens a composite literal here: always for a literal type, and for a type
    /// name unless in a statement's header.
    fn literal_type_ok(&self, x: &Expr) -> bool {
        match &x.kind {
            ExprKind::Ident(_) | ExprKind::Selector(..) => self.expr_lev >= 0,
            ExprKind::ArrayType(..) | ExprKind::MapType(..) | ExprKind::StructType(_) => true,
            // `T[int]{…}` would be a generic instance; anything else is no literal's type.
            _ => false,
        }
    }

    fn composite(&mut self, ty: Option<Expr>) -> Result<Expr> {
        let pos = ty.as_ref().map_or(self.pos(), |t| t.pos);
        self.want("{")?;
        let outer = self.expr_lev;
        self.expr_lev = 1;
        let mut elems = Vec::new();
        while !self.is("}") {
            let e = self.element()?;
            let e = if self.got(":") {
                let v = self.element()?;
                let p = e.pos;
                Expr {
                    kind: ExprKind::KeyValue(Box::new(e), Box::new(v)),
                    pos: p,
                }
            } else {
                e
            };
            elems.push(e);
            if !self.got(",") {
                if !self.is("}") {
                    self.expr_lev = outer;
                    let t = self.tok().to_string();
                    return self.error(format!(
                        "syntax error: unexpected {t} in composite literal; possibly missing comma or }}"
                    ));
                }
                break;
            }
            while self.is_semi() && self.tok().text == "newline" {
                // A `,` then a newline: the newline inserted no `;` after `,`, so none here.
                self.next();
            }
        }
        self.expr_lev = outer;
        let close = self.want("}")?;
        Ok(Expr {
            kind: ExprKind::Composite {
                ty: ty.map(Box::new),
                elems,
                close,
            },
            pos,
        })
    }

    /// An element of a composite literal: an expression, or `{…}` with its type left out.
    fn element(&mut self) -> Result<Expr> {
        if self.is("{") {
            self.composite(None)
        } else {
            self.expr()
        }
    }
}

/// `...T` in a parameter list, kept as the array type `[...]T` (the checker reads it as `[]T`).
fn variadic_of(ty: Expr, pos: Pos) -> Expr {
    let dots = Expr {
        kind: ExprKind::Ellipsis,
        pos,
    };
    Expr {
        kind: ExprKind::ArrayType(Some(Box::new(dots)), Box::new(ty)),
        pos,
    }
}

fn is_type_guard(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::TypeAssert(_, None))
}

fn precedence(op: &str) -> u8 {
    match op {
        "||" => 1,
        "&&" => 2,
        "==" | "!=" | "<" | "<=" | ">" | ">=" => 3,
        "+" | "-" | "|" | "^" => 4,
        "*" | "/" | "%" | "<<" | ">>" | "&" | "&^" => 5,
        _ => 0,
    }
}

/// The operator's text as a `'static` (the AST keeps operators that way).
fn static_op(op: &str) -> &'static str {
    super::token::OPS
        .iter()
        .find(|o| **o == op)
        .copied()
        .unwrap_or("?")
}

/// A Go string literal's value: interpreted (`"…"`, escapes) or raw (`` `…` ``, no `\r`).
pub fn unquote(lit: &str) -> std::result::Result<String, String> {
    if let Some(raw) = lit.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        return Ok(raw.replace('\r', ""));
    }
    let body = lit
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or_else(|| "not a string literal".to_string())?;
    let mut out = Vec::new();
    unescape(body, '"', &mut out)?;
    String::from_utf8(out).map_err(|_| "invalid UTF-8 in string literal".to_string())
}

/// A rune literal's value.
pub fn unquote_char(lit: &str) -> std::result::Result<u32, String> {
    let body = lit
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .ok_or_else(|| "not a rune literal".to_string())?;
    if !body.starts_with('\\') {
        return body
            .chars()
            .next()
            .map(|c| c as u32)
            .ok_or_else(|| "empty rune literal".into());
    }
    let mut out = Vec::new();
    let value = unescape(body, '\'', &mut out)?;
    Ok(value.unwrap_or_else(|| out.first().copied().map_or(0, u32::from)))
}

/// Decodes escapes into UTF-8 bytes; returns the last escape's code point when it was one.
fn unescape(
    body: &str,
    quote: char,
    out: &mut Vec<u8>,
) -> std::result::Result<Option<u32>, String> {
    let mut chars = body.chars().peekable();
    let mut last = None;
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let e = chars.next().ok_or("invalid escape sequence")?;
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars>, n: usize, radix: u32| {
            let digits: String = (0..n).filter_map(|_| chars.next()).collect();
            u32::from_str_radix(&digits, radix).map_err(|_| "invalid escape sequence".to_string())
        };
        match e {
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'v' => out.push(11),
            '\\' => out.push(b'\\'),
            c if c == quote => out.push(quote as u8),
            '0'..='7' => {
                let rest = hex(&mut chars, 2, 8)?;
                let v = (e as u32 - '0' as u32) * 64 + rest;
                if v > 255 {
                    return Err("octal escape value > 255".into());
                }
                out.push(v as u8);
                last = Some(v);
            }
            'x' => {
                let v = hex(&mut chars, 2, 16)?;
                out.push(v as u8);
                last = Some(v);
            }
            'u' | 'U' => {
                let v = hex(&mut chars, if e == 'u' { 4 } else { 8 }, 16)?;
                let c = char::from_u32(v).ok_or("escape sequence is invalid Unicode code point")?;
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                last = Some(v);
            }
            _ => return Err("unknown escape sequence".into()),
        }
    }
    Ok(last)
}

/// An expression as gc quotes it in an error: names, selectors, literals (enough for `x++`).
fn source_of(x: &Expr) -> String {
    match &x.kind {
        ExprKind::Ident(n) => n.clone(),
        ExprKind::Lit(_, t) => t.clone(),
        ExprKind::Selector(x, sel) => format!("{}.{}", source_of(x), sel.name),
        ExprKind::Index(x, i) => format!(
            "{}[{}]",
            source_of(x),
            i.first().map_or(String::new(), source_of)
        ),
        ExprKind::Star(x) => format!("*{}", source_of(x)),
        ExprKind::Paren(x) => format!("({})", source_of(x)),
        _ => "expression".into(),
    }
}
