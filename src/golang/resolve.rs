//! The checker's first pass: every name to its declaration, with Go's scope rules (universe,
//! package, file, function, each block and each statement's implicit block), and the errors
//! gc gives for names — `undefined: x`, `declared and not used: x`, `"os" imported and not
//! used`, `x redeclared in this block`, `no new variables on left side of :=`, and labels. Types
//! come in the next pass; here a name is only a name.

use super::ast::*;
use super::token::Pos;
use super::CompileError;
use std::collections::HashMap;

/// Checks `file`'s names: every error, in no particular order.
pub fn check(file: &File) -> Vec<CompileError> {
    let mut r = Resolver::default();
    r.file(file);
    r.errors
}

/// Go's predeclared names.
const UNIVERSE: &[&str] = &[
    "bool",
    "byte",
    "complex64",
    "complex128",
    "error",
    "float32",
    "float64",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "rune",
    "string",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    "any",
    "comparable",
    "true",
    "false",
    "iota",
    "nil",
    "append",
    "cap",
    "clear",
    "close",
    "complex",
    "copy",
    "delete",
    "imag",
    "len",
    "make",
    "max",
    "min",
    "new",
    "panic",
    "print",
    "println",
    "real",
    "recover",
];

#[derive(Debug)]
struct Var {
    name: String,
    pos: Pos,
    used: bool,
    /// A local variable: unused, it is an error (parameters, constants and types are not).
    must_use: bool,
    /// An import: unused, it is an error of its own kind.
    import: Option<String>,
}

#[derive(Default)]
struct Resolver {
    vars: Vec<Var>,
    /// Innermost last: each scope maps a name to its declaration in `vars`.
    scopes: Vec<HashMap<String, usize>>,
    errors: Vec<CompileError>,
    /// The labels of the function being read: name → (place, used).
    labels: Vec<HashMap<String, (Pos, bool)>>,
}

