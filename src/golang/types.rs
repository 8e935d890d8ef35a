//! The checker's type pass, first part: the types of Go's basic values, untyped constants and
//! the program's own functions and variables, and gc's errors where they meet wrongly —
//! `cannot use … as … value in …`, `invalid operation: … (mismatched types …)`, argument and
//! result counts, non-boolean conditions, operators on the wrong types, values not used.
//!
//! What this pass does not know yet (imported packages' members, methods, struct fields,
//! composite types' details) it types as `Unknown`, which meets everything without an error:
//! it may miss a mistake, never invent one.

use super::ast::*;
use super::token::Pos;
use super::CompileError;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

/// Every type error, in no particular order.
pub fn check(file: &File) -> Vec<CompileError> {
    check_info(file).0
}

/// Every type error, and what the pass learned of each expression (the compiler's input).
pub fn check_info(file: &File) -> (Vec<CompileError>, Info) {
    let mut c = Checker::default();
    c.imports(&file.imports);
    c.file(file, "");
    c.info.named = std::mem::take(&mut c.named);
    (c.errors, c.info)
}

/// What the type pass knows of a program: each expression's type and what it is (a value, a
/// constant, a type), keyed by the expression's address in the syntax tree (Go's
/// `types.Info.Types`), and the defined types' fields and methods by key.
#[derive(Default)]
pub struct Info {
    types: HashMap<usize, (Type, Mode)>,
    pub(crate) named: Vec<NamedInfo>,
}

impl Info {
    /// The type of `e`, as the pass found it (`Unknown` where it did not).
    pub(crate) fn type_of(&self, e: &Expr) -> Type {
        self.types
            .get(&(e as *const Expr as usize))
            .map_or(Type::Unknown, |(t, _)| t.clone())
    }

    /// Whether `e` is a constant, a type, a value…
    pub(crate) fn mode_of(&self, e: &Expr) -> Option<Mode> {
        self.types
            .get(&(e as *const Expr as usize))
            .map(|(_, m)| *m)
    }

