//! The compiler: a checked syntax tree and what the type pass learned of it ([`Info`]) in,
//! bytecode ([`Program`]) out. It reads types only from `Info`; where the pass did not type
//! something, or the subset lacks it, the program is refused at its place with
//! `poolsim does not run … yet`, never run wrongly.
//!
//! Variables live in their frame's slots, except those a closure captures or whose address is
//! taken: those live in heap cells (Go's escape analysis, at its simplest). Which variables
//! escape is found while compiling; a function where one is found late is compiled again.

use super::ast::*;
use super::code::*;
use super::packages;
use super::parser::{unquote, unquote_char};
use super::token::Pos;
use super::types::{Info, Mode, Type, Untyped, ERROR_KEY};
use super::vm::Value;
use super::CompileError;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

type Result<T> = std::result::Result<T, CompileError>;

/// Compiles a checked program.
pub fn compile(file: &File, info: &Info) -> Result<Program> {
    let mut stubs = Vec::new();
    for import in &file.imports {
        let Some(src) = packages::source(&import.path) else {
            return Err(CompileError::new(
                import.pos,
                format!("poolsim does not run package {:?} yet", import.path),
            ));
        };
        let stub = super::parser::parse(src).map_err(|e| {
            CompileError::new(import.pos, format!("package {:?}: {e}", import.path))
        })?;
        let name = match &import.name {
            Some(n) => n.name.clone(),
            None => packages::default_name(&import.path).to_string(),
        };
        stubs.push((name, stub));
    }
    let mut c = Compiler {
        info,
        funcs: Vec::new(),
        types: Vec::new(),
        type_ids: HashMap::new(),
        top: HashMap::new(),
        methods: HashMap::new(),
        packages: HashMap::new(),
        boxed: HashSet::new(),
        grew: false,
        fns: Vec::new(),
        globals: 0,
        builtin: Builtins::default(),
    };
    for (name, stub) in &stubs {
        let mut consts = HashMap::new();
        for decl in &stub.decls {
            if let Decl::Gen(GenDecl::Const(specs)) = decl {
                for spec in specs {
                    for (i, n) in spec.names.iter().enumerate() {
                        if let Some(v) = spec.values.get(i) {
                            consts.insert(n.name.clone(), v);
                        }
                    }
                }
            }
        }
        c.packages.insert(
            name.clone(),
            Package {
                name: stub.package.name.clone(),
                consts,
            },
        );
    }
    c.program(file)
}

struct Package<'a> {
    /// The package's own name (`rand` for `math/rand`).
    name: String,
    consts: HashMap<String, &'a Expr>,
}

/// A package-level name of the program.
#[derive(Clone)]
enum Top<'a> {
    Func(FuncId),
    Global(u32),
    Const(&'a Expr, u32),
    Type,
}

/// A name in a function's scope.
#[derive(Clone)]
enum Local<'a> {
    Var {
        slot: u16,
        boxed: bool,
        def: Pos,
        ty: Type,
    },
    Const(&'a Expr, u32),
    Type,
}

/// Where a closure's captured cell comes from in the function that makes it.
#[derive(Clone, Copy)]
enum From {
    Slot(u16),
    Capture(u16),
}

/// A name, resolved.
enum Name<'a> {
    Slot { slot: u16, boxed: bool },
    Capture { index: u16 },
    Global(u32),
    Func(FuncId),
    Const(&'a Expr, u32),
    Type,
    Package,
    Universe,
}

/// A `break` and `continue` target being compiled.
struct Target {
    label: Option<String>,
    /// A loop (`continue` goes to `next`); a switch or select has none.
    is_loop: bool,
    breaks: Vec<usize>,
    continues: Vec<usize>,
}

/// A function being compiled.
struct FnCtx<'a> {
    name: String,
    code: Vec<Op>,
    lines: Vec<u32>,
    consts: Vec<Value>,
    selects: Vec<SelectCases>,
    scopes: Vec<HashMap<String, Local<'a>>>,
    next_slot: u16,
    max_slot: u16,
    captures: Vec<(Pos, From)>,
    targets: Vec<Target>,
    closures: u32,
    results: Vec<Type>,
    named_results: Vec<(u16, bool)>,
    line: u32,
    /// The label of the statement being compiled, for the loop or switch it names.
    label: Option<String>,
}

impl<'a> FnCtx<'a> {
    fn new(name: String, line: u32) -> Self {
        FnCtx {
            name,
            code: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            selects: Vec::new(),
            scopes: vec![HashMap::new()],
            next_slot: 0,
            max_slot: 0,
            captures: Vec::new(),
            targets: Vec::new(),
            closures: 0,
            results: Vec::new(),
            named_results: Vec::new(),
            line,
            label: None,
        }
    }

    fn lookup(&self, name: &str) -> Option<&Local<'a>> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    fn slot(&mut self) -> u16 {
        let s = self.next_slot;
        self.next_slot += 1;
        self.max_slot = self.max_slot.max(self.next_slot);
        s
    }

    /// The index of the capture of the variable defined at `def` (added if new).
    fn capture(&mut self, def: Pos, from: From) -> u16 {
        if let Some(i) = self.captures.iter().position(|(d, _)| *d == def) {
            return i as u16;
        }
        self.captures.push((def, from));
        (self.captures.len() - 1) as u16
    }
}

struct Compiler<'a> {
    info: &'a Info,
    funcs: Vec<Func>,
    types: Vec<RType>,
    type_ids: HashMap<String, TypeId>,
    top: HashMap<String, Top<'a>>,
    /// The program's own methods: (type, method) → function, and whether the receiver is a
    /// pointer.
    methods: HashMap<(String, String), (FuncId, bool)>,
    packages: HashMap<String, Package<'a>>,
    /// Variables that live in heap cells, by the place of the name that declares them.
    boxed: HashSet<Pos>,
    /// Whether `boxed` grew while compiling the current function.
    grew: bool,
    fns: Vec<FnCtx<'a>>,
    globals: u32,
    builtin: Builtins,
}

/// A constant's value, exact for integers as far as Go's programs here need.
#[derive(Debug, Clone, PartialEq)]
enum Const {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
}

/// What an assignment stores into, its operands already on the stack.
enum Place {
    Slot(u16),
    Cell(u16),
    /// A pointer is on the stack.
    Pointer,
    /// A slice and an index are on the stack.
    Index,
    /// A map and a key are on the stack.
    Map,
    Blank,
}

fn not_yet(pos: Pos, what: impl std::fmt::Display) -> CompileError {
    CompileError::new(pos, format!("poolsim does not run {what} yet"))
}

impl<'a> Compiler<'a> {
    // ---- the program ------------------------------------------------------------------

    fn program(mut self, file: &'a File) -> Result<Program> {
        // Every function and method gets its id before any body is compiled.
        let mut bodies: Vec<(&'a FuncDecl, FuncId)> = Vec::new();
        let init_id = self.reserve("main.init");
        let mut user_inits = Vec::new();
        for decl in &file.decls {
            if let Decl::Func(f) = decl {
                let (name, key) = match &f.recv {
                    None => (format!("main.{}", f.name.name), None),
                    Some(recv) => {
                        let (type_name, pointer) = receiver_type(recv)?;
                        let name = if pointer {
                            format!("main.(*{type_name}).{}", f.name.name)
                        } else {
                            format!("main.{type_name}.{}", f.name.name)
                        };
                        (name, Some((type_name, pointer)))
                    }
                };
                let id = self.reserve(&name);
                match key {
                    None if f.name.name == "init" => user_inits.push(id),
                    None => {
                        self.top.insert(f.name.name.clone(), Top::Func(id));
                    }
                    Some((t, pointer)) => {
                        self.methods.insert((t, f.name.name.clone()), (id, pointer));
                    }
                }
                if f.body.is_none() {
                    return Err(CompileError::new(
                        f.name.pos,
                        format!("missing function body for {}", f.name.name),
                    ));
                }
                bodies.push((f, id));
            }
        }
        for decl in &file.decls {
            match decl {
                Decl::Gen(GenDecl::Var(specs)) => {
                    for spec in specs {
                        for n in &spec.names {
                            let g = self.globals;
                            self.globals += 1;
                            self.top.insert(n.name.clone(), Top::Global(g));
                        }
                    }
                }
                Decl::Gen(GenDecl::Const(specs)) => {
                    let mut last: Option<&'a ValueSpec> = None;
                    for spec in specs {
                        let source = if spec.values.is_empty() {
                            last.unwrap_or(spec)
                        } else {
                            spec
                        };
                        last = Some(source);
                        for (i, n) in spec.names.iter().enumerate() {
                            if let Some(v) = source.values.get(i) {
                                self.top.insert(n.name.clone(), Top::Const(v, spec.iota));
                            }
                        }
                    }
                }
                Decl::Gen(GenDecl::Type(specs)) => {
                    for spec in specs {
                        self.top.insert(spec.name.name.clone(), Top::Type);
                    }
                }
                Decl::Func(_) => {}
            }
        }
        let Some(Top::Func(main)) = self.top.get("main").cloned() else {
            return Err(CompileError::new(
                file.package.pos,
                "function main is undeclared in the main package",
            ));
        };
        self.builtins();
        self.compile_init(file, init_id, &user_inits)?;
        for (f, id) in bodies {
            self.compile_decl(f, id)?;
        }
        let funcs = self.funcs.into_iter().map(Arc::new).collect();
        Ok(Program {
            funcs,
            types: self.types,
            main,
            globals: self.globals as usize,
            init: init_id,
            builtin: self.builtin,
        })
    }

    fn reserve(&mut self, name: &str) -> FuncId {
        self.funcs.push(Func {
            name: name.to_string(),
            ..Func::default()
        });
        (self.funcs.len() - 1) as FuncId
    }

    /// The types the VM makes values of itself: error values and runtime errors.
    fn builtins(&mut self) {
        let string = self.intern("string", RType::String);
        let text_struct = self.intern_new(RType::Struct(vec![("s".into(), string)]));
        let error_type = |c: &mut Self, name: &str| {
            let named = c.intern_new(RType::Named {
                name: name.into(),
                under: text_struct,
                methods: vec![("Error".into(), FuncRef::Native(Native::ErrorString), true)],
            });
            c.intern_new(RType::Pointer(named))
        };
        self.builtin.error_string = error_type(self, "errors.errorString");
        self.builtin.wrap_error = error_type(self, "fmt.wrapError");
        self.builtin.runtime_error = error_type(self, "runtime.Error");
        self.builtin.method_text = self.intern_new(RType::Struct(Vec::new()));
        let empty = self.intern_new(RType::Struct(Vec::new()));
        let method = |name: &str, native| (name.to_string(), FuncRef::Native(native), true);
        let context = self.intern_new(RType::Named {
            name: "context.cancelCtx".into(),
            under: empty,
            methods: vec![
                method("Deadline", Native::CtxDeadline),
                method("Done", Native::CtxDone),
                method("Err", Native::CtxErr),
                method("Value", Native::CtxValue),
            ],
        });
        self.builtin.context = self.intern_new(RType::Pointer(context));
    }

    /// `main.init`: package variables in order, then the program's `init` functions.
    fn compile_init(&mut self, file: &'a File, id: FuncId, inits: &[FuncId]) -> Result<()> {
        self.fns.push(FnCtx::new("main.init".into(), 1));
        for decl in &file.decls {
            if let Decl::Gen(GenDecl::Var(specs)) = decl {
                for spec in specs {
                    self.line(spec.names[0].pos);
                    let targets: Vec<u32> = spec
                        .names
                        .iter()
                        .map(|n| match self.top.get(&n.name) {
                            Some(Top::Global(g)) => *g,
                            _ => 0,
                        })
                        .collect();
                    self.var_values(spec)?;
                    for (g, n) in targets.iter().zip(&spec.names).rev() {
                        if n.name == "_" {
                            self.emit(Op::Pop);
                            continue;
                        }
                        let temp = self.temp();
                        self.emit(Op::SetLocal(temp));
                        self.emit(Op::Global(*g));
                        self.emit(Op::Local(temp));
                        self.emit(Op::Store);
                    }
                }
            }
        }
        for f in inits {
            self.emit(Op::Call(*f, 0));
        }
        self.emit(Op::Return(0));
        let ctx = self.fns.pop().expect("init");
        self.finish(id, ctx, 0, Pos::default());
        Ok(())
    }

    fn compile_decl(&mut self, f: &'a FuncDecl, id: FuncId) -> Result<()> {
        let name = self.funcs[id as usize].name.clone();
        let mark = self.funcs.len();
        for _attempt in 0..8 {
            self.grew = false;
            self.funcs.truncate(mark);
            let mut ctx = FnCtx::new(name.clone(), f.name.pos.line);
            let mut params: Vec<&'a Field> = Vec::new();
            if let Some(recv) = &f.recv {
                params.push(recv);
            }
            params.extend(f.ty.params.iter());
            ctx.results = self.result_types(&f.ty);
            self.fns.push(ctx);
            let body = f.body.as_ref().expect("a body");
            let nparams = self.bind_params(&params, &f.ty)?;
            self.body(body)?;
            let ctx = self.fns.pop().expect("a function");
            if !self.grew {
                self.finish(id, ctx, nparams, f.name.pos);
                return Ok(());
            }
        }
        Err(not_yet(f.name.pos, "this function"))
    }

    fn result_types(&self, ft: &'a FuncType) -> Vec<Type> {
        let mut out = Vec::new();
        for field in &ft.results {
            let ty = self.info.type_of(&field.ty);
            for _ in 0..field.names.len().max(1) {
                out.push(ty.clone());
            }
        }
        out
    }

    /// Binds parameters to slots 0.. (moving escaping ones into cells) and named results to
    /// the slots after them, at their zero values; the number of parameters.
    fn bind_params(&mut self, params: &[&'a Field], ft: &'a FuncType) -> Result<u16> {
        let mut n = 0u16;
        let mut escaping = Vec::new();
        for field in params {
            let ty = self.param_type(field);
            if field.names.is_empty() {
                self.ctx().slot();
                n += 1;
                continue;
            }
            for name in &field.names {
                let slot = self.ctx().slot();
                n += 1;
                let boxed = self.boxed.contains(&name.pos);
                if boxed {
                    escaping.push(slot);
                }
                self.bind(&name.name, slot, boxed, name.pos, ty.clone());
            }
        }
        for slot in escaping {
            self.emit(Op::Local(slot));
            self.emit(Op::NewCell(slot));
        }
        let mut named = Vec::new();
        for field in &ft.results {
            let ty = self.info.type_of(&field.ty);
            for name in &field.names {
                let slot = self.ctx().slot();
                let boxed = self.boxed.contains(&name.pos);
                self.zero(&ty, name.pos)?;
                self.emit(if boxed {
                    Op::NewCell(slot)
                } else {
                    Op::SetLocal(slot)
                });
                self.bind(&name.name, slot, boxed, name.pos, ty.clone());
                named.push((slot, boxed));
            }
        }
        self.ctx().named_results = named;
        Ok(n)
    }

    fn param_type(&self, field: &'a Field) -> Type {
        match &field.ty.kind {
            // `...T` is a `[]T` inside the function.
            ExprKind::ArrayType(Some(len), elem) if matches!(len.kind, ExprKind::Ellipsis) => {
                Type::Slice(Box::new(self.info.type_of(elem)))
            }
            _ => self.info.type_of(&field.ty),
        }
    }

    /// A function's statements, then the landing a recovered panic returns through.
    fn body(&mut self, body: &'a Block) -> Result<()> {
        self.stmts(&body.stmts)?;
        self.line(body.close);
        let results = self.ctx().results.clone();
        if results.is_empty() {
            self.emit(Op::Return(0));
        }
        Ok(())
    }

    /// Stores a compiled function in its place.
    fn finish(&mut self, id: FuncId, ctx: FnCtx<'a>, params: u16, pos: Pos) {
        // The landing: a function whose panic was recovered returns its named results or
        // its results' zero values from here.
        let recover_pc = ctx.code.len() as u32;
        let line = ctx.line;
        let results = ctx.results.clone();
        self.fns.push(ctx);
        if !self.ctx().named_results.is_empty() {
            self.emit(Op::ReturnNamed);
        } else {
            for t in &results {
                if self.zero(t, pos).is_err() {
                    self.emit(Op::Nil);
                }
            }
            self.emit(Op::Return(results.len() as u16));
        }
        let ctx = self.fns.pop().expect("a function");
        let _ = line;
        let f = &mut self.funcs[id as usize];
        f.code = ctx.code;
        f.lines = ctx.lines;
        f.consts = ctx.consts;
        f.selects = ctx.selects;
        f.params = params;
        f.slots = ctx.max_slot.max(params);
        f.results = results.len() as u16;
        f.named_results = ctx.named_results;
        f.recover_pc = recover_pc;
        f.pos = pos;
    }

    // ---- emitting ---------------------------------------------------------------------

    fn ctx(&mut self) -> &mut FnCtx<'a> {
        self.fns.last_mut().expect("a function being compiled")
    }

    fn emit(&mut self, op: Op) -> usize {
        let ctx = self.ctx();
        ctx.code.push(op);
        ctx.lines.push(ctx.line);
        ctx.code.len() - 1
    }

    fn here(&mut self) -> u32 {
        self.ctx().code.len() as u32
    }

    fn patch(&mut self, at: usize, to: u32) {
        let op = &mut self.ctx().code[at];
        *op = match *op {
            Op::Jump(_) => Op::Jump(to),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(to),
            Op::JumpIfTrue(_) => Op::JumpIfTrue(to),
            other => other,
        };
    }

    fn line(&mut self, pos: Pos) {
        self.ctx().line = pos.line;
    }

    fn constant(&mut self, v: Value) {
        let ctx = self.ctx();
        ctx.consts.push(v);
        let i = (ctx.consts.len() - 1) as u32;
        self.emit(Op::Const(i));
    }

    fn temp(&mut self) -> u16 {
        self.ctx().slot()
    }

    fn bind(&mut self, name: &str, slot: u16, boxed: bool, def: Pos, ty: Type) {
        if name == "_" {
            return;
        }
        let scope = self.ctx().scopes.last_mut().expect("a scope");
        scope.insert(
            name.to_string(),
            Local::Var {
                slot,
                boxed,
                def,
                ty,
            },
        );
    }

    fn open(&mut self) {
        self.ctx().scopes.push(HashMap::new());
    }

    fn close(&mut self) {
        self.ctx().scopes.pop();
    }

    // ---- names ------------------------------------------------------------------------

    fn resolve(&mut self, name: &str) -> Name<'a> {
        let n = self.fns.len();
        for k in (0..n).rev() {
            let Some(local) = self.fns[k].lookup(name).cloned() else {
                continue;
            };
            return match local {
                Local::Const(e, iota) => Name::Const(e, iota),
                Local::Type => Name::Type,
                Local::Var {
                    slot, boxed, def, ..
                } => {
                    if k == n - 1 {
                        return Name::Slot { slot, boxed };
                    }
                    // Captured by a closure: the variable lives in a cell.
                    if !boxed && self.boxed.insert(def) {
                        self.grew = true;
                    }
                    let mut from = From::Slot(slot);
                    let mut index = 0;
                    for j in k + 1..n {
                        index = self.fns[j].capture(def, from);
                        from = From::Capture(index);
                    }
                    Name::Capture { index }
                }
            };
        }
        match self.top.get(name) {
            Some(Top::Func(f)) => Name::Func(*f),
            Some(Top::Global(g)) => Name::Global(*g),
            Some(Top::Const(e, iota)) => Name::Const(e, *iota),
            Some(Top::Type) => Name::Type,
            None if self.packages.contains_key(name) => Name::Package,
            None => Name::Universe,
        }
    }