impl Resolver {
    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.errors.push(CompileError::new(pos, message));
    }

    fn open(&mut self) {
        self.scopes.push(HashMap::new());
    }

    /// Leaves a scope: its local variables that nothing read are errors.
    fn close(&mut self) {
        let scope = self.scopes.pop().expect("a scope is open");
        for &id in scope.values() {
            let v = &self.vars[id];
            if v.used {
                continue;
            }
            if v.must_use {
                let e = CompileError::new(v.pos, format!("declared and not used: {}", v.name));
                self.errors.push(e);
            } else if let Some(path) = &v.import {
                let e = CompileError::new(v.pos, format!("{path:?} imported and not used"));
                self.errors.push(e);
            }
        }
    }

    fn declare(&mut self, name: &Ident, must_use: bool) {
        self.declare_as(name, must_use, None);
    }

    fn declare_as(&mut self, name: &Ident, must_use: bool, import: Option<String>) {
        if name.name == "_" {
            return;
        }
        let scope = self.scopes.last().expect("a scope is open");
        if scope.contains_key(&name.name) {
            self.error(name.pos, format!("{} redeclared in this block", name.name));
            return;
        }
        self.vars.push(Var {
            name: name.name.clone(),
            pos: name.pos,
            used: false,
            must_use,
            import,
        });
        let id = self.vars.len() - 1;
        self.scopes
            .last_mut()
            .expect("a scope is open")
            .insert(name.name.clone(), id);
    }

    fn lookup(&self, name: &str) -> Option<usize> {
        self.scopes.iter().rev().find_map(|s| s.get(name).copied())
    }

    /// A name read: it must be declared somewhere out from here.
    fn use_name(&mut self, name: &str, pos: Pos) {
        if name == "_" {
            return;
        }
        match self.lookup(name) {
            Some(id) => self.vars[id].used = true,
            None if UNIVERSE.contains(&name) => {}
            None => self.error(pos, format!("undefined: {name}")),
        }
    }

    // ---- declarations -------------------------------------------------------------------

    fn file(&mut self, file: &File) {
        // Package scope: every top-level name, in any order (methods are not in it).
        self.open();
        for decl in &file.decls {
            match decl {
                Decl::Func(f) if f.recv.is_none() && f.name.name != "init" => {
                    self.declare(&f.name, false)
                }
                Decl::Func(_) => {}
                Decl::Gen(g) => self.gen_names(g, false),
            }
        }
        // File scope: the imports.
        self.open();
        for import in &file.imports {
            let name = match &import.name {
                Some(n) if n.name == "_" || n.name == "." => continue,
                Some(n) => n.clone(),
                None => Ident {
                    name: package_name(&import.path).to_string(),
                    pos: import.pos,
                },
            };
            self.declare_as(&name, false, Some(import.path.clone()));
        }
        for decl in &file.decls {
            match decl {
                Decl::Func(f) => self.func_decl(f),
                Decl::Gen(g) => self.gen_values(g),
            }
        }
        self.close();
        self.scopes.pop();
    }

    /// Declares a `var`, `const` or `type` group's names.
    fn gen_names(&mut self, g: &GenDecl, local: bool) {
        match g {
            GenDecl::Var(specs) => {
                for spec in specs {
                    for n in &spec.names {
                        self.declare(n, local);
                    }
                }
            }
            GenDecl::Const(specs) => {
                for spec in specs {
                    for n in &spec.names {
                        self.declare(n, false);
                    }
                }
            }
            GenDecl::Type(specs) => {
                for spec in specs {
                    self.declare(&spec.name, false);
                }
            }
        }
    }

    /// Reads a group's types and values (package level: the names are already declared).
    fn gen_values(&mut self, g: &GenDecl) {
        match g {
            GenDecl::Var(specs) | GenDecl::Const(specs) => {
                let mut last: &[Expr] = &[];
                for spec in specs {
                    if let Some(t) = &spec.ty {
                        self.expr(t);
                    }
                    // A const spec without values repeats the previous spec's.
                    let values = if spec.values.is_empty() {
                        last
                    } else {
                        &spec.values
                    };
                    for v in values {
                        self.expr(v);
                    }
                    last = values;
                }
            }
            GenDecl::Type(specs) => {
                for spec in specs {
                    self.expr(&spec.ty);
                }
            }
        }
    }

    /// A declaration inside a function: values first, then the names (`var x = x` reads the
    /// outer `x`), except a type, which may refer to itself.
    fn local_decl(&mut self, g: &GenDecl) {
        match g {
            GenDecl::Type(_) => {
                self.gen_names(g, true);
                self.gen_values(g);
            }
            _ => {
                self.gen_values(g);
                self.gen_names(g, true);
            }
        }
    }

    fn func_decl(&mut self, f: &FuncDecl) {
        self.open();
        if let Some(recv) = &f.recv {
            self.expr(&recv.ty);
            for n in &recv.names {
                self.declare(n, false);
            }
        }
        self.signature(&f.ty);
        if let Some(body) = &f.body {
            self.function_body(body);
        }
        self.close();
    }

    fn signature(&mut self, ty: &FuncType) {
        for field in ty.params.iter().chain(&ty.results) {
            self.expr(&field.ty);
        }
        for field in ty.params.iter().chain(&ty.results) {
            for n in &field.names {
                self.declare(n, false);
            }
        }
    }

    /// A function's body: in the scope of its parameters, with labels of its own.
    fn function_body(&mut self, body: &Block) {
        self.labels.push(HashMap::new());
        self.collect_labels(&body.stmts);
        self.stmts(&body.stmts);
        let labels = self.labels.pop().expect("pushed above");
        for (name, (pos, used)) in labels {
            if !used {
                self.error(pos, format!("label {name} defined and not used"));
            }
        }
    }

    fn collect_labels(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            let mut s = s;
            while let StmtKind::Labeled(label, inner) = &s.kind {
                let labels = self.labels.last_mut().expect("in a function");
                if labels.contains_key(&label.name) {
                    let e = CompileError::new(
                        label.pos,
                        format!("label {} already defined", label.name),
                    );
                    self.errors.push(e);
                } else {
                    labels.insert(label.name.clone(), (label.pos, false));
                }
                s = inner;
            }
            for block in nested_blocks(s) {
                self.collect_labels(block);
            }
        }
    }

    fn use_label(&mut self, label: &Ident, what: &str) {
        let labels = self.labels.last_mut().expect("in a function");
        match labels.get_mut(&label.name) {
            Some((_, used)) => *used = true,
            None => {
                let message = if what == "goto" {
                    format!("label {} not defined", label.name)
                } else {
                    format!("{what} label not defined: {}", label.name)
                };
                self.error(label.pos, message);
            }
        }
    }

    // ---- statements ---------------------------------------------------------------------

    fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn block(&mut self, b: &Block) {
        self.open();
        self.stmts(&b.stmts);
        self.close();
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Empty | StmtKind::Fallthrough => {}
            StmtKind::Expr(e) | StmtKind::Go(e) | StmtKind::Defer(e) => self.expr(e),
            StmtKind::Send(ch, v) => {
                self.expr(ch);
                self.expr(v);
            }
            StmtKind::IncDec(x, _) => self.expr(x),
            StmtKind::Assign(lhs, op, rhs) => {
                for e in rhs {
                    self.expr(e);
                }
                for e in lhs {
                    if *op == "=" {
                        self.assigned(e);
                    } else {
                        self.expr(e);
                    }
                }
            }
            StmtKind::Define(lhs, rhs, at) => {
                for e in rhs {
                    self.expr(e);
                }
                self.define(lhs, *at);
            }
            StmtKind::Decl(g) => self.local_decl(g),
            StmtKind::Return(results) => {
                for e in results {
                    self.expr(e);
                }
            }
            StmtKind::Break(label) => {
                if let Some(l) = label {
                    self.use_label(l, "break");
                }
            }
            StmtKind::Continue(label) => {
                if let Some(l) = label {
                    self.use_label(l, "continue");
                }
            }
            StmtKind::Goto(l) => self.use_label(l, "goto"),
            StmtKind::Block(b) => self.block(b),
            StmtKind::Labeled(_, inner) => self.stmt(inner),
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => {
                self.open();
                if let Some(i) = init {
                    self.stmt(i);
                }
                self.expr(cond);
                self.block(then);
                if let Some(e) = els {
                    self.stmt(e);
                }
                self.close();
            }
            StmtKind::Switch { init, tag, cases } => {
                self.open();
                if let Some(i) = init {
                    self.stmt(i);
                }
                if let Some(t) = tag {
                    self.stmt(t);
                }
                for c in cases {
                    for e in &c.list {
                        self.expr(e);
                    }
                    self.open();
                    self.stmts(&c.body);
                    self.close();
                }
                self.close();
            }
            StmtKind::TypeSwitch { init, guard, cases } => self.type_switch(init, guard, cases),
            StmtKind::Select(cases) => {
                for c in cases {
                    self.open();
                    if let Some(comm) = &c.comm {
                        self.stmt(comm);
                    }
                    self.stmts(&c.body);
                    self.close();
                }
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
            } => {
                self.open();
                if let Some(i) = init {
                    self.stmt(i);
                }
                if let Some(c) = cond {
                    self.expr(c);
                }
                if let Some(p) = post {
                    self.stmt(p);
                }
                self.block(body);
                self.close();
            }
            StmtKind::Range {
                key,
                value,
                define,
                x,
                body,
            } => {
                self.expr(x);
                self.open();
                let vars: Vec<Expr> = key.iter().chain(value.iter()).cloned().collect();
                if *define {
                    for v in &vars {
                        if let ExprKind::Ident(name) = &v.kind {
                            let id = Ident {
                                name: name.clone(),
                                pos: v.pos,
                            };
                            self.declare(&id, true);
                        }
                    }
                } else {
                    for v in &vars {
                        self.assigned(v);
                    }
                }
                self.block(body);
                self.close();
            }
        }
    }

    /// `a, b := …`: new names are declared, the others assigned; at least one must be new.
    fn define(&mut self, lhs: &[Expr], at: Pos) {
        let mut new = 0;
        for e in lhs {
            let ExprKind::Ident(name) = &e.kind else {
                self.error(e.pos, "non-name on left side of :=");
                continue;
            };
            if name == "_" {
                continue;
            }
            let here = self.scopes.last().expect("in a block").contains_key(name);
            if here {
                // Assigned, not read.
                continue;
            }
            new += 1;
            let id = Ident {
                name: name.clone(),
                pos: e.pos,
            };
            self.declare(&id, true);
        }
        if new == 0 {
            self.error(at, "no new variables on left side of :=");
        }
    }

    /// The left of `=`: a bare name is written, not read; anything else is read in part.
    fn assigned(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Ident(name) => {
                if name != "_" && self.lookup(name).is_none() && !UNIVERSE.contains(&name.as_str())
                {
                    self.error(e.pos, format!("undefined: {name}"));
                }
            }
            ExprKind::Paren(inner) => self.assigned(inner),
            _ => self.expr(e),
        }
    }

    fn type_switch(&mut self, init: &Option<Box<Stmt>>, guard: &Stmt, cases: &[CaseClause]) {
        self.open();
        if let Some(i) = init {
            self.stmt(i);
        }
        // `v := x.(type)`: `v` is declared in each clause; unused in all of them, an error.
        let (bound, x) = match &guard.kind {
            StmtKind::Define(lhs, rhs, _) => (lhs.first(), rhs.first()),
            StmtKind::Expr(e) => (None, Some(e)),
            _ => (None, None),
        };
        if let Some(x) = x {
            self.expr(x);
        }
        let mut used = false;
        for c in cases {
            for t in &c.list {
                self.expr(t);
            }
            self.open();
            if let Some(Expr {
                kind: ExprKind::Ident(name),
                pos,
            }) = bound
            {
                let id = Ident {
                    name: name.clone(),
                    pos: *pos,
                };
                self.declare(&id, false);
            }
            self.stmts(&c.body);
            if let Some(Expr {
                kind: ExprKind::Ident(name),
                ..
            }) = bound
            {
                if let Some(&id) = self.scopes.last().and_then(|s| s.get(name)) {
                    used |= self.vars[id].used;
                }
            }
            self.close();
        }
        if let Some(Expr {
            kind: ExprKind::Ident(name),
            pos,
        }) = bound
        {
            if !used && name != "_" {
                self.error(*pos, format!("declared and not used: {name}"));
            }
        }
        self.close();
    }

    // ---- expressions --------------------------------------------------------------------

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Ident(name) => self.use_name(name, e.pos),
            ExprKind::Lit(..) | ExprKind::Ellipsis => {}
            ExprKind::Composite { ty, elems, .. } => {
                if let Some(t) = ty {
                    self.expr(t);
                }
                for el in elems {
                    match &el.kind {
                        ExprKind::KeyValue(k, v) => {
                            // A key may be a struct's field name (types come later): a name
                            // that is declared counts as read, one that is not is left alone.
                            if let ExprKind::Ident(name) = &k.kind {
                                if let Some(id) = self.lookup(name) {
                                    self.vars[id].used = true;
                                }
                            } else {
                                self.expr(k);
                            }
                            self.expr(v);
                        }
                        _ => self.expr(el),
                    }
                }
            }
            ExprKind::FuncLit(ty, body) => {
                self.open();
                self.signature(ty);
                self.function_body(body);
                self.close();
            }
            ExprKind::Paren(x) | ExprKind::Star(x) | ExprKind::Unary(_, x) => self.expr(x),
            ExprKind::Selector(x, _) => self.expr(x),
            ExprKind::Index(x, index) => {
                self.expr(x);
                for i in index {
                    self.expr(i);
                }
            }
            ExprKind::Slice { x, lo, hi, max } => {
                self.expr(x);
                for part in [lo, hi, max].into_iter().flatten() {
                    self.expr(part);
                }
            }
            ExprKind::TypeAssert(x, ty) => {
                self.expr(x);
                if let Some(t) = ty {
                    self.expr(t);
                }
            }
            ExprKind::Call { fun, args, .. } => {
                self.expr(fun);
                for a in args {
                    self.expr(a);
                }
            }
            ExprKind::Binary(_, x, y) | ExprKind::KeyValue(x, y) | ExprKind::MapType(x, y) => {
                self.expr(x);
                self.expr(y);
            }
            ExprKind::ArrayType(len, elem) => {
                if let Some(l) = len {
                    self.expr(l);
                }
                self.expr(elem);
            }
            ExprKind::ChanType(_, elem) => self.expr(elem),
            ExprKind::FuncType(ty) => {
                for field in ty.params.iter().chain(&ty.results) {
                    self.expr(&field.ty);
                }
            }
            ExprKind::StructType(fields) | ExprKind::InterfaceType(fields) => {
                for field in fields {
                    self.expr(&field.ty);
                }
            }
        }
    }
}

/// The blocks directly inside a statement (for finding a function's labels).
fn nested_blocks(s: &Stmt) -> Vec<&[Stmt]> {
    match &s.kind {
        StmtKind::Block(b) => vec![&b.stmts],
        StmtKind::If { then, els, .. } => {
            let mut out = vec![then.stmts.as_slice()];
            if let Some(e) = els {
                out.push(std::slice::from_ref(e.as_ref()));
            }
            out
        }
        StmtKind::For { body, .. } | StmtKind::Range { body, .. } => vec![&body.stmts],
        StmtKind::Switch { cases, .. } | StmtKind::TypeSwitch { cases, .. } => {
            cases.iter().map(|c| c.body.as_slice()).collect()
        }
        StmtKind::Select(cases) => cases.iter().map(|c| c.body.as_slice()).collect(),
        _ => Vec::new(),
    }
}

/// The name an import path brings in: its last element (`math/rand` → `rand`).
fn package_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