    /// The fields and methods of the defined type with `key`.
    pub(crate) fn named(&self, key: usize) -> Option<&NamedInfo> {
        key.checked_sub(1).and_then(|k| self.named.get(k))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Type {
    /// Not known to this pass: compatible with everything.
    Unknown,
    Basic(&'static str),
    Untyped(Untyped),
    /// A defined type: its name, its place among the package's types (0: one declared in a
    /// function, which this pass does not look into), and its underlying type.
    Named(Rc<str>, usize, Box<Type>),
    Pointer(Box<Type>),
    Slice(Box<Type>),
    /// `[N]T`; `None` where the length is not a literal this pass reads (`[...]T`, a constant).
    Array(Option<u64>, Box<Type>),
    Map(Box<Type>, Box<Type>),
    Chan(ChanDir, Box<Type>),
    Func(Rc<Sig>),
    /// An interface's methods, by name (`any` has none).
    Interface(Rc<Vec<(String, Rc<Sig>)>>),
    /// A struct type written out (`struct{}`); a defined struct type's fields are its
    /// `NamedInfo`'s.
    Struct(Rc<Vec<(String, Type)>>),
    /// Several results of a call.
    Tuple(Vec<Type>),
}

/// The key of the universe's `error` type (no package declares it).
pub(crate) const ERROR_KEY: usize = usize::MAX;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Untyped {
    Bool,
    Int,
    Rune,
    Float,
    String,
    Nil,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Sig {
    pub(crate) params: Vec<Type>,
    pub(crate) results: Vec<Type>,
    pub(crate) variadic: bool,
    /// Written without parameter names: gc prints a signature with its names, which this pass
    /// does not keep, so only these print as gc does.
    unnamed: bool,
}

const INTEGERS: &[&str] = &[
    "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
    "uintptr",
];
const FLOATS: &[&str] = &["float32", "float64"];

impl Type {
    /// A predeclared type by name: the basic types, `any` and `error`.
    pub(crate) fn universe(name: &str) -> Option<Type> {
        match name {
            "any" => Some(Type::Interface(Rc::new(Vec::new()))),
            "error" => Some(Type::error()),
            n => Type::basic_of(n),
        }
    }

    /// `error`: `interface { Error() string }`, by its name.
    pub(crate) fn error() -> Type {
        let sig = Sig {
            params: Vec::new(),
            results: vec![Type::Basic("string")],
            variadic: false,
            unnamed: true,
        };
        Type::Named(
            Rc::from("error"),
            ERROR_KEY,
            Box::new(Type::Interface(Rc::new(vec![(
                "Error".into(),
                Rc::new(sig),
            )]))),
        )
    }

    fn basic_of(name: &str) -> Option<Type> {
        let canonical = match name {
            "byte" => "uint8",
            "rune" => "int32",
            n => n,
        };
        INTEGERS
            .iter()
            .chain(FLOATS)
            .chain(&["bool", "string"])
            .find(|b| **b == canonical)
            .map(|b| Type::Basic(b))
    }

    /// The type under any names.
    pub(crate) fn underlying(&self) -> &Type {
        match self {
            Type::Named(_, _, u) => u.underlying(),
            t => t,
        }
    }

    /// Not known at all (a named type whose underlying type this pass does not read is known by
    /// its name).
    pub(crate) fn is_unknown(&self) -> bool {
        matches!(self, Type::Unknown)
    }

    /// Whether gc would print this type as this pass does: no part unknown, no array of a
    /// length this pass did not read. An error that would name another is not given.
    fn printable(&self) -> bool {
        match self {
            Type::Unknown | Type::Array(None, _) => false,
            Type::Basic(_) | Type::Untyped(_) | Type::Named(..) => true,
            Type::Interface(methods) => methods.is_empty(),
            Type::Struct(fields) => fields.iter().all(|(_, t)| t.printable()),
            Type::Pointer(t) | Type::Slice(t) | Type::Array(_, t) | Type::Chan(_, t) => {
                t.printable()
            }
            Type::Map(k, v) => k.printable() && v.printable(),
            Type::Func(sig) => {
                sig.unnamed && sig.params.iter().chain(&sig.results).all(Type::printable)
            }
            Type::Tuple(ts) => ts.iter().all(Type::printable),
        }
    }

    /// Known by name at most: nothing to say of its values.
    fn is_opaque(&self) -> bool {
        matches!(self.underlying(), Type::Unknown)
    }

    pub(crate) fn is_integer(&self) -> bool {
        match self.underlying() {
            Type::Basic(b) => INTEGERS.contains(b),
            Type::Untyped(u) => matches!(u, Untyped::Int | Untyped::Rune),
            _ => false,
        }
    }

    fn is_numeric(&self) -> bool {
        match self.underlying() {
            Type::Basic(b) => INTEGERS.contains(b) || FLOATS.contains(b),
            Type::Untyped(u) => matches!(u, Untyped::Int | Untyped::Rune | Untyped::Float),
            _ => false,
        }
    }

    fn is_boolean(&self) -> bool {
        matches!(
            self.underlying(),
            Type::Basic("bool") | Type::Untyped(Untyped::Bool)
        )
    }

    /// The type an untyped constant takes when nothing else decides (`x := 1` is an `int`).
    pub(crate) fn defaulted(self) -> Type {
        match self {
            Type::Untyped(Untyped::Bool) => Type::Basic("bool"),
            Type::Untyped(Untyped::Int) => Type::Basic("int"),
            Type::Untyped(Untyped::Rune) => Type::Basic("int32"),
            Type::Untyped(Untyped::Float) => Type::Basic("float64"),
            Type::Untyped(Untyped::String) => Type::Basic("string"),
            Type::Untyped(Untyped::Nil) => Type::Unknown,
            t => t,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Unknown => write!(f, "invalid type"),
            Type::Basic(b) => write!(f, "{b}"),
            Type::Untyped(u) => write!(
                f,
                "untyped {}",
                match u {
                    Untyped::Bool => "bool",
                    Untyped::Int => "int",
                    Untyped::Rune => "rune",
                    Untyped::Float => "float",
                    Untyped::String => "string",
                    Untyped::Nil => "nil",
                }
            ),
            Type::Named(n, _, _) => write!(f, "{n}"),
            Type::Pointer(t) => write!(f, "*{t}"),
            Type::Slice(t) => write!(f, "[]{t}"),
            Type::Array(Some(n), t) => write!(f, "[{n}]{t}"),
            Type::Array(None, t) => write!(f, "[?]{t}"),
            Type::Map(k, v) => write!(f, "map[{k}]{v}"),
            Type::Chan(ChanDir::Both, t) => write!(f, "chan {t}"),
            Type::Chan(ChanDir::Send, t) => write!(f, "chan<- {t}"),
            Type::Chan(ChanDir::Recv, t) => write!(f, "<-chan {t}"),
            Type::Func(sig) => {
                let n = sig.params.len();
                let params: Vec<String> = sig
                    .params
                    .iter()
                    .enumerate()
                    .map(|(i, t)| match t {
                        Type::Slice(elem) if sig.variadic && i + 1 == n => format!("...{elem}"),
                        t => t.to_string(),
                    })
                    .collect();
                write!(f, "func({})", params.join(", "))?;
                match sig.results.as_slice() {
                    [] => Ok(()),
                    [one] => write!(f, " {one}"),
                    many => write!(f, " {}", Type::Tuple(many.to_vec())),
                }
            }
            Type::Tuple(ts) => {
                let parts: Vec<String> = ts.iter().map(|t| t.to_string()).collect();
                write!(f, "({})", parts.join(", "))
            }
            Type::Struct(fields) if fields.is_empty() => write!(f, "struct{{}}"),
            Type::Struct(fields) => {
                let parts: Vec<String> = fields.iter().map(|(n, t)| format!("{n} {t}")).collect();
                write!(f, "struct{{{}}}", parts.join("; "))
            }
            Type::Interface(methods) if methods.is_empty() => write!(f, "any"),
            Type::Interface(methods) => {
                let names: Vec<&str> = methods.iter().map(|(m, _)| m.as_str()).collect();
                write!(f, "interface {{ {} }}", names.join("; "))
            }
        }
    }
}

/// An expression's type, and what gc calls it in an error: a variable, a constant, a value.
#[derive(Debug, Clone)]
struct Operand {
    ty: Type,
    mode: Mode,
    /// A constant's value, where this pass knows it (for "truncated").
    value: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Mode {
    Variable,
    Constant,
    Value,
    /// A type used as an expression (a conversion's function).
    TypeExpr,
    NoValue,
}

impl Operand {
    fn unknown() -> Self {
        Operand {
            ty: Type::Unknown,
            mode: Mode::Value,
            value: None,
        }
    }

    fn value(ty: Type) -> Self {
        Operand {
            ty,
            mode: Mode::Value,
            value: None,
        }
    }

    /// `n (variable of type int)`, `"a" (untyped string constant)`, `n + 1 (value of type int)`.
    fn describe(&self, e: &Expr) -> String {
        let src = expr_string(e);
        match (self.mode, &self.ty) {
            (Mode::Constant, Type::Untyped(_)) => format!("{src} ({} constant)", self.ty),
            (Mode::Constant, t) => format!("{src} (constant of type {t})"),
            (Mode::Variable, t) => format!("{src} (variable of type {t})"),
            (_, t) => format!("{src} (value of type {t})"),
        }
    }
}

/// What the package says of one of its defined types: its fields (a struct's) and methods.
#[derive(Debug, Default)]
pub(crate) struct NamedInfo {
    pub(crate) fields: Vec<(String, Type)>,
    /// Which of `fields` are embedded (their fields and methods are promoted).
    pub(crate) embedded: Vec<usize>,
    pub(crate) methods: Vec<(String, Rc<Sig>)>,
    /// Whether a selector on it can be judged here: a struct without embedded fields, or a
    /// type that is neither an interface nor one this pass cannot read.
    closed: bool,
}

impl NamedInfo {
    fn of(spec: &TypeSpec) -> Self {
        let closed = match &spec.ty.kind {
            ExprKind::StructType(fields) => fields.iter().all(|f| !f.names.is_empty()),
            ExprKind::ArrayType(..) | ExprKind::MapType(..) | ExprKind::ChanType(..) => true,
            ExprKind::FuncType(_) => true,
            ExprKind::Ident(n) => Type::basic_of(n).is_some(),
            _ => false,
        };
        NamedInfo {
            closed,
            ..NamedInfo::default()
        }
    }
}

#[derive(Default)]
struct Checker {
    /// The package's defined types, by their key less one.
    named: Vec<NamedInfo>,
    scopes: Vec<HashMap<String, Operand>>,
    errors: Vec<CompileError>,
    /// The results of the function being checked.
    results: Vec<Vec<Type>>,
    /// Whether those results are named (a bare `return` returns them).
    named_results: Vec<bool>,
    /// The packages the file being checked imports, by the name it knows them by.
    packages: HashMap<String, Rc<HashMap<String, Operand>>>,
    /// Every package read so far, by path.
    loaded: HashMap<String, Rc<HashMap<String, Operand>>>,
    info: Info,
    /// `iota`'s value in the constant spec being read.
    iota: Option<f64>,
}

impl Checker {
    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.errors.push(CompileError::new(pos, message));
    }

    fn open(&mut self) {
        self.scopes.push(HashMap::new());
    }

    fn close(&mut self) {
        self.scopes.pop();
    }

    fn bind(&mut self, name: &str, op: Operand) {
        if name != "_" {
            if let Some(scope) = self.scopes.last_mut() {
                scope.insert(name.to_string(), op);
            }
        }
    }

    fn lookup(&self, name: &str) -> Option<&Operand> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    /// A package-level defined type's key, by name.
    fn key_of(&self, name: &str) -> Option<usize> {
        match self.scopes.first()?.get(name) {
            Some(Operand {
                ty: Type::Named(_, key, _),
                mode: Mode::TypeExpr,
                ..
            }) if *key > 0 => Some(*key),
            _ => None,
        }
    }

    /// `x.f` on a value of one of the package's types: a field, a method, or gc's error.
    fn selector(&mut self, e: &Expr, x: &Expr, sel: &Ident) -> Operand {
        if let ExprKind::Ident(pkg) = &x.kind {
            if self.lookup(pkg).is_none() {
                if let Some(scope) = self.packages.get(pkg) {
                    // A member poolsim does not declare is unknown here; the compiler says so.
                    return scope
                        .get(&sel.name)
                        .cloned()
                        .unwrap_or_else(Operand::unknown);
                }
            }
        }
        let op = self.expr(x);
        if op.mode == Mode::TypeExpr {
            return Operand::unknown(); // a method expression: later
        }
        let (base, pointer) = match &op.ty {
            Type::Pointer(t) => ((**t).clone(), true),
            t => (t.clone(), false),
        };
        if let Type::Interface(methods) = base.underlying() {
            if let Some((_, sig)) = methods.iter().find(|(m, _)| *m == sel.name) {
                return Operand::value(Type::Func(sig.clone()));
            }
            return Operand::unknown();
        }
        let Type::Named(name, key, _) = &base else {
            return Operand::unknown();
        };
        let Some(info) = key.checked_sub(1).and_then(|k| self.named.get(k)) else {
            return Operand::unknown();
        };
        if let Some((_, ty)) = info.fields.iter().find(|(f, _)| *f == sel.name) {
            return Operand {
                ty: ty.clone(),
                mode: Mode::Variable,
                value: None,
            };
        }
        if let Some((_, sig)) = info.methods.iter().find(|(m, _)| *m == sel.name) {
            return Operand::value(Type::Func(sig.clone()));
        }
        if let Some(op) = self.promoted(*key, &sel.name, 0) {
            return op;
        }
        if !info.closed {
            return Operand::unknown();
        }
        let same = |other: &str| other.eq_ignore_ascii_case(&sel.name);
        let hint = if let Some((f, _)) = info.fields.iter().find(|(f, _)| same(f)) {
            format!(", but does have field {f}")
        } else if let Some((m, _)) = info.methods.iter().find(|(m, _)| same(m)) {
            format!(", but does have method {m}")
        } else {
            String::new()
        };
        let shown = if pointer {
            format!("*{name}")
        } else {
            name.to_string()
        };
        let message = format!(
            "{} undefined (type {shown} has no field or method {}{hint})",
            expr_string(e),
            sel.name
        );
        self.error(sel.pos, message);
        Operand::unknown()
    }

    /// A field or method promoted from an embedded field of the type with `key`, the
    /// shallowest first (Go's rule; an ambiguity at one depth is not reported here).
    fn promoted(&self, key: usize, name: &str, depth: usize) -> Option<Operand> {
        let info = key.checked_sub(1).and_then(|k| self.named.get(k))?;
        if depth > 0 {
            if let Some((_, ty)) = info.fields.iter().find(|(f, _)| f == name) {
                return Some(Operand {
                    ty: ty.clone(),
                    mode: Mode::Variable,
                    value: None,
                });
            }
            if let Some((_, sig)) = info.methods.iter().find(|(m, _)| m == name) {
                return Some(Operand::value(Type::Func(sig.clone())));
            }
        }
        if depth > 4 {
            return None;
        }
        info.embedded.iter().find_map(|&i| {
            let ty = &info.fields[i].1;
            let inner = match ty {
                Type::Pointer(t) => &**t,
                t => t,
            };
            match inner {
                Type::Named(_, k, _) => self.promoted(*k, name, depth + 1),
                _ => None,
            }
        })
    }

    // ---- types written in the source --------------------------------------------------

    fn type_of(&mut self, e: &Expr) -> Type {
        let ty = self.type_of_inner(e);
        self.info
            .types
            .insert(e as *const Expr as usize, (ty.clone(), Mode::TypeExpr));
        ty
    }

    fn type_of_inner(&mut self, e: &Expr) -> Type {
        match &e.kind {
            ExprKind::Ident(name) => match self.lookup(name) {
                Some(op) if op.mode == Mode::TypeExpr => op.ty.clone(),
                Some(_) => Type::Unknown,
                None => Type::universe(name).unwrap_or(Type::Unknown),
            },
            ExprKind::Selector(pkg, name) => match &pkg.kind {
                ExprKind::Ident(p) if self.lookup(p).is_none() => {
                    match self.packages.get(p).and_then(|s| s.get(&name.name)) {
                        Some(op) if op.mode == Mode::TypeExpr => op.ty.clone(),
                        _ => Type::Unknown,
                    }
                }
                _ => Type::Unknown,
            },
            ExprKind::StructType(fields) => {
                let mut typed = Vec::new();
                for f in fields {
                    if f.names.is_empty() {
                        return Type::Unknown; // an embedded field: later
                    }
                    let t = self.type_of(&f.ty);
                    for n in &f.names {
                        typed.push((n.name.clone(), t.clone()));
                    }
                }
                Type::Struct(Rc::new(typed))
            }
            ExprKind::InterfaceType(fields) => {
                let mut methods = Vec::new();
                for f in fields {
                    if let (Some(name), ExprKind::FuncType(ft)) = (f.names.first(), &f.ty.kind) {
                        methods.push((name.name.clone(), Rc::new(self.signature(ft))));
                    } else {
                        return Type::Unknown; // an embedded interface: later
                    }
                }
                Type::Interface(Rc::new(methods))
            }
            ExprKind::Paren(x) => self.type_of(x),
            ExprKind::Star(x) => Type::Pointer(Box::new(self.type_of(x))),
            ExprKind::ArrayType(None, elem) => Type::Slice(Box::new(self.type_of(elem))),
            ExprKind::ArrayType(Some(len), elem) => {
                let n = match &len.kind {
                    ExprKind::Lit(LitKind::Int, text) => parse_number(text).map(|v| v as u64),
                    ExprKind::Ellipsis => None,
                    // A constant expression (`[N]int`, `[2 * N]byte`), where this pass knows
                    // its value.
                    _ => match self.expr(len) {
                        Operand {
                            mode: Mode::Constant,
                            value: Some(v),
                            ..
                        } if v >= 0.0 && v.fract() == 0.0 => Some(v as u64),
                        _ => None,
                    },
                };
                Type::Array(n, Box::new(self.type_of(elem)))
            }
            ExprKind::MapType(k, v) => {
                Type::Map(Box::new(self.type_of(k)), Box::new(self.type_of(v)))
            }
            ExprKind::ChanType(dir, elem) => Type::Chan(*dir, Box::new(self.type_of(elem))),
            ExprKind::FuncType(ft) => Type::Func(Rc::new(self.signature(ft))),
            _ => Type::Unknown,
        }
    }

    fn signature(&mut self, ft: &FuncType) -> Sig {
        let mut params = Vec::new();
        let mut variadic = false;
        for field in &ft.params {
            let ty = match &field.ty.kind {
                ExprKind::ArrayType(Some(len), elem) if matches!(len.kind, ExprKind::Ellipsis) => {
                    variadic = true;
                    Type::Slice(Box::new(self.type_of(elem)))
                }
                _ => self.type_of(&field.ty),
            };
            for _ in 0..field.names.len().max(1) {
                params.push(ty.clone());
            }
        }
        let mut results = Vec::new();
        for field in &ft.results {
            let ty = self.type_of(&field.ty);
            for _ in 0..field.names.len().max(1) {
                results.push(ty.clone());
            }
        }
        Sig {
            params,
            results,
            variadic,
            unnamed: ft
                .params
                .iter()
                .chain(&ft.results)
                .all(|f| f.names.is_empty()),
        }
    }

    // ---- declarations -----------------------------------------------------------------

    /// Reads the declarations of each package `imports` names (and of the packages those
    /// import), and knows each by its name in the file.
    fn imports(&mut self, imports: &[Import]) {
        for import in imports {
            let Some(scope) = self.load(&import.path) else {
                continue;
            };
            let name = match &import.name {
                Some(n) => n.name.clone(),
                None => super::packages::default_name(&import.path).to_string(),
            };
            self.packages.insert(name, scope);
        }
    }

    fn load(&mut self, path: &str) -> Option<Rc<HashMap<String, Operand>>> {
        if let Some(scope) = self.loaded.get(path) {
            return Some(scope.clone());
        }
        let src = super::packages::source(path)?;
        let Ok(stub) = super::parser::parse(src) else {
            return None; // our own declarations: tests/golang.rs reads each of them
        };
        let outer = std::mem::take(&mut self.packages);
        let scopes = std::mem::take(&mut self.scopes);
        self.imports(&stub.imports);
        let qualifier = format!("{}.", stub.package.name);
        let scope = Rc::new(self.file(&stub, &qualifier));
        self.packages = outer;
        self.scopes = scopes;
        self.loaded.insert(path.to_string(), scope.clone());
        Some(scope)
    }

    /// Checks a file's declarations; its package scope. A defined type's name is prefixed by
    /// `qualifier` (`time.` for the package `time`, nothing for the program's own).
    fn file(&mut self, file: &File, qualifier: &str) -> HashMap<String, Operand> {
        self.open();
        // Types first (by name, their underlying type where this pass reads it), then the
        // functions' signatures, then package variables as far as their types are written.
        for decl in &file.decls {
            if let Decl::Gen(GenDecl::Type(specs)) = decl {
                for spec in specs {
                    self.bind(
                        &spec.name.name,
                        Operand {
                            ty: Type::Unknown,
                            mode: Mode::TypeExpr,
                            value: None,
                        },
                    );
                }
            }
        }
        // Twice: a type's underlying type may name a type declared after it.
        let first_key = self.named.len();
        for _ in 0..2 {
            self.named.truncate(first_key);
            // The constants first, as far as they can be read yet: an array type's length may
            // name one (`type Row [N]int`). Read again below, where their errors are said.
            let errors = self.errors.len();
            for decl in &file.decls {
                if let Decl::Gen(GenDecl::Const(specs)) = decl {
                    self.const_specs(specs);
                }
            }
            self.errors.truncate(errors);
            for decl in &file.decls {
                if let Decl::Gen(GenDecl::Type(specs)) = decl {
                    for spec in specs {
                        // A defined struct type's fields are its `NamedInfo`'s (read below).
                        let under = match &spec.ty.kind {
                            ExprKind::StructType(_) if !spec.alias => Type::Unknown,
                            _ => self.type_of(&spec.ty),
                        };
                        let ty = if spec.alias {
                            under
                        } else {
                            self.named.push(NamedInfo::of(spec));
                            let key = self.named.len();
                            let name = format!("{qualifier}{}", spec.name.name);
                            Type::Named(Rc::from(name.as_str()), key, Box::new(under))
                        };
                        self.bind(
                            &spec.name.name,
                            Operand {
                                ty,
                                mode: Mode::TypeExpr,
                                value: None,
                            },
                        );
                    }
                }
            }
        }
        // Fields, then methods, now that every type has its key.
        for decl in &file.decls {
            if let Decl::Gen(GenDecl::Type(specs)) = decl {
                for spec in specs.iter().filter(|s| !s.alias) {
                    if let ExprKind::StructType(fields) = &spec.ty.kind {
                        let key = self.key_of(&spec.name.name);
                        let mut typed = Vec::new();
                        let mut embedded = Vec::new();
                        for field in fields {
                            let ty = self.type_of(&field.ty);
                            for n in &field.names {
                                typed.push((n.name.clone(), ty.clone()));
                            }
                            if field.names.is_empty() {
                                // An embedded field is named by its type: `sync.Mutex` is `Mutex`.
                                let mut t = &field.ty;
                                while let ExprKind::Star(inner) = &t.kind {
                                    t = inner;
                                }
                                let name = match &t.kind {
                                    ExprKind::Ident(n) => n.clone(),
                                    ExprKind::Selector(_, sel) => sel.name.clone(),
                                    _ => continue,
                                };
                                embedded.push(typed.len());
                                typed.push((name, ty));
                            }
                        }
                        if let Some(info) = key.and_then(|k| self.named.get_mut(k - 1)) {
                            info.fields = typed;
                            info.embedded = embedded;
                        }
                    }
                }
            }
        }
        for decl in &file.decls {
            if let Decl::Func(f) = decl {
                if let Some(recv) = &f.recv {
                    let mut base = &recv.ty;
                    while let ExprKind::Star(inner) | ExprKind::Paren(inner) = &base.kind {
                        base = inner;
                    }
                    if let ExprKind::Ident(name) = &base.kind {
                        let sig = Rc::new(self.signature(&f.ty));
                        if let Some(k) = self.key_of(name) {
                            self.named[k - 1].methods.push((f.name.name.clone(), sig));
                        }
                    }
                }
            }
        }
        for decl in &file.decls {
            match decl {
                Decl::Func(f) if f.recv.is_none() => {
                    let sig = self.signature(&f.ty);
                    self.bind(&f.name.name, Operand::value(Type::Func(Rc::new(sig))));
                }
                Decl::Gen(GenDecl::Const(specs)) => self.const_specs(specs),
                Decl::Gen(GenDecl::Var(specs)) => {
                    for spec in specs {
                        let ty = spec.ty.as_ref().map_or(Type::Unknown, |t| self.type_of(t));
                        for n in &spec.names {
                            self.bind(
                                &n.name,
                                Operand {
                                    ty: ty.clone(),
                                    mode: Mode::Variable,
                                    value: None,
                                },
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        for decl in &file.decls {
            match decl {
                Decl::Func(f) => {
                    if let Some(body) = &f.body {
                        self.open();
                        if let Some(recv) = &f.recv {
                            let ty = self.type_of(&recv.ty);
                            self.bind_fields(std::slice::from_ref(recv), ty);
                        }
                        self.function(&f.ty, body);
                        self.close();
                    }
                }
                Decl::Gen(GenDecl::Var(specs)) => {
                    for spec in specs {
                        self.var_spec(spec, false);
                    }
                }
                Decl::Gen(_) => {}
            }
        }
        self.scopes.pop().unwrap_or_default()
    }

    /// A `const` group: each name a constant of the declared type, or of its value's; a spec
    /// without values repeats the one before it (with its own `iota`).
    fn const_specs(&mut self, specs: &[ValueSpec]) {
        let mut last: Option<&ValueSpec> = None;
        for (iota, spec) in specs.iter().enumerate() {
            let source = if spec.values.is_empty() {
                last.unwrap_or(spec)
            } else {
                spec
            };
            last = Some(source);
            let declared = source.ty.as_ref().map(|t| self.type_of(t));
            self.iota = Some(iota as f64);
            let values: Vec<Operand> = source.values.iter().map(|v| self.expr(v)).collect();
            self.iota = None;
            for (i, n) in spec.names.iter().enumerate() {
                let mut op = values.get(i).cloned().unwrap_or_else(Operand::unknown);
                if let Some(t) = &declared {
                    op.ty = t.clone();
                }
                op.mode = Mode::Constant;
                self.bind(&n.name, op);
            }
        }
    }

    fn bind_fields(&mut self, fields: &[Field], ty: Type) {
        for field in fields {
            for n in &field.names {
                self.bind(
                    &n.name,
                    Operand {
                        ty: ty.clone(),
                        mode: Mode::Variable,
                        value: None,
                    },
                );
            }
        }
    }

    /// Binds a parameter or result list's names to their types, in order (an unnamed entry
    /// takes its place too).
    fn bind_list(&mut self, fields: &[Field], types: &[Type]) {
        let mut at = 0;
        for field in fields {
            for n in &field.names {
                let ty = types.get(at).cloned().unwrap_or(Type::Unknown);
                self.bind(
                    &n.name,
                    Operand {
                        ty,
                        mode: Mode::Variable,
                        value: None,
                    },
                );
                at += 1;
            }
            at += usize::from(field.names.is_empty());
        }
    }

    /// A function's body with its parameters and named results bound.
    fn function(&mut self, ft: &FuncType, body: &Block) {
        let sig = self.signature(ft);
        self.bind_list(&ft.params, &sig.params);
        self.bind_list(&ft.results, &sig.results);
        self.results.push(sig.results);
        self.named_results
            .push(ft.results.iter().any(|f| !f.names.is_empty()));
        self.stmts(&body.stmts);
        self.results.pop();
        self.named_results.pop();
    }

    /// `var a, b T = x, y` (or without a type, or without values).
    fn var_spec(&mut self, spec: &ValueSpec, local: bool) {
        let declared = spec.ty.as_ref().map(|t| self.type_of(t));
        let values: Vec<(Operand, &Expr)> = spec.values.iter().map(|v| (self.expr(v), v)).collect();
        let values = self.spread(values, spec.names.len());
        for (i, n) in spec.names.iter().enumerate() {
            let ty = match (&declared, values.get(i)) {
                (Some(t), Some((op, e))) => {
                    self.assignable(op, e, t, "variable declaration");
                    t.clone()
                }
                (Some(t), None) => t.clone(),
                (None, Some((op, _))) => op.ty.clone().defaulted(),
                (None, None) => Type::Unknown,
            };
            // A package variable declared without a type gets its value's now.
            if local || declared.is_none() {
                self.bind(
                    &n.name,
                    Operand {
                        ty,
                        mode: Mode::Variable,
                        value: None,
                    },
                );
            }
        }
    }

    /// The values of `a, b := f()`: one call's results, one operand each.
    fn spread<'e>(
        &mut self,
        values: Vec<(Operand, &'e Expr)>,
        want: usize,
    ) -> Vec<(Operand, &'e Expr)> {
        if values.len() == 1 && want == 2 {
            // The comma-ok forms: `v, ok := <-ch`, `m[k]`, `x.(T)`.
            let e = values[0].1;
            let comma_ok = match &strip_parens(e).kind {
                ExprKind::Unary("<-", _) | ExprKind::TypeAssert(..) => true,
                ExprKind::Index(x, _) => matches!(
                    self.info.types.get(&(&**x as *const Expr as usize)),
                    Some((t, _)) if matches!(t.underlying(), Type::Map(..))
                ),
                _ => false,
            };
            if comma_ok {
                let ok = Operand::value(Type::Untyped(Untyped::Bool));
                return vec![values[0].clone(), (ok, e)];
            }
        }
        if values.len() == 1 {
            if let Type::Tuple(ts) = &values[0].0.ty {
                let e = values[0].1;
                if ts.len() != want {
                    let name = match &e.kind {
                        ExprKind::Call { fun, .. } => expr_string(fun),
                        _ => expr_string(e),
                    };
                    self.error(
                        e.pos,
                        format!(
                            "assignment mismatch: {want} variable{} but {name} returns {} value{}",
                            if want == 1 { "" } else { "s" },
                            ts.len(),
                            if ts.len() == 1 { "" } else { "s" }
                        ),
                    );
                    return Vec::new();
                }
                return ts.iter().map(|t| (Operand::value(t.clone()), e)).collect();
            }
        }
        values
    }

    /// Whether `op` (the value of `e`) may be assigned to a `target`; gc's error if not.
    fn assignable(&mut self, op: &Operand, e: &Expr, target: &Type, context: &str) -> bool {
        if !op.ty.printable() || !target.printable() {
            return true;
        }
        match assign_problem(op, target) {
            None => true,
            Some(note) => {
                let message = format!(
                    "cannot use {} as {target} value in {context}{note}",
                    op.describe(e)
                );
                self.error(e.pos, message);
                false
            }
        }
    }

    // ---- statements -------------------------------------------------------------------

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
            StmtKind::Expr(e) => {
                let op = self.expr(e);
                let is_call = matches!(strip_parens(e).kind, ExprKind::Call { .. })
                    || matches!(&strip_parens(e).kind, ExprKind::Unary("<-", _));
                if !is_call && op.mode != Mode::NoValue && !op.ty.is_opaque() && op.ty.printable() {
                    let message = format!("{} is not used", op.describe(e));
                    self.error(e.pos, message);
                }
            }
            StmtKind::Go(e) | StmtKind::Defer(e) => {
                self.expr(e);
            }
            StmtKind::Send(ch, v) => {
                self.expr(ch);
                self.expr(v);
            }
            StmtKind::IncDec(x, _) => {
                self.expr(x);
            }
            StmtKind::Assign(lhs, op, rhs) => {
                let targets: Vec<Operand> = lhs.iter().map(|l| self.expr(l)).collect();
                let values: Vec<(Operand, &Expr)> = rhs.iter().map(|r| (self.expr(r), r)).collect();
                if *op == "=" {
                    let values = self.spread(values, lhs.len());
                    for (t, (v, e)) in targets.iter().zip(values.iter()) {
                        self.assignable(v, e, &t.ty, "assignment");
                    }
                } else if let (Some(t), Some((v, e))) = (targets.first(), values.first()) {
                    let bin = &op[..op.len() - 1];
                    self.binary_types(bin, &lhs[0], t, e, v);
                }
            }
            StmtKind::Define(lhs, rhs, _) => {
                let values: Vec<(Operand, &Expr)> = rhs.iter().map(|r| (self.expr(r), r)).collect();
                let values = self.spread(values, lhs.len());
                for (i, l) in lhs.iter().enumerate() {
                    if let ExprKind::Ident(name) = &l.kind {
                        let known = self
                            .scopes
                            .last()
                            .and_then(|s| s.get(name))
                            .map(|op| op.ty.clone());
                        let ty = values
                            .get(i)
                            .map_or(Type::Unknown, |(op, _)| op.ty.clone().defaulted());
                        match known {
                            // Declared already in this block: assigned, keeps its type.
                            Some(t) => {
                                if let Some((v, e)) = values.get(i) {
                                    self.assignable(v, e, &t, "assignment");
                                }
                            }
                            None => self.bind(
                                name,
                                Operand {
                                    ty,
                                    mode: Mode::Variable,
                                    value: None,
                                },
                            ),
                        }
                    }
                }
            }
            StmtKind::Decl(GenDecl::Var(specs)) => {
                for spec in specs {
                    self.var_spec(spec, true);
                }
            }
            StmtKind::Decl(GenDecl::Const(specs)) => self.const_specs(specs),
            StmtKind::Decl(GenDecl::Type(specs)) => {
                for spec in specs {
                    let under = self.type_of(&spec.ty);
                    let ty = if spec.alias {
                        under
                    } else {
                        Type::Named(Rc::from(spec.name.name.as_str()), 0, Box::new(under))
                    };
                    self.bind(
                        &spec.name.name,
                        Operand {
                            ty,
                            mode: Mode::TypeExpr,
                            value: None,
                        },
                    );
                }
            }
            StmtKind::Return(results) => self.return_stmt(s.pos, results),
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
                self.condition(cond, "if statement");
                self.block(then);
                if let Some(e) = els {
                    self.stmt(e);
                }
                self.close();
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
                    self.condition(c, "for statement");
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
                let over = self.expr(x).ty;
                let (k, v) = match over.underlying() {
                    Type::Slice(e) | Type::Array(_, e) => (Type::Basic("int"), (**e).clone()),
                    Type::Basic("string") | Type::Untyped(Untyped::String) => {
                        (Type::Basic("int"), Type::Basic("int32"))
                    }
                    Type::Map(k, v) => ((**k).clone(), (**v).clone()),
                    Type::Chan(_, e) => ((**e).clone(), Type::Unknown),
                    t if t.is_integer() => (over.clone().defaulted(), Type::Unknown),
                    _ => (Type::Unknown, Type::Unknown),
                };
                self.open();
                if *define {
                    for (e, ty) in key.iter().zip([k]).chain(value.iter().zip([v])) {
                        if let ExprKind::Ident(name) = &e.kind {
                            self.bind(
                                name,
                                Operand {
                                    ty,
                                    mode: Mode::Variable,
                                    value: None,
                                },
                            );
                        }
                    }
                }
                self.block(body);
                self.close();
            }
            StmtKind::Switch { init, tag, cases } => {
                self.open();
                if let Some(i) = init {
                    self.stmt(i);
                }
                match tag.as_deref() {
                    Some(Stmt {
                        kind: StmtKind::Expr(e),
                        ..
                    }) => {
                        self.expr(e);
                    }
                    Some(other) => self.stmt(other),
                    None => {}
                }
                // The cases' types against the tag's are left to the next pass.
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
            StmtKind::TypeSwitch { init, guard, cases } => {
                self.open();
                if let Some(i) = init {
                    self.stmt(i);
                }
                // The value switched on: `x` of `x.(type)`.
                let mut x_ty = Type::Unknown;
                let mut operand = |c: &mut Checker, e: &Expr| {
                    c.expr(e);
                    if let ExprKind::TypeAssert(x, None) = &strip_parens(e).kind {
                        x_ty = c
                            .info
                            .types
                            .get(&(&**x as *const Expr as usize))
                            .map_or(Type::Unknown, |(t, _)| t.clone());
                    }
                };
                let bound = match &guard.kind {
                    StmtKind::Define(lhs, rhs, _) => {
                        for r in rhs {
                            operand(self, r);
                        }
                        lhs.first().and_then(|l| match &l.kind {
                            ExprKind::Ident(n) => Some(n.clone()),
                            _ => None,
                        })
                    }
                    StmtKind::Expr(e) => {
                        operand(self, e);
                        None
                    }
                    _ => None,
                };
                for c in cases {
                    self.open();
                    let is_nil = |e: &Expr| matches!(&e.kind, ExprKind::Ident(n) if n == "nil");
                    for t in c.list.iter().filter(|t| !is_nil(t)) {
                        self.type_of(t);
                    }
                    if let Some(n) = &bound {
                        // One type: the value as that type; several, nil or default: as `x`.
                        let ty = match c.list.as_slice() {
                            [one] if !is_nil(one) => self.type_of(one),
                            _ => x_ty.clone(),
                        };
                        self.bind(
                            n,
                            Operand {
                                ty,
                                mode: Mode::Variable,
                                value: None,
                            },
                        );
                    }
                    self.stmts(&c.body);
                    self.close();
                }
                self.close();
            }
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
            StmtKind::Empty
            | StmtKind::Break(_)
            | StmtKind::Continue(_)
            | StmtKind::Goto(_)
            | StmtKind::Fallthrough => {}
        }
    }

    fn condition(&mut self, cond: &Expr, what: &str) {
        let op = self.expr(cond);
        if !op.ty.is_opaque() && !op.ty.is_boolean() {
            self.error(cond.pos, format!("non-boolean condition in {what}"));
        }
    }

    fn return_stmt(&mut self, pos: Pos, results: &[Expr]) {
        let Some(want) = self.results.last().cloned() else {
            return;
        };
        let values: Vec<(Operand, &Expr)> = results.iter().map(|r| (self.expr(r), r)).collect();
        // `return f()` with f's results as the function's.
        if let [(
            Operand {
                ty: Type::Tuple(ts),
                ..
            },
            e,
        )] = values.as_slice()
        {
            if ts.len() != want.len() {
                let message = if ts.len() < want.len() {
                    "not enough return values"
                } else {
                    "too many return values"
                };
                self.error(e.pos, message);
            }
            return;
        }
        if results.is_empty() && !want.is_empty() {
            // A bare return is fine where the results are named.
            if self.named_results.last() == Some(&false) {
                self.error(pos, "not enough return values");
            }
            return;
        }
        if values.len() < want.len() {
            let at = results.last().map_or(pos, |r| r.pos);
            self.error(at, "not enough return values");
            return;
        }
        if values.len() > want.len() {
            self.error(results[want.len()].pos, "too many return values");
            return;
        }
        for ((op, e), target) in values.iter().zip(want.iter()) {
            self.assignable(op, e, target, "return statement");
        }
    }

    // ---- expressions ------------------------------------------------------------------

    fn expr(&mut self, e: &Expr) -> Operand {
        let op = self.expr_inner(e);
        self.info
            .types
            .insert(e as *const Expr as usize, (op.ty.clone(), op.mode));
        op
    }

    fn expr_inner(&mut self, e: &Expr) -> Operand {
        match &e.kind {
            ExprKind::Ident(name) => match self.lookup(name) {
                Some(op) => op.clone(),
                None => match name.as_str() {
                    "true" | "false" => Operand {
                        ty: Type::Untyped(Untyped::Bool),
                        mode: Mode::Constant,
                        value: None,
                    },
                    "nil" => Operand {
                        ty: Type::Untyped(Untyped::Nil),
                        mode: Mode::Value,
                        value: None,
                    },
                    "iota" => Operand {
                        ty: Type::Untyped(Untyped::Int),
                        mode: Mode::Constant,
                        value: self.iota,
                    },
                    n => match Type::universe(n) {
                        Some(t) => Operand {
                            ty: t,
                            mode: Mode::TypeExpr,
                            value: None,
                        },
                        None => Operand::unknown(),
                    },
                },
            },
            ExprKind::Lit(kind, text) => {
                let (u, value) = match kind {
                    LitKind::Int => (Untyped::Int, parse_number(text)),
                    LitKind::Float => (Untyped::Float, parse_number(text)),
                    LitKind::Char => (Untyped::Rune, None),
                    LitKind::String => (Untyped::String, None),
                    LitKind::Imag => return Operand::unknown(),
                };
                Operand {
                    ty: Type::Untyped(u),
                    mode: Mode::Constant,
                    value,
                }
            }
            ExprKind::Paren(x) => self.expr(x),
            ExprKind::FuncLit(ft, body) => {
                let sig = self.signature(ft);
                self.open();
                self.function(ft, body);
                self.close();
                Operand::value(Type::Func(Rc::new(sig)))
            }
            ExprKind::Unary(op, x) => self.unary(op, x),
            ExprKind::Binary(op, x, y) => {
                let a = self.expr(x);
                let b = self.expr(y);
                self.binary_types(op, x, &a, y, &b)
            }
            ExprKind::Call {
                fun, args, spread, ..
            } => self.call(e, fun, args, *spread),
            ExprKind::Index(x, index) => {
                let base = self.expr(x);
                for i in index {
                    self.expr(i);
                }
                match base.ty.underlying() {
                    Type::Slice(t) | Type::Array(_, t) => Operand {
                        ty: (**t).clone(),
                        mode: Mode::Variable,
                        value: None,
                    },
                    Type::Map(_, v) => Operand::value((**v).clone()),
                    Type::Basic("string") => Operand::value(Type::Basic("uint8")),
                    _ => Operand::unknown(),
                }
            }
            ExprKind::Slice { x, lo, hi, max } => {
                let base = self.expr(x);
                for part in [lo, hi, max].into_iter().flatten() {
                    self.expr(part);
                }
                match base.ty.underlying() {
                    Type::Slice(_) | Type::Basic("string") => Operand::value(base.ty.clone()),
                    Type::Array(_, t) => Operand::value(Type::Slice(t.clone())),
                    Type::Pointer(p) => match p.underlying() {
                        Type::Array(_, t) => Operand::value(Type::Slice(t.clone())),
                        _ => Operand::unknown(),
                    },
                    _ => Operand::unknown(),
                }
            }
            ExprKind::Star(x) => {
                let p = self.expr(x);
                match (p.mode, p.ty.underlying()) {
                    (Mode::TypeExpr, _) => Operand {
                        ty: Type::Pointer(Box::new(p.ty.clone())),
                        mode: Mode::TypeExpr,
                        value: None,
                    },
                    (_, Type::Pointer(t)) => Operand {
                        ty: (**t).clone(),
                        mode: Mode::Variable,
                        value: None,
                    },
                    _ => Operand::unknown(),
                }
            }
            ExprKind::Composite { ty, elems, .. } => {
                let t = ty.as_ref().map(|t| self.type_of(t));
                // A map's keys are values (a struct's are field names, read by the compiler).
                let keyed_by_value = matches!(
                    t.as_ref().map(Type::underlying),
                    Some(Type::Map(..) | Type::Slice(_) | Type::Array(..))
                );
                // `[...]T{…}`: as long as its last element's index, if every key is known.
                let mut next = Some(0u64);
                let mut length = Some(0u64);
                // An array's elements stay inside it, as gc says when they do not.
                let bound = match t.as_ref().map(Type::underlying) {
                    Some(Type::Array(Some(n), _)) => Some(*n),
                    _ => None,
                };
                for el in elems {
                    match &el.kind {
                        ExprKind::KeyValue(k, v) => {
                            if keyed_by_value {
                                let key = self.expr(k);
                                next = match key.value {
                                    Some(i) if i >= 0.0 && i.fract() == 0.0 => Some(i as u64),
                                    _ => None,
                                };
                                if let (Some(i), Some(n)) = (next, bound) {
                                    if i >= n {
                                        let message = format!(
                                            "invalid argument: index {i} out of bounds [0:{n}]"
                                        );
                                        self.error(k.pos, message);
                                    }
                                }
                            }
                            self.expr(v);
                        }
                        _ => {
                            if let (Some(i), Some(n)) = (next, bound) {
                                if i >= n {
                                    self.error(
                                        el.pos,
                                        format!("index {i} is out of bounds (>= {n})"),
                                    );
                                }
                            }
                            self.expr(el);
                        }
                    }
                    next = next.map(|i| i + 1);
                    length = length.zip(next).map(|(l, i)| l.max(i));
                }
                match (t, ty) {
                    (Some(Type::Array(None, elem)), Some(at)) if length.is_some() => {
                        let full = Type::Array(length, elem);
                        self.info.types.insert(
                            &**at as *const Expr as usize,
                            (full.clone(), Mode::TypeExpr),
                        );
                        Operand::value(full)
                    }
                    (Some(t), _) => Operand::value(t),
                    (None, _) => Operand::unknown(),
                }
            }
            ExprKind::Selector(x, sel) => self.selector(e, x, sel),
            ExprKind::TypeAssert(x, t) => {
                self.expr(x);
                match t {
                    Some(t) => Operand::value(self.type_of(t)),
                    None => Operand::unknown(),
                }
            }
            ExprKind::KeyValue(..) | ExprKind::Ellipsis => Operand::unknown(),
            // A type in an expression's place: a conversion's function, `make`'s argument.
            _ => Operand {
                ty: self.type_of(e),
                mode: Mode::TypeExpr,
                value: None,
            },
        }
    }

    fn unary(&mut self, op: &str, x: &Expr) -> Operand {
        let a = self.expr(x);
        if op == "&" {
            return Operand::value(Type::Pointer(Box::new(a.ty)));
        }
        if a.ty.is_opaque() || !a.ty.printable() {
            return Operand::unknown();
        }
        let bad = |c: &mut Checker| {
            let message = format!(
                "invalid operation: operator {op} not defined on {}",
                a.describe(x)
            );
            c.error(x.pos, message);
            Operand::unknown()
        };
        match op {
            "!" if !a.ty.is_boolean() => bad(self),
            "-" | "+" if !a.ty.is_numeric() => bad(self),
            "^" if !a.ty.is_integer() => bad(self),
            "&" => Operand::value(Type::Pointer(Box::new(a.ty))),
            "<-" => match a.ty.underlying() {
                Type::Chan(_, t) => Operand::value((**t).clone()),
                _ => Operand::unknown(),
            },
            _ => Operand {
                ty: a.ty.clone(),
                mode: if a.mode == Mode::Constant {
                    Mode::Constant
                } else {
                    Mode::Value
                },
                value: a.value.map(|v| if op == "-" { -v } else { v }),
            },
        }
    }

    /// `x op y`'s type, with gc's error when the two do not meet.
    fn binary_types(&mut self, op: &str, x: &Expr, a: &Operand, y: &Expr, b: &Operand) -> Operand {
        let untyped = |t: &Type| matches!(t, Type::Untyped(_));
        if !a.ty.printable()
            || !b.ty.printable()
            || (a.ty.is_opaque() && untyped(&b.ty))
            || (b.ty.is_opaque() && untyped(&a.ty))
        {
            return Operand::unknown();
        }
        let comparison = matches!(op, "==" | "!=" | "<" | "<=" | ">" | ">=");
        if matches!(op, "<<" | ">>") {
            if let (Mode::Constant, Mode::Constant, Some(x), Some(y)) =
                (a.mode, b.mode, a.value, b.value)
            {
                if let Some(v) = integer_constant(op, x, y) {
                    return Operand {
                        ty: a.ty.clone(),
                        mode: Mode::Constant,
                        value: Some(v),
                    };
                }
            }
            return Operand::value(a.ty.clone());
        }
        let both_typed = !matches!(a.ty, Type::Untyped(_)) && !matches!(b.ty, Type::Untyped(_));
        if both_typed && a.ty != b.ty {
            // gc names the whole operation, at the left operand — or, for a comparison, the
            // right one.
            let at = if comparison { y.pos } else { x.pos };
            let message = format!(
                "invalid operation: {} {op} {} (mismatched types {} and {})",
                expr_string(x),
                expr_string(y),
                a.ty,
                b.ty
            );
            self.error(at, message);
            return Operand::unknown();
        }
        if comparison {
            return Operand {
                ty: Type::Untyped(Untyped::Bool),
                mode: Mode::Value,
                value: None,
            };
        }
        // The typed side decides; two untyped constants give the "larger" kind.
        let ty = match (&a.ty, &b.ty) {
            (Type::Untyped(u), Type::Untyped(v)) => Type::Untyped(rank_max(*u, *v)),
            (Type::Untyped(_), t) | (t, Type::Untyped(_)) => t.clone(),
            (t, _) => t.clone(),
        };
        let constant = a.mode == Mode::Constant && b.mode == Mode::Constant;
        // Two integer constants: their value, where it is exact (an array's length reads it).
        let value = match (a.value, b.value) {
            (Some(x), Some(y))
                if constant
                    && (ty.is_integer()
                        || matches!(ty, Type::Untyped(Untyped::Int | Untyped::Rune))) =>
            {
                integer_constant(op, x, y)
            }
            _ => None,
        };
        Operand {
            ty,
            mode: if constant {
                Mode::Constant
            } else {
                Mode::Value
            },
            value,
        }
    }

    fn call(&mut self, call: &Expr, fun: &Expr, args: &[Expr], spread: bool) -> Operand {
        // Builtins this pass types; the rest of their checks come later.
        if let ExprKind::Ident(name) = &fun.kind {
            if self.lookup(name).is_none() {
                if let Some(t) = Type::universe(name) {
                    // A conversion to a predeclared type: the compiler reads the type here.
                    self.info
                        .types
                        .insert(fun as *const Expr as usize, (t, Mode::TypeExpr));
                }
                let ops: Vec<Operand> = args.iter().map(|a| self.expr(a)).collect();
                return match name.as_str() {
                    "len" | "cap" | "copy" => Operand::value(Type::Basic("int")),
                    "make" => Operand::value(ops.first().map_or(Type::Unknown, |o| o.ty.clone())),
                    "new" => Operand::value(Type::Pointer(Box::new(
                        ops.first().map_or(Type::Unknown, |o| o.ty.clone()),
                    ))),
                    "append" => Operand::value(ops.first().map_or(Type::Unknown, |o| o.ty.clone())),
                    "recover" => Operand::value(Type::Interface(Rc::new(Vec::new()))),
                    "panic" | "print" | "println" | "close" | "delete" | "clear" => Operand {
                        ty: Type::Unknown,
                        mode: Mode::NoValue,
                        value: None,
                    },
                    _ => match Type::basic_of(name) {
                        Some(t) => Operand::value(t),
                        None => Operand::unknown(),
                    },
                };
            }
        }
        let f = self.expr(fun);
        if f.mode == Mode::TypeExpr {
            // A conversion `T(x)`.
            for a in args {
                self.expr(a);
            }
            return Operand::value(f.ty);
        }
        let ops: Vec<(Operand, &Expr)> = args.iter().map(|a| (self.expr(a), a)).collect();
        let Type::Func(sig) = f.ty.underlying().clone() else {
            return Operand::unknown();
        };
        let name = expr_string(fun);
        let fixed = if sig.variadic {
            sig.params.len() - 1
        } else {
            sig.params.len()
        };
        // One call's several results passed on: counted as its results.
        let single_tuple = matches!(
            ops.as_slice(),
            [(
                Operand {
                    ty: Type::Tuple(_),
                    ..
                },
                _
            )]
        );
        if !single_tuple && !spread {
            if ops.len() > sig.params.len() && !sig.variadic {
                let at = ops[sig.params.len()].1.pos;
                self.error(at, format!("too many arguments in call to {name}"));
            } else if ops.len() < fixed {
                let at = args.last().map_or(call_close(call), |a| a.pos);
                self.error(at, format!("not enough arguments in call to {name}"));
            } else {
                let context = format!("argument to {name}");
                for (i, (op, e)) in ops.iter().enumerate() {
                    let target = if i < fixed {
                        sig.params[i].clone()
                    } else {
                        match sig.params.last() {
                            Some(Type::Slice(elem)) => (**elem).clone(),
                            _ => Type::Unknown,
                        }
                    };
                    self.assignable(op, e, &target, &context);
                }
            }
        }
        match sig.results.as_slice() {
            [] => Operand {
                ty: Type::Unknown,
                mode: Mode::NoValue,
                value: None,
            },
            [one] => Operand::value(one.clone()),
            many => Operand::value(Type::Tuple(many.to_vec())),
        }
    }
}

/// Why `op` cannot be assigned to `target` (the note after gc's message), or `None` if it can.
fn assign_problem(op: &Operand, target: &Type) -> Option<String> {
    if op.ty.is_unknown() || target.is_unknown() || op.mode == Mode::NoValue {
        return None;
    }
    if let Type::Tuple(_) = op.ty {
        return None;
    }
    let under = target.underlying();
    match &op.ty {
        Type::Untyped(u) => {
            let fits = match (u, under) {
                (Untyped::Bool, Type::Basic("bool")) => true,
                (Untyped::String, Type::Basic("string")) => true,
                (Untyped::Int | Untyped::Rune, t) => t.is_numeric(),
                (Untyped::Float, t) if t.is_integer() => {
                    return match op.value {
                        Some(v) if v.fract() != 0.0 => Some(" (truncated)".into()),
                        _ => None,
                    };
                }
                (Untyped::Float, t) => t.is_numeric(),
                (Untyped::Nil, t) => matches!(
                    t,
                    Type::Pointer(_)
                        | Type::Slice(_)
                        | Type::Map(..)
                        | Type::Chan(..)
                        | Type::Func(_)
                ),
                _ => false,
            };
            // Interfaces and other types this pass does not read are left alone.
            let known = matches!(
                under,
                Type::Basic(_) | Type::Pointer(_) | Type::Slice(_) | Type::Map(..) | Type::Chan(..)
            );
            (!fits && known).then(String::new)
        }
        t => {
            let identical = t == target;
            let channel_narrowing = matches!(
                (t.underlying(), under),
                (Type::Chan(ChanDir::Both, a), Type::Chan(_, b)) if a == b
            );
            let comparable_kinds =
                matches!((t.underlying(), under), (Type::Basic(_), Type::Basic(_)))
                    || (matches!(t, Type::Named(..)) || matches!(target, Type::Named(..)))
                        && matches!(under, Type::Basic(_));
            (!identical && !channel_narrowing && comparable_kinds).then(String::new)
        }
    }
}

fn rank_max(a: Untyped, b: Untyped) -> Untyped {
    let rank = |u: Untyped| match u {
        Untyped::Int => 1,
        Untyped::Rune => 2,
        Untyped::Float => 3,
        _ => 0,
    };
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}

fn parse_number(text: &str) -> Option<f64> {
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    if let Some(hex) = clean
        .strip_prefix("0x")
        .or_else(|| clean.strip_prefix("0X"))
    {
        return i64::from_str_radix(hex, 16).ok().map(|v| v as f64);
    }
    clean.parse::<f64>().ok()
}

fn strip_parens(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Paren(inner) => strip_parens(inner),
        _ => e,
    }
}

fn call_close(call: &Expr) -> Pos {
    match &call.kind {
        ExprKind::Call { close, .. } => *close,
        _ => call.pos,
    }
}

/// An expression as gc prints it in an error.
pub fn expr_string(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(n) => n.clone(),
        ExprKind::Lit(_, t) => t.clone(),
        ExprKind::Paren(x) => format!("({})", expr_string(x)),
        ExprKind::Selector(x, s) => format!("{}.{}", expr_string(x), s.name),
        ExprKind::Index(x, i) => format!(
            "{}[{}]",
            expr_string(x),
            i.iter().map(expr_string).collect::<Vec<_>>().join(", ")
        ),
        ExprKind::Star(x) => format!("*{}", expr_string(x)),
        ExprKind::Unary(op, x) => format!("{op}{}", expr_string(x)),
        ExprKind::Binary(op, x, y) => format!("{} {op} {}", expr_string(x), expr_string(y)),
        ExprKind::Call { fun, args, .. } => format!(
            "{}({})",
            expr_string(fun),
            args.iter().map(expr_string).collect::<Vec<_>>().join(", ")
        ),
        ExprKind::FuncLit(..) => "func literal".into(),
        ExprKind::Composite { .. } => "composite literal".into(),
        _ => "expression".into(),
    }
}

/// `x op y` for two integer constants, if the result is an integer an `f64` holds exactly (past
/// 2⁵³ this pass does not say: its values serve an array's length and "truncated", where a
/// rounded value would be wrong).
fn integer_constant(op: &str, x: f64, y: f64) -> Option<f64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2⁵³
    if x.fract() != 0.0 || y.fract() != 0.0 || x.abs() > EXACT || y.abs() > EXACT {
        return None;
    }
    let (x, y) = (x as i128, y as i128);
    let v = match op {
        "+" => x + y,
        "-" => x - y,
        "*" => x.checked_mul(y)?,
        // Go truncates toward zero, as Rust does.
        "/" if y != 0 => x / y,
        "%" if y != 0 => x % y,
        "<<" if (0..64).contains(&y) => x.checked_mul(1i128 << y)?,
        ">>" if y >= 0 => x >> y.min(127),
        "&" => x & y,
        "|" => x | y,
        "^" => x ^ y,
        "&^" => x & !y,
        _ => return None,
    };
    (v.unsigned_abs() <= 1 << 53).then_some(v as f64)
}