    /// Pushes a variable's value.
    fn load_name(&mut self, name: &str, pos: Pos) -> Result<()> {
        match self.resolve(name) {
            Name::Slot { slot, boxed, .. } => {
                self.emit(if boxed {
                    Op::LoadCell(slot)
                } else {
                    Op::Local(slot)
                });
            }
            Name::Capture { index, .. } => {
                self.emit(Op::Capture(index));
                self.emit(Op::Deref);
            }
            Name::Global(g) => {
                self.emit(Op::Global(g));
                self.emit(Op::Deref);
            }
            Name::Func(f) => self.constant(Value::code(f)),
            Name::Const(..) | Name::Type | Name::Package | Name::Universe => {
                return Err(not_yet(pos, format!("{name} here")))
            }
        }
        Ok(())
    }

    // ---- types ------------------------------------------------------------------------

    fn intern(&mut self, key: &str, t: RType) -> TypeId {
        if let Some(id) = self.type_ids.get(key) {
            return *id;
        }
        let id = self.intern_new(t);
        self.type_ids.insert(key.to_string(), id);
        id
    }

    fn intern_new(&mut self, t: RType) -> TypeId {
        self.types.push(t);
        (self.types.len() - 1) as TypeId
    }

    /// The run-time type of `t`.
    fn rtype(&mut self, t: &Type, pos: Pos) -> Result<TypeId> {
        let t = match t {
            Type::Untyped(_) => t.clone().defaulted(),
            t => t.clone(),
        };
        Ok(match &t {
            Type::Basic(b) => {
                let rt = match *b {
                    "bool" => RType::Bool,
                    "string" => RType::String,
                    "float64" => RType::Float64,
                    "float32" => RType::Float32,
                    b => match IntKind::of(b) {
                        Some(k) => RType::Int(k),
                        None => return Err(not_yet(pos, format!("the type {b}"))),
                    },
                };
                self.intern(b, rt)
            }
            Type::Named(name, key, under) => {
                let key_text = format!("N{key}:{name}");
                if let Some(id) = self.type_ids.get(&key_text) {
                    return Ok(*id);
                }
                // Reserved first: a type may refer to itself (`next *Node`).
                let id = self.intern_new(RType::Bool);
                self.type_ids.insert(key_text, id);
                let qualified = if name.contains('.') || *key == ERROR_KEY {
                    name.to_string()
                } else {
                    format!("main.{name}")
                };
                let fields = self.info.named(*key).map(|n| n.fields.clone());
                let under_id = match (&**under, fields) {
                    (Type::Unknown, Some(fields)) => {
                        let mut typed = Vec::new();
                        for (f, ft) in fields {
                            typed.push((f, self.rtype(&ft, pos)?));
                        }
                        self.intern_new(RType::Struct(typed))
                    }
                    (under, _) => self.rtype(under, pos)?,
                };
                let mut methods = Vec::new();
                let method_names: Vec<String> = self
                    .info
                    .named(*key)
                    .map(|n| n.methods.iter().map(|(m, _)| m.clone()).collect())
                    .unwrap_or_default();
                for m in method_names {
                    if let Some((f, pointer)) = self.methods.get(&(name.to_string(), m.clone())) {
                        methods.push((m, FuncRef::Code(*f), *pointer));
                    } else if let Some(native) = Native::by_name(&format!("{name}.{m}")) {
                        methods.push((m, FuncRef::Native(native), false));
                    }
                }
                for (m, promoted, pointer) in self.promoted_methods(&t) {
                    if !methods.iter().any(|(own, _, _)| *own == m) {
                        methods.push((m, FuncRef::Promoted(Arc::new(promoted)), pointer));
                    }
                }
                self.types[id as usize] = RType::Named {
                    name: qualified,
                    under: under_id,
                    methods,
                };
                id
            }
            Type::Pointer(inner) => {
                let i = self.rtype(inner, pos)?;
                self.intern(&format!("*{i}"), RType::Pointer(i))
            }
            Type::Slice(inner) => {
                let i = self.rtype(inner, pos)?;
                self.intern(&format!("[]{i}"), RType::Slice(i))
            }
            Type::Array(Some(n), inner) => {
                let i = self.rtype(inner, pos)?;
                self.intern(&format!("[{n}]{i}"), RType::Array(*n, i))
            }
            Type::Chan(dir, inner) => {
                let i = self.rtype(inner, pos)?;
                self.intern(&format!("chan{dir:?}{i}"), RType::Chan(*dir, i))
            }
            Type::Map(k, v) => {
                let (k, v) = (self.rtype(k, pos)?, self.rtype(v, pos)?);
                self.intern(&format!("map[{k}]{v}"), RType::Map(k, v))
            }
            Type::Func(_) => {
                let text = t.to_string();
                self.intern(&format!("func:{text}"), RType::Func(text))
            }
            Type::Struct(fields) => {
                let mut typed = Vec::new();
                for (f, ft) in fields.iter() {
                    typed.push((f.clone(), self.rtype(ft, pos)?));
                }
                let key = format!("{t}");
                self.intern(&format!("struct:{key}"), RType::Struct(typed))
            }
            Type::Interface(methods) => {
                let names: Vec<String> = methods.iter().map(|(m, _)| m.clone()).collect();
                self.intern(
                    &format!("interface{{{}}}", names.join(";")),
                    RType::Interface(names),
                )
            }
            _ => return Err(not_yet(pos, "a value of a type the checker could not read")),
        })
    }

    /// Pushes the zero value of `t`.
    fn zero(&mut self, t: &Type, pos: Pos) -> Result<()> {
        match t.underlying() {
            Type::Basic("bool") => self.constant(Value::Bool(false)),
            Type::Basic("string") => self.constant(Value::str("")),
            Type::Basic("float64" | "float32") => self.constant(Value::Float(0.0)),
            Type::Basic(_) => self.constant(Value::Int(0)),
            Type::Pointer(_)
            | Type::Slice(_)
            | Type::Map(..)
            | Type::Chan(..)
            | Type::Func(_)
            | Type::Interface(_) => {
                self.emit(Op::Nil);
            }
            _ => {
                let id = self.rtype(t, pos)?;
                self.emit(Op::Zero(id));
            }
        }
        Ok(())
    }

    fn type_of(&self, e: &Expr) -> Type {
        self.info.type_of(e)
    }

    // ---- statements -------------------------------------------------------------------

    fn stmts(&mut self, stmts: &'a [Stmt]) -> Result<()> {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn block(&mut self, b: &'a Block) -> Result<()> {
        self.open();
        self.stmts(&b.stmts)?;
        self.close();
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> Result<()> {
        self.line(s.pos);
        let label = self.ctx().label.take();
        match &s.kind {
            StmtKind::Empty => {}
            StmtKind::Expr(e) => {
                let n = self.results_of(e);
                self.expr(e)?;
                for _ in 0..n {
                    self.emit(Op::Pop);
                }
            }
            StmtKind::Send(ch, v) => {
                let elem = match self.type_of(ch).underlying() {
                    Type::Chan(_, t) => (**t).clone(),
                    _ => return Err(not_yet(ch.pos, "this send")),
                };
                self.expr(ch)?;
                self.expr_to(v, &elem)?;
                self.line(s.pos);
                self.emit(Op::Send);
            }
            StmtKind::IncDec(x, inc) => {
                let ty = self.type_of(x);
                let place = self.place(x)?;
                self.expr(x)?;
                self.one_of(&ty, x.pos)?;
                let op = if *inc { BinOp::Add } else { BinOp::Sub };
                self.emit(Op::Binary(op, num_of(&ty)));
                self.store(place);
            }
            StmtKind::Assign(lhs, op, rhs) => self.assign(lhs, op, rhs, s.pos)?,
            StmtKind::Define(lhs, rhs, _) => self.define(lhs, rhs)?,
            StmtKind::Decl(GenDecl::Var(specs)) => {
                for spec in specs {
                    self.var_values(spec)?;
                    let ty = spec.ty.as_ref().map(|t| self.type_of(t));
                    let mut bindings = Vec::new();
                    for (i, n) in spec.names.iter().enumerate() {
                        let t = match &ty {
                            Some(t) => t.clone(),
                            None => self.value_type(spec, i),
                        };
                        bindings.push((n, t));
                    }
                    for (n, t) in bindings.into_iter().rev() {
                        self.define_name((&n.name, n.pos), t);
                    }
                }
            }
            StmtKind::Decl(GenDecl::Const(specs)) => {
                let mut last: Option<&'a ValueSpec> = None;
                for spec in specs {
                    let source = if spec.values.is_empty() {
                        last.unwrap_or(spec)
                    } else {
                        spec
                    };
                    last = Some(source);
                    for (i, n) in spec.names.iter().enumerate() {
                        if let Some(v) = source.values.get(i) {
                            let scope = self.ctx().scopes.last_mut().expect("a scope");
                            scope.insert(n.name.clone(), Local::Const(v, spec.iota));
                        }
                    }
                }
            }
            StmtKind::Decl(GenDecl::Type(specs)) => {
                for spec in specs {
                    let scope = self.ctx().scopes.last_mut().expect("a scope");
                    scope.insert(spec.name.name.clone(), Local::Type);
                }
            }
            StmtKind::Go(call) | StmtKind::Defer(call) => {
                let n = self.callee_and_args(call)?;
                self.line(s.pos);
                self.emit(if matches!(s.kind, StmtKind::Go(_)) {
                    Op::Go(n)
                } else {
                    Op::Defer(n)
                });
            }
            StmtKind::Return(results) => self.return_stmt(results, s.pos)?,
            StmtKind::Break(label) | StmtKind::Continue(label) => {
                let is_break = matches!(s.kind, StmtKind::Break(_));
                let name = label.as_ref().map(|l| l.name.clone());
                let at = self.emit(Op::Jump(0));
                let ctx = self.ctx();
                let target = ctx.targets.iter_mut().rev().find(|t| match &name {
                    Some(n) => t.label.as_deref() == Some(n.as_str()),
                    None => is_break || t.is_loop,
                });
                match target {
                    Some(t) if is_break => t.breaks.push(at),
                    Some(t) => t.continues.push(at),
                    None => return Err(not_yet(s.pos, "this jump")),
                }
            }
            StmtKind::Block(b) => self.block(b)?,
            StmtKind::Labeled(l, inner) => {
                self.ctx().label = Some(l.name.clone());
                self.stmt(inner)?;
            }
            StmtKind::If {
                init,
                cond,
                then,
                els,
            } => {
                self.open();
                if let Some(i) = init {
                    self.stmt(i)?;
                }
                self.cond(cond)?;
                let skip = self.emit(Op::JumpIfFalse(0));
                self.block(then)?;
                match els {
                    Some(e) => {
                        let end = self.emit(Op::Jump(0));
                        let here = self.here();
                        self.patch(skip, here);
                        self.stmt(e)?;
                        let here = self.here();
                        self.patch(end, here);
                    }
                    None => {
                        let here = self.here();
                        self.patch(skip, here);
                    }
                }
                self.close();
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
            } => self.for_stmt(label, init, cond, post, body)?,
            StmtKind::Range {
                key,
                value,
                define,
                x,
                body,
            } => self.range(label, key.as_ref(), value.as_ref(), *define, x, body)?,
            StmtKind::Switch { init, tag, cases } => self.switch(label, init, tag, cases)?,
            StmtKind::Goto(_) => return Err(not_yet(s.pos, "goto")),
            StmtKind::Fallthrough => {
                // Compiled by the switch: a body ending in it runs on into the next.
            }
            StmtKind::TypeSwitch { init, guard, cases } => {
                self.type_switch(label, init, guard, cases)?
            }
            StmtKind::Select(clauses) => self.select(label, clauses, s.pos)?,
        }
        Ok(())
    }

    /// Pushes a condition.
    fn cond(&mut self, e: &'a Expr) -> Result<()> {
        self.expr_to(e, &Type::Basic("bool"))
    }

    /// How many values an expression statement leaves to pop.
    fn results_of(&self, e: &Expr) -> usize {
        match (self.info.mode_of(e), self.type_of(e)) {
            (Some(Mode::NoValue), _) => 0,
            (_, Type::Tuple(ts)) => ts.len(),
            (_, Type::Unknown) => 0,
            _ => 1,
        }
    }

    /// Pushes the values of a `var` spec (its zero values when it has none).
    fn var_values(&mut self, spec: &'a ValueSpec) -> Result<()> {
        let declared = spec.ty.as_ref().map(|t| self.type_of(t));
        if spec.values.is_empty() {
            let Some(t) = declared else {
                return Err(not_yet(spec.names[0].pos, "this declaration"));
            };
            for n in &spec.names {
                self.zero(&t, n.pos)?;
            }
            return Ok(());
        }
        if spec.values.len() == 1 && spec.names.len() > 1 {
            return self.multi_value(&spec.values[0], spec.names.len());
        }
        for (i, v) in spec.values.iter().enumerate() {
            match &declared {
                Some(t) => self.expr_to(v, t)?,
                None => {
                    let t = self.value_type(spec, i);
                    self.expr_to(v, &t)?
                }
            }
        }
        Ok(())
    }

    fn value_type(&self, spec: &ValueSpec, i: usize) -> Type {
        match spec.values.as_slice() {
            [one] if spec.names.len() > 1 => match self.type_of(one) {
                Type::Tuple(ts) => ts.get(i).cloned().unwrap_or(Type::Unknown),
                _ => Type::Unknown,
            },
            values => values
                .get(i)
                .map_or(Type::Unknown, |v| self.type_of(v).defaulted()),
        }
    }

    /// Declares `name` (declared at `pos`) in the current scope and pops the value on the
    /// stack into it.
    fn define_name(&mut self, (name, pos): (&str, Pos), ty: Type) {
        if name == "_" {
            self.emit(Op::Pop);
            return;
        }
        let slot = self.temp();
        let boxed = self.boxed.contains(&pos);
        self.emit(if boxed {
            Op::NewCell(slot)
        } else {
            Op::SetLocal(slot)
        });
        self.bind(name, slot, boxed, pos, ty);
    }

    /// The values of `a, b := f()` or `v, ok := <-ch`: the call's (or receive's) several
    /// results, pushed in order.
    fn multi_value(&mut self, e: &'a Expr, want: usize) -> Result<()> {
        match &strip(e).kind {
            ExprKind::Unary("<-", ch) if want == 2 => {
                let t = self.elem_rtype(ch)?;
                self.expr(ch)?;
                self.line(e.pos);
                self.emit(Op::RecvOk(t));
                Ok(())
            }
            ExprKind::Call { .. } => {
                self.expr(e)?;
                Ok(())
            }
            ExprKind::TypeAssert(x, Some(t)) if want == 2 => self.assert(e, x, t, true),
            ExprKind::Index(m, index) if want == 2 => {
                let Type::Map(k, v) = self.type_of(m).underlying().clone() else {
                    return Err(not_yet(e.pos, "this assignment of several values"));
                };
                self.expr(m)?;
                self.expr_to(&index[0], &k)?;
                let t = self.rtype(&v, e.pos)?;
                self.emit(Op::MapIndexOk(t));
                Ok(())
            }
            _ => Err(not_yet(e.pos, "this assignment of several values")),
        }
    }

    fn elem_rtype(&mut self, ch: &Expr) -> Result<TypeId> {
        match self.type_of(ch).underlying() {
            Type::Chan(_, t) => {
                let t = (**t).clone();
                self.rtype(&t, ch.pos)
            }
            _ => Err(not_yet(ch.pos, "this receive")),
        }
    }

    fn define(&mut self, lhs: &'a [Expr], rhs: &'a [Expr]) -> Result<()> {
        let idents: Vec<(&'a str, Pos)> = lhs
            .iter()
            .map(|l| match &l.kind {
                ExprKind::Ident(_) => Ok(ident_of(l)),
                _ => Err(not_yet(l.pos, "this definition")),
            })
            .collect::<Result<_>>()?;
        // Which names are new in this block (the others are assigned).
        let existing: Vec<Option<Local<'a>>> = idents
            .iter()
            .map(|(n, _)| self.ctx().scopes.last().and_then(|s| s.get(*n)).cloned())
            .collect();
        let types: Vec<Type>;
        if rhs.len() == 1 && lhs.len() > 1 {
            types = match &strip(&rhs[0]).kind {
                ExprKind::Unary("<-", ch) => {
                    let elem = match self.type_of(ch).underlying() {
                        Type::Chan(_, t) => (**t).clone(),
                        _ => Type::Unknown,
                    };
                    vec![elem, Type::Basic("bool")]
                }
                ExprKind::TypeAssert(_, Some(t)) => vec![self.type_of(t), Type::Basic("bool")],
                ExprKind::Index(m, _) if matches!(self.type_of(m).underlying(), Type::Map(..)) => {
                    let Type::Map(_, v) = self.type_of(m).underlying().clone() else {
                        unreachable!()
                    };
                    vec![(*v).clone(), Type::Basic("bool")]
                }
                _ => match self.type_of(&rhs[0]) {
                    Type::Tuple(ts) => ts,
                    _ => return Err(not_yet(rhs[0].pos, "this assignment of several values")),
                },
            };
            self.multi_value(&rhs[0], lhs.len())?;
        } else {
            let mut ts = Vec::new();
            for (i, r) in rhs.iter().enumerate() {
                let target = match &existing[i] {
                    Some(Local::Var { ty, .. }) => ty.clone(),
                    _ => self.type_of(r).defaulted(),
                };
                self.expr_to(r, &target)?;
                ts.push(target);
            }
            types = ts;
        }
        for ((n, old), t) in idents.iter().zip(existing).zip(types).rev() {
            match old {
                Some(Local::Var { slot, boxed, .. }) => {
                    self.emit(if boxed {
                        Op::StoreCell(slot)
                    } else {
                        Op::SetLocal(slot)
                    });
                }
                _ => self.define_name(*n, t),
            }
        }
        Ok(())
    }

    fn assign(&mut self, lhs: &'a [Expr], op: &str, rhs: &'a [Expr], pos: Pos) -> Result<()> {
        if op != "=" {
            // `x op= y`.
            let (x, y) = (&lhs[0], &rhs[0]);
            let ty = self.type_of(x);
            let place = self.place(x)?;
            self.expr(x)?;
            let bin = binop(&op[..op.len() - 1]).ok_or_else(|| not_yet(pos, op))?;
            if matches!(bin, BinOp::Shl | BinOp::Shr) {
                self.expr_to(y, &Type::Basic("uint"))?;
            } else {
                self.expr_to(y, &ty)?;
            }
            self.line(pos);
            self.emit(Op::Binary(bin, num_of(&ty)));
            self.store(place);
            return Ok(());
        }
        if lhs.len() == 1 && rhs.len() == 1 {
            let ty = self.type_of(&lhs[0]);
            let place = self.place(&lhs[0])?;
            self.expr_to(&rhs[0], &ty)?;
            self.store(place);
            return Ok(());
        }
        // Several: the values first (into temporaries), then the stores, left to right.
        let temps: Vec<u16> = (0..lhs.len()).map(|_| self.temp()).collect();
        if rhs.len() == 1 {
            self.multi_value(&rhs[0], lhs.len())?;
        } else {
            for (l, r) in lhs.iter().zip(rhs) {
                let ty = self.type_of(l);
                self.expr_to(r, &ty)?;
            }
        }
        for t in temps.iter().rev() {
            self.emit(Op::SetLocal(*t));
        }
        for (l, t) in lhs.iter().zip(temps) {
            let place = self.place(l)?;
            self.emit(Op::Local(t));
            self.store(place);
        }
        Ok(())
    }

    /// Pushes what an assignment to `e` needs before its value.
    fn place(&mut self, e: &'a Expr) -> Result<Place> {
        match &e.kind {
            ExprKind::Ident(n) if n == "_" => Ok(Place::Blank),
            ExprKind::Ident(n) => match self.resolve(n) {
                Name::Slot { slot, boxed, .. } => Ok(if boxed {
                    Place::Cell(slot)
                } else {
                    Place::Slot(slot)
                }),
                Name::Capture { index, .. } => {
                    self.emit(Op::Capture(index));
                    Ok(Place::Pointer)
                }
                Name::Global(g) => {
                    self.emit(Op::Global(g));
                    Ok(Place::Pointer)
                }
                _ => Err(not_yet(e.pos, format!("an assignment to {n}"))),
            },
            ExprKind::Paren(x) => self.place(x),
            ExprKind::Index(x, index) if matches!(self.type_of(x).underlying(), Type::Map(..)) => {
                let Type::Map(k, _) = self.type_of(x).underlying().clone() else {
                    unreachable!()
                };
                self.expr(x)?;
                self.expr_to(&index[0], &k)?;
                Ok(Place::Map)
            }
            ExprKind::Index(x, index) if matches!(self.type_of(x).underlying(), Type::Slice(_)) => {
                self.expr(x)?;
                self.expr_to(&index[0], &Type::Basic("int"))?;
                Ok(Place::Index)
            }
            _ => {
                self.address(e)?;
                Ok(Place::Pointer)
            }
        }
    }

    fn store(&mut self, place: Place) {
        match place {
            Place::Slot(s) => {
                self.emit(Op::SetLocal(s));
            }
            Place::Cell(s) => {
                self.emit(Op::StoreCell(s));
            }
            Place::Pointer => {
                self.emit(Op::Store);
            }
            Place::Index => {
                self.emit(Op::SetIndex);
            }
            Place::Map => {
                self.emit(Op::MapSet);
            }
            Place::Blank => {
                self.emit(Op::Pop);
            }
        }
    }

    /// Pushes a pointer to the variable `e` names (`&x`, `x.f = v`, a pointer method's
    /// receiver).
    fn address(&mut self, e: &'a Expr) -> Result<()> {
        match &e.kind {
            ExprKind::Paren(x) => self.address(x),
            ExprKind::Ident(n) => match self.resolve(n) {
                Name::Slot { slot, boxed, .. } => {
                    if !boxed {
                        // Its address is taken: it must live in a cell. Compiled again.
                        if let Some(def) = self.def_of(n) {
                            if self.boxed.insert(def) {
                                self.grew = true;
                            }
                        }
                    }
                    self.emit(Op::Local(slot));
                    Ok(())
                }
                Name::Capture { index, .. } => {
                    self.emit(Op::Capture(index));
                    Ok(())
                }
                Name::Global(g) => {
                    self.emit(Op::Global(g));
                    Ok(())
                }
                _ => Err(not_yet(e.pos, format!("the address of {n}"))),
            },
            ExprKind::Selector(x, sel) => {
                let path = self.field_path_of(x, sel)?;
                self.address_along(x, &path)
            }
            ExprKind::Index(x, index) => {
                match self.type_of(x).underlying() {
                    Type::Slice(_) | Type::Pointer(_) => {
                        self.expr(x)?;
                    }
                    Type::Array(..) => self.address(x)?,
                    _ => return Err(not_yet(e.pos, "this index")),
                }
                self.expr_to(&index[0], &Type::Basic("int"))?;
                self.line(e.pos);
                self.emit(Op::IndexAddr);
                Ok(())
            }
            ExprKind::Star(x) => {
                self.expr(x)?;
                Ok(())
            }
            ExprKind::Composite { .. } => {
                self.expr(e)?;
                self.emit(Op::NewPtr);
                Ok(())
            }
            _ => Err(not_yet(e.pos, "taking this address")),
        }
    }

    /// Where the local variable `name` (in the current function) was declared.
    fn def_of(&mut self, name: &str) -> Option<Pos> {
        match self.ctx().lookup(name) {
            Some(Local::Var { def, .. }) => Some(*def),
            _ => None,
        }
    }

    fn return_stmt(&mut self, results: &'a [Expr], pos: Pos) -> Result<()> {
        let want = self.ctx().results.clone();
        let named = !self.ctx().named_results.is_empty();
        if results.is_empty() && !named && !want.is_empty() {
            // The type pass leaves a bare return to here, where the results' names are known.
            return Err(CompileError::new(pos, "not enough return values"));
        }
        if results.is_empty() {
            self.line(pos);
            self.emit(if named {
                Op::ReturnNamed
            } else {
                Op::Return(0)
            });
            return Ok(());
        }
        if results.len() == 1 && want.len() > 1 {
            self.expr(&results[0])?;
        } else {
            for (r, t) in results.iter().zip(&want) {
                self.expr_to(r, t)?;
            }
        }
        self.line(pos);
        if named {
            let slots = self.ctx().named_results.clone();
            for (slot, boxed) in slots.into_iter().rev() {
                self.emit(if boxed {
                    Op::StoreCell(slot)
                } else {
                    Op::SetLocal(slot)
                });
            }
            self.emit(Op::ReturnNamed);
        } else {
            self.emit(Op::Return(want.len() as u16));
        }
        Ok(())
    }

    fn push_target(&mut self, label: Option<String>, is_loop: bool) {
        self.ctx().targets.push(Target {
            label,
            is_loop,
            breaks: Vec::new(),
            continues: Vec::new(),
        });
    }

    /// Ends a loop or switch: its `continue`s go to `next`, its `break`s here.
    fn pop_target(&mut self, next: u32) {
        let target = self.ctx().targets.pop().expect("a target");
        let end = self.here();
        for at in target.breaks {
            self.patch(at, end);
        }
        for at in target.continues {
            self.patch(at, next);
        }
    }

    fn for_stmt(
        &mut self,
        label: Option<String>,
        init: &'a Option<Box<Stmt>>,
        cond: &'a Option<Expr>,
        post: &'a Option<Box<Stmt>>,
        body: &'a Block,
    ) -> Result<()> {
        self.open();
        if let Some(i) = init {
            self.stmt(i)?;
        }
        // Go 1.22: each iteration has its own copy of the variables `init` declares.
        let per_iteration: Vec<u16> = self
            .ctx()
            .scopes
            .last()
            .map(|s| {
                s.values()
                    .filter_map(|l| match l {
                        Local::Var {
                            slot, boxed: true, ..
                        } => Some(*slot),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let top = self.here();
        let exit = match cond {
            Some(c) => {
                self.cond(c)?;
                Some(self.emit(Op::JumpIfFalse(0)))
            }
            None => None,
        };
        self.push_target(label, true);
        self.block(body)?;
        let next = self.here();
        for slot in &per_iteration {
            self.emit(Op::LoadCell(*slot));
            self.emit(Op::NewCell(*slot));
        }
        if let Some(p) = post {
            self.stmt(p)?;
        }
        self.emit(Op::Jump(top));
        if let Some(at) = exit {
            let here = self.here();
            self.patch(at, here);
        }
        self.pop_target(next);
        self.close();
        Ok(())
    }

    fn range(
        &mut self,
        label: Option<String>,
        key: Option<&'a Expr>,
        value: Option<&'a Expr>,
        define: bool,
        x: &'a Expr,
        body: &'a Block,
    ) -> Result<()> {
        let over = self.type_of(x).defaulted();
        self.open();
        // Assigns the value on the stack to the key or value expression.
        let bind = |c: &mut Self, target: Option<&'a Expr>, ty: Type| -> Result<()> {
            match target {
                None => {
                    c.emit(Op::Pop);
                }
                Some(t) if define => c.define_name(ident_of(t), ty),
                Some(t) => {
                    let temp = c.temp();
                    c.emit(Op::SetLocal(temp));
                    let place = c.place(t)?;
                    c.emit(Op::Local(temp));
                    c.store(place);
                }
            }
            Ok(())
        };
        match over.underlying().clone() {
            Type::Chan(_, elem) => {
                let ch = self.temp();
                self.expr(x)?;
                self.emit(Op::SetLocal(ch));
                let t = self.rtype(&elem, x.pos)?;
                let top = self.here();
                self.line(x.pos);
                self.emit(Op::Local(ch));
                self.emit(Op::RecvOk(t));
                let done = self.emit(Op::JumpIfFalse(0));
                self.open();
                bind(self, key, (*elem).clone())?;
                self.push_target(label, true);
                self.block(body)?;
                self.close();
                self.emit(Op::Jump(top));
                let here = self.here();
                self.patch(done, here);
                self.emit(Op::Pop);
                let ctx = self.ctx();
                // `break` leaves after the pop: nothing of the loop is on the stack then.
                let target = ctx.targets.pop().expect("a target");
                let end = self.here();
                for at in target.breaks {
                    self.patch(at, end);
                }
                for at in target.continues {
                    self.patch(at, top);
                }
            }
            t if t.is_integer() => {
                let ty = over.clone();
                let n = self.temp();
                self.expr_to(x, &ty)?;
                self.emit(Op::SetLocal(n));
                let (i, top, done) = self.index_loop(n, num_of(&ty));
                self.open();
                if key.is_some() {
                    self.emit(Op::Local(i));
                    bind(self, key, ty.clone())?;
                }
                self.push_target(label, true);
                self.block(body)?;
                self.close();
                let next = self.here();
                self.increment(i, num_of(&ty));
                self.emit(Op::Jump(top));
                let here = self.here();
                self.patch(done, here);
                self.pop_target(next);
            }
            Type::Slice(elem) | Type::Array(_, elem) => {
                let s = self.temp();
                self.expr(x)?;
                self.emit(Op::SetLocal(s));
                let n = self.len_of(s);
                let (i, top, done) = self.index_loop(n, Num::Int(IntKind::I64));
                self.open();
                if key.is_some() {
                    self.emit(Op::Local(i));
                    bind(self, key, Type::Basic("int"))?;
                }
                if value.is_some() {
                    self.emit(Op::Local(s));
                    self.emit(Op::Local(i));
                    self.emit(Op::Index);
                    bind(self, value, (*elem).clone())?;
                }
                self.push_target(label, true);
                self.block(body)?;
                self.close();
                let next = self.here();
                self.increment(i, Num::Int(IntKind::I64));
                self.emit(Op::Jump(top));
                let here = self.here();
                self.patch(done, here);
                self.pop_target(next);
            }
            Type::Map(kt, vt) => {
                // The keys now, from a random entry; each one's value as the loop reaches it
                // (an entry deleted meanwhile is skipped, as Go skips it).
                let (m, keys, k) = (self.temp(), self.temp(), self.temp());
                self.expr(x)?;
                self.emit(Op::SetLocal(m));
                self.emit(Op::Local(m));
                self.emit(Op::MapKeys);
                self.emit(Op::SetLocal(keys));
                let n = self.len_of(keys);
                let (i, top, done) = self.index_loop(n, Num::Int(IntKind::I64));
                self.emit(Op::Local(keys));
                self.emit(Op::Local(i));
                self.emit(Op::Index);
                self.emit(Op::SetLocal(k));
                self.increment(i, Num::Int(IntKind::I64));
                self.emit(Op::Local(m));
                self.emit(Op::Local(k));
                let vt_id = self.rtype(&vt, x.pos)?;
                self.emit(Op::MapIndexOk(vt_id));
                let gone = self.emit(Op::JumpIfFalse(0));
                let value_slot = self.temp();
                self.emit(Op::SetLocal(value_slot));
                self.open();
                if key.is_some() {
                    self.emit(Op::Local(k));
                    bind(self, key, (*kt).clone())?;
                }
                if value.is_some() {
                    self.emit(Op::Local(value_slot));
                    bind(self, value, (*vt).clone())?;
                }
                self.push_target(label, true);
                self.block(body)?;
                self.close();
                self.emit(Op::Jump(top));
                // A deleted entry: its zero value is on the stack.
                let here = self.here();
                self.patch(gone, here);
                self.emit(Op::Pop);
                self.emit(Op::Jump(top));
                let here = self.here();
                self.patch(done, here);
                self.pop_target(top);
            }
            Type::Basic("string") => {
                let (s, at) = (self.temp(), self.temp());
                self.expr(x)?;
                self.emit(Op::SetLocal(s));
                let n = self.len_of(s);
                let (i, top, done) = self.index_loop(n, Num::Int(IntKind::I64));
                self.emit(Op::Local(i));
                self.emit(Op::SetLocal(at));
                self.emit(Op::Local(s));
                self.emit(Op::Local(i));
                self.emit(Op::StringRune);
                self.emit(Op::SetLocal(i));
                self.open();
                let rune = self.temp();
                self.emit(Op::SetLocal(rune));
                if key.is_some() {
                    self.emit(Op::Local(at));
                    bind(self, key, Type::Basic("int"))?;
                }
                if value.is_some() {
                    self.emit(Op::Local(rune));
                    bind(self, value, Type::Basic("int32"))?;
                }
                self.push_target(label, true);
                self.block(body)?;
                self.close();
                self.emit(Op::Jump(top));
                let here = self.here();
                self.patch(done, here);
                self.pop_target(top);
            }
            _ => return Err(not_yet(x.pos, format!("range over {over}"))),
        }
        self.close();
        Ok(())
    }

    /// `x.(T)`: the value as a `T` (or, with `ok`, and whether it is one).
    fn assert(&mut self, e: &'a Expr, x: &'a Expr, t: &'a Expr, ok: bool) -> Result<()> {
        let from_ty = self.type_of(x);
        let to_ty = self.type_of(t);
        self.expr(x)?;
        let from = self.rtype(&from_ty, x.pos)?;
        let to = self.rtype(&to_ty, t.pos)?;
        self.line(e.pos);
        self.emit(if is_interface(&to_ty) {
            Op::AssertIface(from, to, ok)
        } else {
            Op::Assert(from, to, ok)
        });
        Ok(())
    }

    /// `switch v := x.(type)`: each case's types tested in order (`nil` by comparison), `v`
    /// bound per clause — as the case's type when it names one, else as `x`.
    fn type_switch(
        &mut self,
        label: Option<String>,
        init: &'a Option<Box<Stmt>>,
        guard: &'a Stmt,
        cases: &'a [CaseClause],
    ) -> Result<()> {
        self.open();
        if let Some(i) = init {
            self.stmt(i)?;
        }
        let (bound, asserted) = match &guard.kind {
            StmtKind::Define(lhs, rhs, _) => (lhs.first().map(ident_of), rhs.first()),
            StmtKind::Expr(e) => (None, Some(e)),
            _ => (None, None),
        };
        let Some(ExprKind::TypeAssert(x, None)) = asserted.map(|a| &strip(a).kind) else {
            return Err(not_yet(guard.pos, "this type switch"));
        };
        let x_ty = self.type_of(x);
        let value = self.temp();
        self.expr(x)?;
        self.emit(Op::SetLocal(value));
        let is_nil = |e: &Expr| matches!(&e.kind, ExprKind::Ident(n) if n == "nil");
        let mut jumps = Vec::new();
        for c in cases {
            let mut js = Vec::new();
            for t in &c.list {
                self.line(t.pos);
                self.emit(Op::Local(value));
                if is_nil(t) {
                    self.emit(Op::Nil);
                    self.emit(Op::Binary(BinOp::Eq, Num::Any));
                } else {
                    let ty = self.type_of(t);
                    let id = self.rtype(&ty, t.pos)?;
                    self.emit(if is_interface(&ty) {
                        Op::Implements(id)
                    } else {
                        Op::IsType(id)
                    });
                }
                js.push(self.emit(Op::JumpIfTrue(0)));
            }
            jumps.push(js);
        }
        let to_default = self.emit(Op::Jump(0));
        self.push_target(label, false);
        let mut ends = Vec::new();
        let mut default_at = None;
        for (c, js) in cases.iter().zip(jumps) {
            let start = self.here();
            for j in js {
                self.patch(j, start);
            }
            if c.default {
                default_at = Some(start);
            }
            self.open();
            if let Some(name) = bound {
                self.emit(Op::Local(value));
                let ty = match c.list.as_slice() {
                    [one] if !is_nil(one) => {
                        let ty = self.type_of(one);
                        if !is_interface(&ty) {
                            let from = self.rtype(&x_ty, one.pos)?;
                            let to = self.rtype(&ty, one.pos)?;
                            self.emit(Op::Assert(from, to, false));
                        }
                        ty
                    }
                    _ => x_ty.clone(),
                };
                self.define_name(name, ty);
            }
            self.stmts(&c.body)?;
            self.close();
            ends.push(self.emit(Op::Jump(0)));
        }
        let end = self.here();
        self.patch(to_default, default_at.unwrap_or(end));
        for j in ends {
            self.patch(j, end);
        }
        self.pop_target(end);
        self.close();
        Ok(())
    }

    /// `select`: the cases' channels and values, one `Op::Select`, then the chosen clause's
    /// body (which first takes the received value, if it names one).
    fn select(&mut self, label: Option<String>, clauses: &'a [CommClause], pos: Pos) -> Result<()> {
        // One case and no default: gc compiles it as the plain send or receive (its wait
        // reason and line are the operation's).
        if let [only] = clauses {
            if let Some(comm) = only.comm.as_deref() {
                self.push_target(label, false);
                self.open();
                self.stmt(comm)?;
                self.stmts(&only.body)?;
                self.close();
                let end = self.here();
                self.pop_target(end);
                return Ok(());
            }
        }
        let mut cases = SelectCases::default();
        let mut comms: Vec<Option<&'a Stmt>> = Vec::new();
        for c in clauses {
            let Some(comm) = c.comm.as_deref() else {
                cases.default = true;
                comms.push(None);
                continue;
            };
            self.line(comm.pos);
            match &comm.kind {
                StmtKind::Send(ch, v) => {
                    let elem = match self.type_of(ch).underlying() {
                        Type::Chan(_, t) => (**t).clone(),
                        _ => return Err(not_yet(ch.pos, "this send")),
                    };
                    self.expr(ch)?;
                    self.expr_to(v, &elem)?;
                    let t = self.rtype(&elem, ch.pos)?;
                    cases.cases.push((true, t));
                }
                _ => {
                    let Some(ch) = select_recv(comm) else {
                        return Err(not_yet(comm.pos, "this select case"));
                    };
                    let t = self.elem_rtype(ch)?;
                    self.expr(ch)?;
                    cases.cases.push((false, t));
                }
            }
            comms.push(Some(comm));
        }
        self.line(pos);
        let ctx = self.ctx();
        ctx.selects.push(cases);
        let index = (ctx.selects.len() - 1) as u32;
        self.emit(Op::Select(index));
        let (value, ok, chosen) = (self.temp(), self.temp(), self.temp());
        self.emit(Op::SetLocal(chosen));
        self.emit(Op::SetLocal(ok));
        self.emit(Op::SetLocal(value));
        // Case k's number: its place among the cases that are not `default`.
        let mut jumps = Vec::new();
        let mut number = 0i64;
        let n = comms.iter().filter(|c| c.is_some()).count() as i64;
        for comm in &comms {
            let k = if comm.is_some() {
                number += 1;
                number - 1
            } else {
                n
            };
            self.emit(Op::Local(chosen));
            self.constant(Value::Int(k));
            self.emit(Op::Binary(BinOp::Eq, Num::Int(IntKind::I64)));
            jumps.push(self.emit(Op::JumpIfTrue(0)));
        }
        let skip = self.emit(Op::Jump(0));
        self.push_target(label, false);
        let mut ends = vec![skip];
        for ((c, comm), j) in clauses.iter().zip(&comms).zip(jumps) {
            let start = self.here();
            self.patch(j, start);
            self.open();
            if let Some(comm) = comm {
                self.line(comm.pos);
                self.select_assign(comm, value, ok)?;
            }
            self.stmts(&c.body)?;
            self.close();
            ends.push(self.emit(Op::Jump(0)));
        }
        let end = self.here();
        for j in ends {
            self.patch(j, end);
        }
        self.pop_target(end);
        Ok(())
    }

    /// A select case's `v := <-ch`, `v, ok = <-ch`…: the received value (and `ok`) from their
    /// temporaries into the case's variables.
    fn select_assign(&mut self, comm: &'a Stmt, value: u16, ok: u16) -> Result<()> {
        match &comm.kind {
            StmtKind::Define(lhs, rhs, _) => {
                let ch = select_recv(comm).ok_or_else(|| not_yet(comm.pos, "this case"))?;
                let elem = match self.type_of(ch).underlying() {
                    Type::Chan(_, t) => (**t).clone(),
                    _ => Type::Unknown,
                };
                let _ = rhs;
                let temps = [value, ok];
                let types = [elem, Type::Basic("bool")];
                for ((l, t), ty) in lhs.iter().zip(temps).zip(types) {
                    self.emit(Op::Local(t));
                    self.define_name(ident_of(l), ty);
                }
            }
            StmtKind::Assign(lhs, "=", _) => {
                for (l, t) in lhs.iter().zip([value, ok]) {
                    let place = self.place(l)?;
                    self.emit(Op::Local(t));
                    self.store(place);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `len` of the value in slot `s`, into a slot of its own.
    fn len_of(&mut self, s: u16) -> u16 {
        let n = self.temp();
        self.emit(Op::Local(s));
        self.emit(Op::Len);
        self.emit(Op::SetLocal(n));
        n
    }

    /// A range loop's index: `i := 0`, then its test `i < n` (`n` in its slot). The index's
    /// slot, where the test is, and the test's exit jump (to patch at the loop's end).
    fn index_loop(&mut self, n: u16, num: Num) -> (u16, u32, usize) {
        let i = self.temp();
        self.constant(Value::Int(0));
        self.emit(Op::SetLocal(i));
        let top = self.here();
        self.emit(Op::Local(i));
        self.emit(Op::Local(n));
        self.emit(Op::Binary(BinOp::Lt, num));
        let done = self.emit(Op::JumpIfFalse(0));
        (i, top, done)
    }

    /// `i++` of a range loop's index.
    fn increment(&mut self, i: u16, num: Num) {
        self.emit(Op::Local(i));
        self.constant(Value::Int(1));
        self.emit(Op::Binary(BinOp::Add, num));
        self.emit(Op::SetLocal(i));
    }

    fn switch(
        &mut self,
        label: Option<String>,
        init: &'a Option<Box<Stmt>>,
        tag: &'a Option<Box<Stmt>>,
        cases: &'a [CaseClause],
    ) -> Result<()> {
        self.open();
        if let Some(i) = init {
            self.stmt(i)?;
        }
        let tag_expr = match tag.as_deref() {
            Some(Stmt {
                kind: StmtKind::Expr(e),
                ..
            }) => Some(e),
            Some(s) => return Err(not_yet(s.pos, "this switch")),
            None => None,
        };
        let tag_slot = match tag_expr {
            Some(e) => {
                let t = self.temp();
                let ty = self.type_of(e).defaulted();
                self.expr_to(e, &ty)?;
                self.emit(Op::SetLocal(t));
                Some((t, ty))
            }
            None => None,
        };
        // The tests, each jumping to its clause's body.
        let mut jumps: Vec<Vec<usize>> = Vec::new();
        for c in cases {
            let mut js = Vec::new();
            for e in &c.list {
                self.line(e.pos);
                match &tag_slot {
                    Some((t, ty)) => {
                        self.emit(Op::Local(*t));
                        self.expr_to(e, ty)?;
                        let num = if is_interface(ty) || is_interface(&self.type_of(e)) {
                            Num::Any
                        } else {
                            num_of(ty)
                        };
                        self.emit(Op::Binary(BinOp::Eq, num));
                    }
                    None => self.cond(e)?,
                }
                js.push(self.emit(Op::JumpIfTrue(0)));
            }
            jumps.push(js);
        }
        let to_default = self.emit(Op::Jump(0));
        self.push_target(label, false);
        let mut ends = Vec::new();
        let mut default_at = None;
        let mut fall: Option<usize> = None;
        for (c, js) in cases.iter().zip(jumps) {
            let start = self.here();
            if let Some(f) = fall.take() {
                self.patch(f, start);
            }
            for j in js {
                self.patch(j, start);
            }
            if c.default {
                default_at = Some(start);
            }
            self.open();
            self.stmts(&c.body)?;
            self.close();
            let falls = matches!(c.body.last().map(|s| &s.kind), Some(StmtKind::Fallthrough));
            let j = self.emit(Op::Jump(0));
            if falls {
                fall = Some(j);
            } else {
                ends.push(j);
            }
        }
        let end = self.here();
        self.patch(to_default, default_at.unwrap_or(end));
        for j in ends {
            self.patch(j, end);
        }
        self.pop_target(end);
        self.close();
        Ok(())
    }

    // ---- expressions ------------------------------------------------------------------

    /// Pushes `e`'s value as a value of `target` (an untyped constant takes its type; a
    /// concrete value going into an interface is boxed with its type).
    fn expr_to(&mut self, e: &'a Expr, target: &Type) -> Result<()> {
        if let Some(c) = self.const_of(e) {
            let own = self.type_of(e);
            let ty = if matches!(target, Type::Unknown) || is_interface(target) {
                own.defaulted()
            } else {
                target.clone()
            };
            self.push_const(&c, &ty, e.pos)?;
            if is_interface(target) {
                let id = self.rtype(&ty, e.pos)?;
                self.emit(Op::Box(id));
            }
            return Ok(());
        }
        let ty = self.expr(e)?;
        self.convert_to(&ty, target, e.pos)
    }

    /// Boxes a concrete value on the stack going into an interface.
    fn convert_to(&mut self, from: &Type, target: &Type, pos: Pos) -> Result<()> {
        if is_interface(target)
            && !is_interface(from)
            && !matches!(from, Type::Untyped(Untyped::Nil))
        {
            let id = self.rtype(from, pos)?;
            self.emit(Op::Box(id));
        }
        Ok(())
    }

    /// Pushes 1 as a value of `ty` (for `x++`).
    fn one_of(&mut self, ty: &Type, pos: Pos) -> Result<()> {
        self.push_const(&Const::Int(1), ty, pos)
    }

    /// Pushes a constant as a value of `ty`.
    fn push_const(&mut self, c: &Const, ty: &Type, pos: Pos) -> Result<()> {
        let v = match (c, ty.underlying()) {
            (Const::Bool(b), _) => Value::Bool(*b),
            (Const::Str(s), _) => Value::str(s),
            (Const::Int(i), Type::Basic("float64" | "float32")) => Value::Float(*i as f64),
            (Const::Float(f), Type::Basic("float64" | "float32")) => Value::Float(*f),
            (Const::Int(i), Type::Basic(b)) => {
                let k = IntKind::of(b).unwrap_or(IntKind::I64);
                Value::Int(k.wrap(*i as i64))
            }
            (Const::Float(f), Type::Basic(b)) => {
                let k = IntKind::of(b).unwrap_or(IntKind::I64);
                Value::Int(k.wrap(*f as i64))
            }
            (Const::Int(i), _) => Value::Int(*i as i64),
            (Const::Float(f), _) => Value::Float(*f),
        };
        let _ = pos;
        self.constant(v);
        Ok(())
    }

    /// Compiles `e`, leaving its value (or a call's values) on the stack; its type.
    fn expr(&mut self, e: &'a Expr) -> Result<Type> {
        let ty = self.type_of(e);
        if let Some(c) = self.const_of(e) {
            let t = ty.clone().defaulted();
            self.push_const(&c, &t, e.pos)?;
            return Ok(t);
        }
        match &e.kind {
            ExprKind::Ident(name) => {
                if name == "nil" {
                    self.emit(Op::Nil);
                    return Ok(Type::Untyped(Untyped::Nil));
                }
                self.load_name(name, e.pos)?;
            }
            ExprKind::Paren(x) => return self.expr(x),
            ExprKind::FuncLit(ft, body) => self.func_lit(ft, body, e.pos)?,
            ExprKind::Unary(op, x) => self.unary(op, x, e)?,
            ExprKind::Binary(op, x, y) => self.binary(op, x, y, e)?,
            ExprKind::Call {
                fun,
                args,
                spread,
                open,
                ..
            } => {
                // A frame is at its call's line: the `(`'s, as gc has it (`}()` of a literal).
                return self.call(e, *open, fun, args, *spread);
            }
            ExprKind::Index(x, index) => {
                let xt = self.type_of(x);
                match xt.underlying() {
                    Type::Slice(_) | Type::Array(..) | Type::Basic("string") => {
                        self.expr(x)?;
                    }
                    Type::Pointer(inner) if matches!(inner.underlying(), Type::Array(..)) => {
                        self.expr(x)?;
                        self.emit(Op::Deref);
                    }
                    Type::Map(k, v) => {
                        let (k, v) = ((**k).clone(), (**v).clone());
                        self.expr(x)?;
                        self.expr_to(&index[0], &k)?;
                        let t = self.rtype(&v, e.pos)?;
                        self.emit(Op::MapIndex(t));
                        return Ok(ty);
                    }
                    _ => return Err(not_yet(e.pos, format!("indexing a {xt}"))),
                }
                self.expr_to(&index[0], &Type::Basic("int"))?;
                self.line(e.pos);
                self.emit(Op::Index);
            }
            ExprKind::Slice { x, lo, hi, max } => {
                if max.is_some() {
                    return Err(not_yet(e.pos, "three-index slices"));
                }
                let over = self.type_of(x);
                let array = |t: &Type| matches!(t.underlying(), Type::Array(..));
                let of_array = array(&over);
                let shares = of_array || matches!(over.underlying(), Type::Pointer(t) if array(t));
                if of_array {
                    // A slice of an array shares the array's storage: the array variable's
                    // own (Ptr::shared_array). An array inside a struct or a slice is copied
                    // with it, and has none to share.
                    if !matches!(strip(x).kind, ExprKind::Ident(_)) {
                        return Err(not_yet(
                            e.pos,
                            "slicing an array inside a struct or a slice",
                        ));
                    }
                    self.address(x)?;
                } else {
                    self.expr(x)?;
                }
                if let Some(lo) = lo {
                    self.expr_to(lo, &Type::Basic("int"))?;
                }
                if let Some(hi) = hi {
                    self.expr_to(hi, &Type::Basic("int"))?;
                }
                self.line(e.pos);
                let (lo, hi) = (lo.is_some(), hi.is_some());
                self.emit(if shares {
                    Op::SliceArray(lo, hi)
                } else {
                    Op::SliceExpr(lo, hi)
                });
            }
            ExprKind::Star(x) => {
                self.expr(x)?;
                self.line(e.pos);
                self.emit(Op::Deref);
            }
            ExprKind::Selector(x, sel) => self.selector(e, x, sel)?,
            ExprKind::TypeAssert(x, Some(t)) => self.assert(e, x, t, false)?,
            ExprKind::Composite { ty: t, elems, .. } => {
                self.composite(e, t.as_deref(), elems, None)?
            }
            _ => return Err(not_yet(e.pos, "this expression")),
        }
        if ty.is_unknown() {
            return Err(not_yet(e.pos, "this expression"));
        }
        Ok(ty)
    }

    fn func_lit(&mut self, ft: &'a FuncType, body: &'a Block, pos: Pos) -> Result<()> {
        let parent = self.ctx();
        parent.closures += 1;
        let name = format!(
            "{}.{}",
            parent.name,
            closure_suffix(&parent.name, parent.closures)
        );
        let id = self.reserve(&name);
        let mut ctx = FnCtx::new(name, pos.line);
        ctx.results = self.result_types(ft);
        self.fns.push(ctx);
        let params: Vec<&'a Field> = ft.params.iter().collect();
        let n = self.bind_params(&params, ft)?;
        self.body(body)?;
        let ctx = self.fns.pop().expect("a closure");
        let captures = ctx.captures.clone();
        self.finish(id, ctx, n, pos);
        for (_, from) in &captures {
            match *from {
                From::Slot(s) => self.emit(Op::Local(s)),
                From::Capture(i) => self.emit(Op::Capture(i)),
            };
        }
        self.emit(Op::Closure(id, captures.len() as u16));
        Ok(())
    }

    fn unary(&mut self, op: &str, x: &'a Expr, e: &'a Expr) -> Result<()> {
        match op {
            "&" => return self.address(x),
            "<-" => {
                let t = self.elem_rtype(x)?;
                self.expr(x)?;
                self.line(e.pos);
                self.emit(Op::Recv(t));
                return Ok(());
            }
            _ => {}
        }
        let ty = self.type_of(e);
        self.expr_to(x, &ty)?;
        match op {
            "-" => self.emit(Op::Neg(num_of(&ty))),
            "!" => self.emit(Op::Not),
            "^" => match num_of(&ty) {
                Num::Int(k) => self.emit(Op::Complement(k)),
                _ => return Err(not_yet(e.pos, "this operator")),
            },
            "+" => 0,
            _ => return Err(not_yet(e.pos, format!("the operator {op}"))),
        };
        Ok(())
    }

    fn binary(&mut self, op: &str, x: &'a Expr, y: &'a Expr, e: &'a Expr) -> Result<()> {
        if op == "&&" || op == "||" {
            self.cond(x)?;
            self.emit(Op::Dup);
            let skip = self.emit(if op == "&&" {
                Op::JumpIfFalse(0)
            } else {
                Op::JumpIfTrue(0)
            });
            self.emit(Op::Pop);
            self.cond(y)?;
            let here = self.here();
            self.patch(skip, here);
            return Ok(());
        }
        let bin = binop(op).ok_or_else(|| not_yet(e.pos, format!("the operator {op}")))?;
        let (tx, ty) = (self.type_of(x), self.type_of(y));
        if matches!(bin, BinOp::Shl | BinOp::Shr) {
            let t = match self.type_of(e) {
                Type::Untyped(_) => Type::Basic("int"),
                t => t,
            };
            self.expr_to(x, &t)?;
            self.expr_to(y, &Type::Basic("uint"))?;
            self.line(e.pos);
            self.emit(Op::Binary(bin, num_of(&t)));
            return Ok(());
        }
        let untyped = |t: &Type| matches!(t, Type::Untyped(_));
        let operand = match (untyped(&tx), untyped(&ty)) {
            (true, false) => ty.clone(),
            (false, _) => tx.clone(),
            (true, true) => tx.clone().defaulted(),
        };
        let nil_compare =
            matches!(tx, Type::Untyped(Untyped::Nil)) || matches!(ty, Type::Untyped(Untyped::Nil));
        // An interface compared with a concrete value: the value is boxed.
        let target = if is_interface(&tx) || is_interface(&ty) {
            if is_interface(&tx) {
                tx.clone()
            } else {
                ty.clone()
            }
        } else {
            operand.clone()
        };
        self.expr_to(x, &target)?;
        self.expr_to(y, &target)?;
        let num = if nil_compare || is_interface(&target) {
            Num::Any
        } else {
            match (num_of(&operand), bin) {
                (Num::Any, _) => Num::Any,
                (n, _) => n,
            }
        };
        self.line(e.pos);
        self.emit(Op::Binary(bin, num));
        Ok(())
    }

    /// `x.f`: a package's member, a struct's field, or a method value.
    fn selector(&mut self, e: &'a Expr, x: &'a Expr, sel: &'a Ident) -> Result<()> {
        if let ExprKind::Ident(pkg) = &x.kind {
            if let Name::Package = self.resolve(pkg) {
                let pname = self.packages[pkg.as_str()].name.clone();
                let qualified = format!("{pname}.{}", sel.name);
                return match Native::by_name(&qualified) {
                    // A package variable (`context.Canceled`): the VM's one value of it.
                    Some(n) if self.info.mode_of(e) == Some(Mode::Variable) => {
                        self.emit(Op::CallNative(n, 0));
                        Ok(())
                    }
                    Some(n) => {
                        self.constant(Value::native(n));
                        Ok(())
                    }
                    None => Err(not_yet(e.pos, qualified)),
                };
            }
        }
        let xt = self.type_of(x);
        if self.field_path(&xt, &sel.name, 0).is_none() {
            // A method value: the method bound to its receiver, evaluated now.
            if let Some((path, holder)) = self.method_path(&xt, &sel.name, 0) {
                let held = match &holder {
                    Type::Pointer(t) => (**t).clone(),
                    t => t.clone(),
                };
                if let Type::Named(tname, _, _) = &held {
                    if let Some(native) = Native::by_name(&format!("{tname}.{}", sel.name)) {
                        self.receiver(x, &path, &holder, false)?;
                        self.emit(Op::BindNative(native));
                        return Ok(());
                    }
                    if let Some(&(f, pointer_recv)) =
                        self.methods.get(&(tname.to_string(), sel.name.clone()))
                    {
                        self.receiver(x, &path, &holder, pointer_recv)?;
                        self.emit(Op::BindMethod(f));
                        return Ok(());
                    }
                }
            }
        }
        let path = self.field_path_of(x, sel)?;
        self.expr(x)?;
        self.line(e.pos);
        for (index, through_pointer) in path {
            if through_pointer {
                self.emit(Op::Deref);
            }
            self.emit(Op::Field(index));
        }
        Ok(())
    }

    /// Pushes a pointer to the field `path` leads to from `x` (a value's fields are reached
    /// through its address; an embedded pointer's through its value).
    fn address_along(&mut self, x: &'a Expr, path: &[(u16, bool)]) -> Result<()> {
        let Some(&(first, through_pointer)) = path.first() else {
            return self.address(x);
        };
        if through_pointer {
            self.expr(x)?;
        } else {
            self.address(x)?;
        }
        self.emit(Op::FieldAddr(first));
        for &(index, through_pointer) in &path[1..] {
            if through_pointer {
                self.emit(Op::Deref);
            }
            self.emit(Op::FieldAddr(index));
        }
        Ok(())
    }

    fn field_path_of(&mut self, x: &'a Expr, sel: &'a Ident) -> Result<Vec<(u16, bool)>> {
        let xt = self.type_of(x);
        self.field_path(&xt, &sel.name, 0)
            .ok_or_else(|| not_yet(sel.pos, format!("the selector {}", sel.name)))
    }

    /// The fields from a value of type `t` to its field `name` (promoted through embedded
    /// fields, the shallowest first): each a field's place and whether the value it is taken
    /// from is a pointer (followed first).
    fn field_path(&self, t: &Type, name: &str, depth: usize) -> Option<Vec<(u16, bool)>> {
        let (base, pointer) = match t {
            Type::Pointer(inner) => (&**inner, true),
            t => (t, false),
        };
        let Type::Named(_, key, _) = base else {
            return None;
        };
        let info = self.info.named(*key)?;
        if let Some(i) = info.fields.iter().position(|(f, _)| f == name) {
            return Some(vec![(i as u16, pointer)]);
        }
        if depth > 4 {
            return None;
        }
        info.embedded.iter().find_map(|&i| {
            let mut rest = self.field_path(&info.fields[i].1, name, depth + 1)?;
            rest.insert(0, (i as u16, pointer));
            Some(rest)
        })
    }

    /// The embedded fields from a value of type `t` to the one whose type has method `name`,
    /// and that type (the path is empty when `t` has it itself).
    fn method_path(&self, t: &Type, name: &str, depth: usize) -> Option<(Vec<(u16, bool)>, Type)> {
        let (base, pointer) = match t {
            Type::Pointer(inner) => (&**inner, true),
            t => (t, false),
        };
        let Type::Named(tname, key, _) = base else {
            return None;
        };
        let own = self
            .methods
            .contains_key(&(tname.to_string(), name.to_string()))
            || Native::by_name(&format!("{tname}.{name}")).is_some();
        if own {
            return Some((Vec::new(), t.clone()));
        }
        if depth > 4 {
            return None;
        }
        let info = self.info.named(*key)?;
        info.embedded.iter().find_map(|&i| {
            let (mut rest, holder) = self.method_path(&info.fields[i].1, name, depth + 1)?;
            rest.insert(0, (i as u16, pointer));
            Some((rest, holder))
        })
    }

    /// The methods `t` gets from its embedded fields (the shallowest holder of each name), each
    /// with whether only `*t` has it: a pointer method of a field embedded by value, with no
    /// pointer on the way to it, needs an addressable struct (Go's method-set rules).
    fn promoted_methods(&self, t: &Type) -> Vec<(String, Promoted, bool)> {
        let mut names = Vec::new();
        self.embedded_method_names(t, 0, &mut names);
        let mut out = Vec::new();
        for m in names {
            let Some((path, holder)) = self.method_path(t, &m, 0) else {
                continue;
            };
            if path.is_empty() || out.iter().any(|(n, _, _)| *n == m) {
                continue;
            }
            let holder_pointer = matches!(holder, Type::Pointer(_));
            let Type::Named(holder_name, _, _) = (match &holder {
                Type::Pointer(inner) => &**inner,
                h => h,
            }) else {
                continue;
            };
            let (target, wants_pointer) =
                match self.methods.get(&(holder_name.to_string(), m.clone())) {
                    Some((f, pointer)) => (FuncRef::Code(*f), *pointer),
                    None => match Native::by_name(&format!("{holder_name}.{m}")) {
                        Some(native) => (FuncRef::Native(native), false),
                        None => continue,
                    },
                };
            // A pointer on the way below the struct itself (`path` is not empty, see above).
            let indirect = holder_pointer || path[1..].iter().any(|&(_, p)| p);
            out.push((
                m,
                Promoted {
                    path,
                    holder_pointer,
                    wants_pointer,
                    target,
                },
                wants_pointer && !indirect,
            ));
        }
        out
    }

    /// The names of the methods of `t`'s embedded fields' types, deeper ones too.
    fn embedded_method_names(&self, t: &Type, depth: usize, names: &mut Vec<String>) {
        let base = match t {
            Type::Pointer(inner) => &**inner,
            t => t,
        };
        let Type::Named(_, key, _) = base else {
            return;
        };
        let Some(info) = self.info.named(*key) else {
            return;
        };
        if depth > 0 {
            names.extend(info.methods.iter().map(|(m, _)| m.clone()));
        }
        if depth > 4 {
            return;
        }
        for &i in &info.embedded {
            self.embedded_method_names(&info.fields[i].1, depth + 1, names);
        }
    }

    /// A composite literal; `hint` is the type of an element whose type is left out
    /// (`{1, 2}` in `[][]int{{1, 2}}`).
    fn composite(
        &mut self,
        e: &'a Expr,
        t: Option<&'a Expr>,
        elems: &'a [Expr],
        hint: Option<&Type>,
    ) -> Result<()> {
        let ty = match (t, hint) {
            (Some(t), _) => self.type_of(t),
            (None, Some(h)) => h.clone(),
            (None, None) => self.type_of(e),
        };
        match ty.underlying().clone() {
            Type::Map(kt, vt) => {
                self.constant(Value::Int(elems.len() as i64));
                self.emit(Op::MakeMap);
                for el in elems {
                    let ExprKind::KeyValue(k, v) = &el.kind else {
                        return Err(not_yet(el.pos, "a map element without a key"));
                    };
                    self.emit(Op::Dup);
                    self.element(k, &kt)?;
                    self.element(v, &vt)?;
                    self.emit(Op::MapSet);
                }
            }
            Type::Slice(elem) | Type::Array(_, elem) => {
                let len = match ty.underlying() {
                    Type::Array(Some(n), _) => Some(*n as usize),
                    _ => None,
                };
                // Each element's index: its key, or one past the element before it. Pushed in
                // source order, so keys must rise (zero values fill the gaps); other orders
                // would change the order Go evaluates the elements in.
                let mut next = 0usize;
                for el in elems {
                    let value = match &el.kind {
                        ExprKind::KeyValue(k, v) => {
                            let at = match self.const_of(k) {
                                Some(Const::Int(i)) if i >= next as i128 => i as usize,
                                _ => return Err(not_yet(el.pos, "keyed elements out of order")),
                            };
                            if len.is_some_and(|n| at >= n) {
                                return Err(not_yet(el.pos, "this keyed element"));
                            }
                            for _ in next..at {
                                self.zero(&elem, el.pos)?;
                            }
                            next = at;
                            &**v
                        }
                        _ => el,
                    };
                    self.element(value, &elem)?;
                    next += 1;
                }
                match len {
                    Some(n) => {
                        for _ in next..n {
                            self.zero(&elem, e.pos)?;
                        }
                        self.emit(Op::Struct(n as u16));
                    }
                    None => {
                        self.emit(Op::SliceOf(next as u32));
                    }
                }
            }
            _ => {
                let fields = match (&ty, ty.underlying()) {
                    (_, Type::Struct(fields)) => (**fields).clone(),
                    (Type::Named(_, key, _), _) => match self.info.named(*key) {
                        Some(n) => n.fields.clone(),
                        None => return Err(not_yet(e.pos, "this composite literal")),
                    },
                    _ => return Err(not_yet(e.pos, "this composite literal")),
                };
                let keyed = elems
                    .iter()
                    .any(|el| matches!(el.kind, ExprKind::KeyValue(..)));
                for (i, (fname, ftype)) in fields.iter().enumerate() {
                    let value = if keyed {
                        elems.iter().find_map(|el| match &el.kind {
                            ExprKind::KeyValue(k, v) => match &k.kind {
                                ExprKind::Ident(n) if n == fname => Some(&**v),
                                _ => None,
                            },
                            _ => None,
                        })
                    } else {
                        elems.get(i)
                    };
                    match value {
                        Some(v) => self.element(v, ftype)?,
                        None => self.zero(ftype, e.pos)?,
                    }
                }
                self.emit(Op::Struct(fields.len() as u16));
            }
        }
        Ok(())
    }

    /// An element of a composite literal, whose own type may be left out (`{1, 2}` for a
    /// `T`, or for a `*T` meaning `&T{1, 2}`).
    fn element(&mut self, el: &'a Expr, ty: &Type) -> Result<()> {
        if let ExprKind::Composite {
            ty: None, elems, ..
        } = &el.kind
        {
            if let Type::Pointer(inner) = ty {
                self.composite(el, None, elems, Some(inner))?;
                self.emit(Op::NewPtr);
            } else {
                self.composite(el, None, elems, Some(ty))?;
            }
            return Ok(());
        }
        self.expr_to(el, ty)
    }

    /// A call: a builtin, a conversion, a native, a method, a function value.
    fn call(
        &mut self,
        e: &'a Expr,
        open: Pos,
        fun: &'a Expr,
        args: &'a [Expr],
        spread: bool,
    ) -> Result<Type> {
        let ty = self.type_of(e);
        if self.info.mode_of(fun) == Some(Mode::TypeExpr) {
            self.conversion(e, fun, args)?;
            return Ok(ty);
        }
        if let ExprKind::Ident(name) = &strip(fun).kind {
            if let Name::Universe = self.resolve(name) {
                self.builtin_call(e, open, name, args, spread)?;
                return Ok(ty);
            }
        }
        if self.info.mode_of(fun) == Some(Mode::TypeExpr) {
            self.conversion(e, fun, args)?;
            return Ok(ty);
        }
        let Type::Func(sig) = self.type_of(fun).underlying().clone() else {
            return Err(not_yet(fun.pos, "this call"));
        };
        // A method: the receiver goes first.
        if let ExprKind::Selector(x, sel) = &strip(fun).kind {
            if let Some(()) = self.method_call(open, x, sel, args, spread, &sig)? {
                return Ok(ty);
            }
        }
        let direct = match &strip(fun).kind {
            ExprKind::Ident(name) => match self.resolve(name) {
                Name::Func(f) => Some(f),
                _ => None,
            },
            _ => None,
        };
        let native = match &strip(fun).kind {
            ExprKind::Selector(x, sel) => match &x.kind {
                ExprKind::Ident(p) if matches!(self.resolve(p), Name::Package) => {
                    let pname = self.packages[p.as_str()].name.clone();
                    let qualified = format!("{pname}.{}", sel.name);
                    Some(Native::by_name(&qualified).ok_or_else(|| not_yet(fun.pos, qualified))?)
                }
                _ => None,
            },
            _ => None,
        };
        if direct.is_none() && native.is_none() {
            self.expr(fun)?;
        }
        let n = self.args(args, spread, &sig, native.is_some())?;
        self.line(open);
        match (direct, native) {
            (Some(f), _) => self.emit(Op::Call(f, n)),
            (_, Some(nat)) => self.emit(Op::CallNative(nat, n)),
            _ => self.emit(Op::CallValue(n)),
        };
        Ok(ty)
    }

    /// Pushes a call's arguments; their number. A variadic function gets its extra
    /// arguments as one slice (a native gets them one by one).
    fn args(
        &mut self,
        args: &'a [Expr],
        spread: bool,
        sig: &super::types::Sig,
        native: bool,
    ) -> Result<u16> {
        if let [only] = args {
            // f(g()): g's results are f's arguments, each converted to its parameter's type.
            if let Type::Tuple(ts) = self.type_of(only) {
                self.expr(only)?;
                let temps: Vec<u16> = ts.iter().map(|_| self.temp()).collect();
                for t in temps.iter().rev() {
                    self.emit(Op::SetLocal(*t));
                }
                for (i, (t, from)) in temps.iter().zip(&ts).enumerate() {
                    self.emit(Op::Local(*t));
                    let param = match (sig.params.get(i), sig.params.last()) {
                        (Some(p), _) if !sig.variadic || i + 1 < sig.params.len() => p.clone(),
                        (_, Some(Type::Slice(elem))) => (**elem).clone(),
                        _ => Type::Unknown,
                    };
                    self.convert_to(from, &param, only.pos)?;
                }
                if sig.variadic && !native {
                    let fixed = sig.params.len() - 1;
                    self.emit(Op::SliceOf((ts.len() - fixed) as u32));
                    return Ok(fixed as u16 + 1);
                }
                return Ok(ts.len() as u16);
            }
        }
        let fixed = if sig.variadic {
            sig.params.len() - 1
        } else {
            sig.params.len()
        };
        for (a, t) in args.iter().zip(&sig.params).take(fixed) {
            self.expr_to(a, t)?;
        }
        if !sig.variadic {
            return Ok(args.len() as u16);
        }
        let elem = match sig.params.last() {
            Some(Type::Slice(e)) => (**e).clone(),
            _ => Type::Unknown,
        };
        if spread {
            if native {
                return Err(not_yet(args[fixed].pos, "passing a slice with ... here"));
            }
            self.expr(&args[fixed])?;
            return Ok(fixed as u16 + 1);
        }
        let extra = args.len().saturating_sub(fixed);
        for a in &args[fixed..] {
            self.expr_to(a, &elem)?;
        }
        if native {
            return Ok(args.len() as u16);
        }
        self.emit(Op::SliceOf(extra as u32));
        Ok(fixed as u16 + 1)
    }

    /// `x.m(args)` where `m` is a method: compiled code, a native of a package type, or an
    /// interface's method. `None` if `x.m` is not a method (a field of function type).
    fn method_call(
        &mut self,
        open: Pos,
        x: &'a Expr,
        sel: &'a Ident,
        args: &'a [Expr],
        spread: bool,
        sig: &super::types::Sig,
    ) -> Result<Option<()>> {
        let xt = self.type_of(x);
        if let ExprKind::Ident(p) = &x.kind {
            if matches!(self.resolve(p), Name::Package) {
                return Ok(None);
            }
        }
        if is_interface(&xt) {
            self.expr(x)?;
            let n = self.args(args, spread, sig, false)?;
            self.line(open);
            let ctx = self.ctx();
            ctx.consts.push(Value::str(&sel.name));
            let name = (ctx.consts.len() - 1) as u32;
            self.emit(Op::CallMethod(name, n));
            return Ok(Some(()));
        }
        let Some((path, holder)) = self.method_path(&xt, &sel.name, 0) else {
            return Ok(None);
        };
        let (base, _) = match &holder {
            Type::Pointer(t) => ((**t).clone(), true),
            t => (t.clone(), false),
        };
        let Type::Named(tname, _, _) = &base else {
            return Ok(None);
        };
        if let Some(native) = Native::by_name(&format!("{tname}.{}", sel.name)) {
            // The package types' natives take their receiver by value: the sync types are
            // references already.
            self.receiver(x, &path, &holder, false)?;
            let n = self.args(args, spread, sig, true)?;
            self.line(open);
            self.emit(Op::CallNative(native, n + 1));
            return Ok(Some(()));
        }
        let Some(&(f, pointer_recv)) = self.methods.get(&(tname.to_string(), sel.name.clone()))
        else {
            return Ok(None);
        };
        self.receiver(x, &path, &holder, pointer_recv)?;
        let n = self.args(args, spread, sig, false)?;
        self.line(open);
        self.emit(Op::Call(f, n + 1));
        Ok(Some(()))
    }

    /// Pushes the receiver of a method of `holder` — `x` itself (empty `path`) or the embedded
    /// field `path` leads to: its address if the method takes a pointer, else its value.
    fn receiver(
        &mut self,
        x: &'a Expr,
        path: &[(u16, bool)],
        holder: &Type,
        wants_pointer: bool,
    ) -> Result<()> {
        let holder_is_pointer = matches!(holder, Type::Pointer(_));
        if path.is_empty() {
            match (wants_pointer, holder_is_pointer) {
                (true, true) | (false, false) => {
                    self.expr(x)?;
                }
                (true, false) => self.address(x)?,
                (false, true) => {
                    self.expr(x)?;
                    self.emit(Op::Deref);
                }
            }
            return Ok(());
        }
        if wants_pointer && !holder_is_pointer {
            return self.address_along(x, path);
        }
        // The embedded field's value (for an embedded pointer: the pointer).
        self.expr(x)?;
        for &(index, through_pointer) in path {
            if through_pointer {
                self.emit(Op::Deref);
            }
            self.emit(Op::Field(index));
        }
        if !wants_pointer && holder_is_pointer {
            self.emit(Op::Deref);
        }
        Ok(())
    }

    /// Pushes a function value and its arguments for `go` and `defer`; the arguments' number.
    fn callee_and_args(&mut self, call: &'a Expr) -> Result<u16> {
        let ExprKind::Call {
            fun, args, spread, ..
        } = &strip(call).kind
        else {
            return Err(not_yet(call.pos, "this go or defer"));
        };
        if let ExprKind::Ident(name) = &strip(fun).kind {
            if let Name::Universe = self.resolve(name) {
                return match name.as_str() {
                    "close" => {
                        self.constant(Value::native(Native::CloseChan));
                        self.expr(&args[0])?;
                        Ok(1)
                    }
                    _ => Err(not_yet(call.pos, format!("go or defer with {name}"))),
                };
            }
        }
        let Type::Func(sig) = self.type_of(fun).underlying().clone() else {
            return Err(not_yet(fun.pos, "this call"));
        };
        if let ExprKind::Selector(x, sel) = &strip(fun).kind {
            let xt = self.type_of(x);
            let (base, is_pointer) = match &xt {
                Type::Pointer(t) => ((**t).clone(), true),
                t => (t.clone(), false),
            };
            let is_package =
                matches!(&x.kind, ExprKind::Ident(p) if matches!(self.resolve(p), Name::Package));
            if is_package {
                let ExprKind::Ident(p) = &x.kind else {
                    unreachable!()
                };
                let pname = self.packages[p.as_str()].name.clone();
                let qualified = format!("{pname}.{}", sel.name);
                let native =
                    Native::by_name(&qualified).ok_or_else(|| not_yet(fun.pos, qualified))?;
                self.constant(Value::native(native));
                return self.args(args, *spread, &sig, true);
            }
            let _ = (&base, is_pointer);
            if let Some((path, holder)) = self.method_path(&xt, &sel.name, 0) {
                let held = match &holder {
                    Type::Pointer(t) => (**t).clone(),
                    t => t.clone(),
                };
                if let Type::Named(tname, _, _) = &held {
                    if let Some(native) = Native::by_name(&format!("{tname}.{}", sel.name)) {
                        self.constant(Value::native(native));
                        self.receiver(x, &path, &holder, false)?;
                        let n = self.args(args, *spread, &sig, true)?;
                        return Ok(n + 1);
                    }
                    if let Some(&(f, pointer_recv)) =
                        self.methods.get(&(tname.to_string(), sel.name.clone()))
                    {
                        self.constant(Value::code(f));
                        self.receiver(x, &path, &holder, pointer_recv)?;
                        let n = self.args(args, *spread, &sig, false)?;
                        return Ok(n + 1);
                    }
                }
            }
            if is_interface(&xt) {
                return Err(not_yet(call.pos, "go or defer of an interface's method"));
            }
        }
        self.expr(fun)?;
        self.args(args, *spread, &sig, false)
    }

    fn builtin_call(
        &mut self,
        e: &'a Expr,
        open: Pos,
        name: &str,
        args: &'a [Expr],
        spread: bool,
    ) -> Result<()> {
        let arg = |i: usize| {
            args.get(i)
                .ok_or_else(|| not_yet(e.pos, format!("{name} here")))
        };
        match name {
            "len" | "cap" => {
                let x = arg(0)?;
                let xt = self.type_of(x);
                self.expr(x)?;
                if let Type::Pointer(_) = xt.underlying() {
                    self.emit(Op::Deref);
                }
                self.emit(if name == "len" { Op::Len } else { Op::Cap });
            }
            "make" => {
                let t = self.type_of(arg(0)?);
                match t.underlying().clone() {
                    Type::Chan(_, elem) => {
                        match args.get(1) {
                            Some(n) => self.expr_to(n, &Type::Basic("int"))?,
                            None => self.constant(Value::Int(0)),
                        }
                        let id = self.rtype(&elem, e.pos)?;
                        self.line(open);
                        self.emit(Op::MakeChan(id));
                    }
                    Type::Slice(elem) => {
                        self.expr_to(arg(1)?, &Type::Basic("int"))?;
                        match args.get(2) {
                            Some(c) => self.expr_to(c, &Type::Basic("int"))?,
                            None => self.emit_dup_len(),
                        }
                        let id = self.rtype(&elem, e.pos)?;
                        self.line(open);
                        self.emit(Op::MakeSlice(id));
                    }
                    Type::Map(..) => {
                        match args.get(1) {
                            Some(n) => self.expr_to(n, &Type::Basic("int"))?,
                            None => self.constant(Value::Int(0)),
                        }
                        self.emit(Op::MakeMap);
                    }
                    _ => return Err(not_yet(e.pos, format!("make of {t}"))),
                }
            }
            "new" => {
                let t = self.type_of(arg(0)?);
                self.zero(&t, e.pos)?;
                self.emit(Op::NewPtr);
            }
            "copy" => {
                self.expr(arg(0)?)?;
                self.expr(arg(1)?)?;
                self.line(open);
                self.emit(Op::Copy);
            }
            "append" => {
                let s = arg(0)?;
                let st = self.type_of(s);
                let elem = match st.underlying() {
                    Type::Slice(t) => (**t).clone(),
                    _ => Type::Unknown,
                };
                self.expr(s)?;
                if spread {
                    self.expr(arg(1)?)?;
                    self.emit(Op::AppendSpread);
                } else {
                    for a in &args[1..] {
                        self.expr_to(a, &elem)?;
                    }
                    self.emit(Op::Append(args.len() as u32 - 1));
                }
            }
            "panic" => {
                self.expr_to(arg(0)?, &Type::Interface(Default::default()))?;
                self.line(open);
                self.emit(Op::Panic);
            }
            "recover" => {
                self.emit(Op::Recover);
            }
            "close" => {
                self.expr(arg(0)?)?;
                self.line(open);
                self.emit(Op::Close);
            }
            "delete" => {
                let m = arg(0)?;
                let Type::Map(k, _) = self.type_of(m).underlying().clone() else {
                    return Err(not_yet(e.pos, "delete here"));
                };
                self.expr(m)?;
                self.expr_to(arg(1)?, &k)?;
                self.emit(Op::Delete);
            }
            "clear" => {
                let m = arg(0)?;
                if !matches!(self.type_of(m).underlying(), Type::Map(..)) {
                    return Err(not_yet(e.pos, "clear of a slice"));
                }
                self.expr(m)?;
                self.emit(Op::MapClear);
            }
            "print" | "println" => {
                for a in args {
                    let t = self.type_of(a).defaulted();
                    let u = t.underlying().clone();
                    let basic = matches!(&u, Type::Basic(b)
                        if IntKind::of(b).is_some()
                            || matches!(*b, "float64" | "float32" | "string" | "bool"));
                    if !basic {
                        return Err(not_yet(a.pos, format!("{name} of a value of type {t}")));
                    }
                    // As its basic type: `println` prints a value, never its String method.
                    self.expr_to(a, &u)?;
                    self.convert_to(&u, &Type::Interface(Default::default()), a.pos)?;
                }
                self.line(open);
                let native = if name == "println" {
                    Native::BuiltinPrintln
                } else {
                    Native::BuiltinPrint
                };
                self.emit(Op::CallNative(native, args.len() as u16));
            }
            _ => return Err(not_yet(e.pos, format!("the builtin {name}"))),
        }
        Ok(())
    }

    /// `make([]T, n)`: the capacity is the length, already on the stack.
    fn emit_dup_len(&mut self) {
        self.emit(Op::Dup);
    }

    fn conversion(&mut self, e: &'a Expr, fun: &'a Expr, args: &'a [Expr]) -> Result<()> {
        let to = self.type_of(fun);
        let Some(x) = args.first() else {
            return Err(not_yet(e.pos, "this conversion"));
        };
        let from = self.type_of(x).defaulted();
        if let Some(c) = self.const_of(x) {
            // A constant converted: its value in the new type.
            if matches!(to.underlying(), Type::Basic("string")) && matches!(c, Const::Int(_)) {
                self.push_const(&c, &from.clone().defaulted(), e.pos)?;
                self.emit(Op::Convert(Conv::IntToString));
                return Ok(());
            }
            if matches!(to.underlying(), Type::Basic(_)) {
                return self.push_const(&c, &to, e.pos);
            }
        }
        self.expr(x)?;
        let (fu, tu) = (from.underlying().clone(), to.underlying().clone());
        if is_interface(&tu) {
            return self.convert_to(&from, &to, e.pos);
        }
        let conv = match (&fu, &tu) {
            (Type::Basic(f), Type::Basic(t)) => {
                let fi = IntKind::of(f);
                let ti = IntKind::of(t);
                let ff = matches!(*f, "float64" | "float32");
                let tf = matches!(*t, "float64" | "float32");
                match (fi, ti, ff, tf, *t) {
                    (Some(_), Some(k), _, _, _) => Some(Conv::IntToInt(k)),
                    (Some(k), None, _, true, _) => Some(if k.signed() {
                        Conv::IntToFloat
                    } else {
                        Conv::UintToFloat
                    }),
                    (None, Some(k), true, _, _) => Some(Conv::FloatToInt(k)),
                    (Some(_), None, _, _, "string") => Some(Conv::IntToString),
                    _ => None,
                }
            }
            (Type::Basic("string"), Type::Slice(el)) => match el.underlying() {
                Type::Basic("uint8") => Some(Conv::StringToBytes),
                Type::Basic("int32") => Some(Conv::StringToRunes),
                _ => return Err(not_yet(e.pos, "this conversion")),
            },
            (Type::Slice(el), Type::Basic("string")) => match el.underlying() {
                Type::Basic("uint8") => Some(Conv::BytesToString),
                Type::Basic("int32") => Some(Conv::RunesToString),
                _ => return Err(not_yet(e.pos, "this conversion")),
            },
            _ => None,
        };
        if let Some(c) = conv {
            self.emit(Op::Convert(c));
        }
        Ok(())
    }

    // ---- constants --------------------------------------------------------------------

    /// `e`'s value, if the type pass found it a constant and this compiler can read it.
    fn const_of(&mut self, e: &'a Expr) -> Option<Const> {
        // A literal is a constant even where the type pass did not reach (a key in an elided
        // composite literal).
        if self.info.mode_of(e) != Some(Mode::Constant) && !matches!(e.kind, ExprKind::Lit(..)) {
            return None;
        }
        self.eval(e, 0, 0)
    }

    fn eval(&mut self, e: &'a Expr, iota: u32, depth: u32) -> Option<Const> {
        if depth > 64 {
            return None;
        }
        match &e.kind {
            ExprKind::Lit(kind, text) => match kind {
                LitKind::Int => parse_int(text).map(Const::Int),
                LitKind::Float => text.replace('_', "").parse().ok().map(Const::Float),
                LitKind::Char => unquote_char(text).ok().map(|c| Const::Int(c as i128)),
                LitKind::String => unquote(text).ok().map(Const::Str),
                LitKind::Imag => None,
            },
            ExprKind::Paren(x) => self.eval(x, iota, depth + 1),
            ExprKind::Ident(name) => match name.as_str() {
                "true" if matches!(self.resolve(name), Name::Universe) => Some(Const::Bool(true)),
                "false" if matches!(self.resolve(name), Name::Universe) => Some(Const::Bool(false)),
                "iota" if matches!(self.resolve(name), Name::Universe) => {
                    Some(Const::Int(iota as i128))
                }
                _ => match self.resolve(name) {
                    Name::Const(v, i) => self.eval(v, i, depth + 1),
                    _ => None,
                },
            },
            ExprKind::Selector(x, sel) => match &x.kind {
                ExprKind::Ident(p) if matches!(self.resolve(p), Name::Package) => {
                    let v = *self.packages.get(p.as_str())?.consts.get(&sel.name)?;
                    self.eval(v, 0, depth + 1)
                }
                _ => None,
            },
            ExprKind::Unary(op, x) => {
                let v = self.eval(x, iota, depth + 1)?;
                match (*op, v) {
                    ("-", Const::Int(i)) => Some(Const::Int(-i)),
                    ("-", Const::Float(f)) => Some(Const::Float(-f)),
                    ("+", v) => Some(v),
                    ("!", Const::Bool(b)) => Some(Const::Bool(!b)),
                    ("^", Const::Int(i)) => Some(Const::Int(!i)),
                    _ => None,
                }
            }
            ExprKind::Binary(op, x, y) => {
                let a = self.eval(x, iota, depth + 1)?;
                let b = self.eval(y, iota, depth + 1)?;
                // Integer division only when the expression's type is an integer one.
                let integer = self.type_of(e).is_integer()
                    || matches!(self.type_of(e), Type::Untyped(Untyped::Int | Untyped::Rune));
                const_binary(op, a, b, integer)
            }
            ExprKind::Call { fun, args, .. } if args.len() == 1 => {
                if self.info.mode_of(fun) != Some(Mode::TypeExpr) {
                    return None;
                }
                let v = self.eval(&args[0], iota, depth + 1)?;
                let to = self.type_of(fun);
                Some(match (v, to.underlying()) {
                    (Const::Int(i), Type::Basic("float64" | "float32")) => Const::Float(i as f64),
                    (Const::Float(f), t) if t.is_integer() => Const::Int(f as i128),
                    (v, _) => v,
                })
            }
            _ => None,
        }
    }
}

fn const_binary(op: &str, a: Const, b: Const, integer: bool) -> Option<Const> {
    use Const::*;
    let (a, b) = match (a, b) {
        (Int(x), Float(y)) => (Float(x as f64), Float(y)),
        (Float(x), Int(y)) => (Float(x), Float(y as f64)),
        pair => pair,
    };
    let (a, b) = match (a, b, integer) {
        (Float(x), Float(y), true) if x.fract() == 0.0 && y.fract() == 0.0 => {
            (Int(x as i128), Int(y as i128))
        }
        pair => (pair.0, pair.1),
    };
    Some(match (a, b) {
        (Int(x), Int(y)) => match op {
            "+" => Int(x.checked_add(y)?),
            "-" => Int(x.checked_sub(y)?),
            "*" => Int(x.checked_mul(y)?),
            "/" if y != 0 && integer => Int(x / y),
            "/" if y != 0 => Float(x as f64 / y as f64),
            "%" if y != 0 => Int(x % y),
            "&" => Int(x & y),
            "|" => Int(x | y),
            "^" => Int(x ^ y),
            "&^" => Int(x & !y),
            "<<" if (0..100).contains(&y) => Int(x.checked_shl(y as u32)?),
            ">>" if (0..128).contains(&y) => Int(x >> y),
            "==" => Bool(x == y),
            "!=" => Bool(x != y),
            "<" => Bool(x < y),
            "<=" => Bool(x <= y),
            ">" => Bool(x > y),
            ">=" => Bool(x >= y),
            _ => return None,
        },
        (Float(x), Float(y)) => match op {
            "+" => Float(x + y),
            "-" => Float(x - y),
            "*" => Float(x * y),
            "/" if y != 0.0 => Float(x / y),
            "==" => Bool(x == y),
            "!=" => Bool(x != y),
            "<" => Bool(x < y),
            "<=" => Bool(x <= y),
            ">" => Bool(x > y),
            ">=" => Bool(x >= y),
            _ => return None,
        },
        (Str(x), Str(y)) => match op {
            "+" => Str(x + &y),
            "==" => Bool(x == y),
            "!=" => Bool(x != y),
            "<" => Bool(x < y),
            "<=" => Bool(x <= y),
            ">" => Bool(x > y),
            ">=" => Bool(x >= y),
            _ => return None,
        },
        (Bool(x), Bool(y)) => match op {
            "&&" => Bool(x && y),
            "||" => Bool(x || y),
            "==" => Bool(x == y),
            "!=" => Bool(x != y),
            _ => return None,
        },
        _ => return None,
    })
}

fn parse_int(text: &str) -> Option<i128> {
    let t = text.replace('_', "");
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h.to_string(), 16)
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (b.to_string(), 2)
    } else if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        (o.to_string(), 8)
    } else if t.len() > 1 && t.starts_with('0') {
        (t[1..].to_string(), 8)
    } else {
        (t, 10)
    };
    i128::from_str_radix(&digits, radix).ok()
}

fn binop(op: &str) -> Option<BinOp> {
    Some(match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "%" => BinOp::Rem,
        "&" => BinOp::And,
        "|" => BinOp::Or,
        "^" => BinOp::Xor,
        "&^" => BinOp::AndNot,
        "<<" => BinOp::Shl,
        ">>" => BinOp::Shr,
        "==" => BinOp::Eq,
        "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" => BinOp::Ge,
        _ => return None,
    })
}

/// What an operator works on, for values of type `t`.
fn num_of(t: &Type) -> Num {
    match t.clone().defaulted().underlying() {
        Type::Basic("string") => Num::String,
        Type::Basic("float64" | "float32") => Num::Float,
        Type::Basic(b) => match IntKind::of(b) {
            Some(k) => Num::Int(k),
            None => Num::Any,
        },
        _ => Num::Any,
    }
}

fn is_interface(t: &Type) -> bool {
    matches!(t.underlying(), Type::Interface(_))
}

fn strip(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Paren(x) => strip(x),
        _ => e,
    }
}

/// The channel a select case receives from, if it is a receive.
fn select_recv(comm: &Stmt) -> Option<&Expr> {
    let e = match &comm.kind {
        StmtKind::Expr(e) => e,
        StmtKind::Define(_, rhs, _) | StmtKind::Assign(_, "=", rhs) if rhs.len() == 1 => &rhs[0],
        _ => return None,
    };
    match &strip(e).kind {
        ExprKind::Unary("<-", ch) => Some(ch),
        _ => None,
    }
}

/// An identifier expression's name and place (the parser has made it one).
fn ident_of(e: &Expr) -> (&str, Pos) {
    match &e.kind {
        ExprKind::Ident(n) => (n.as_str(), e.pos),
        _ => ("_", e.pos),
    }
}

/// Go names closures after the function they are in: `main.main.func1`, and a closure in a
/// closure `main.main.func1.1`.
fn closure_suffix(parent: &str, n: u32) -> String {
    let top_level = parent.matches(".func").count() == 0;
    if top_level {
        format!("func{n}")
    } else {
        n.to_string()
    }
}

/// The receiver's type name, and whether it is a pointer.
fn receiver_type(recv: &Field) -> Result<(String, bool)> {
    let mut t = &recv.ty;
    let mut pointer = false;
    loop {
        match &t.kind {
            ExprKind::Star(inner) => {
                pointer = true;
                t = inner;
            }
            ExprKind::Paren(inner) => t = inner,
            ExprKind::Ident(name) => return Ok((name.clone(), pointer)),
            _ => return Err(not_yet(t.pos, "this receiver")),
        }
    }
}
