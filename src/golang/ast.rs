//! The syntax tree, as Go's own `go/ast` shapes it (types are expressions too: `[]int{1, 2}`
//! and `make(chan int, 3)` hold theirs where an expression goes), every node with its place.

use super::token::Pos;

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub package: Ident,
    pub imports: Vec<Import>,
    pub decls: Vec<Decl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// `import name "path"`, `.` or `_` as written.
    pub name: Option<Ident>,
    /// The path, unquoted.
    pub path: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decl {
    Func(Box<FuncDecl>),
    /// `var`, `const` or `type`, each spec of a group.
    Gen(GenDecl),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuncDecl {
    pub name: Ident,
    /// `func (r *T) name(…)`.
    pub recv: Option<Field>,
    pub ty: FuncType,
    /// `None`: declared without a body (an assembly function; refused later).
    pub body: Option<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GenDecl {
    Var(Vec<ValueSpec>),
    Const(Vec<ValueSpec>),
    Type(Vec<TypeSpec>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValueSpec {
    pub names: Vec<Ident>,
    pub ty: Option<Expr>,
    pub values: Vec<Expr>,
    /// A const spec's place in its group (for `iota`).
    pub iota: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeSpec {
    pub name: Ident,
    /// `type A = B`.
    pub alias: bool,
    pub ty: Expr,
}

/// A parameter, result, struct field or method: names (none for an unnamed parameter or an
/// embedded field) and a type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub names: Vec<Ident>,
    pub ty: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FuncType {
    pub params: Vec<Field>,
    pub results: Vec<Field>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub open: Pos,
    pub close: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChanDir {
    Both,
    Send,
    Recv,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Ident(String),
    /// A number, rune or string literal as written.
    Lit(LitKind, String),
    /// `T{…}`, or `{…}` inside another composite literal.
    Composite {
        ty: Option<Box<Expr>>,
        elems: Vec<Expr>,
        close: Pos,
    },
    FuncLit(FuncType, Block),
    Paren(Box<Expr>),
    Selector(Box<Expr>, Ident),
    Index(Box<Expr>, Vec<Expr>),
    Slice {
        x: Box<Expr>,
        lo: Option<Box<Expr>>,
        hi: Option<Box<Expr>>,
        max: Option<Box<Expr>>,
    },
    /// `x.(T)`; `x.(type)` in a type switch has no type.
    TypeAssert(Box<Expr>, Option<Box<Expr>>),
    Call {
        fun: Box<Expr>,
        args: Vec<Expr>,
        /// `f(xs...)`.
        spread: bool,
        /// Its parentheses: a traceback gives the call's line as the `(`'s.
        open: Pos,
        close: Pos,
    },
    /// `*x`: a pointer's target, or a pointer type.
    Star(Box<Expr>),
    Unary(&'static str, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    /// `key: value` in a composite literal.
    KeyValue(Box<Expr>, Box<Expr>),
    /// `[N]T`, `[]T` (no length), `[...]T` (length `...`).
    ArrayType(Option<Box<Expr>>, Box<Expr>),
    Ellipsis,
    MapType(Box<Expr>, Box<Expr>),
    ChanType(ChanDir, Box<Expr>),
    FuncType(FuncType),
    StructType(Vec<Field>),
    InterfaceType(Vec<Field>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LitKind {
    Int,
    Float,
    Imag,
    Char,
    String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    Empty,
    Expr(Expr),
    Send(Expr, Expr),
    IncDec(Expr, bool),
    /// `a, b = c, d`, `x += 1` (`op` is `=` or the operator with its `=`).
    Assign(Vec<Expr>, &'static str, Vec<Expr>),
    /// `a, b := c, d`, with where the `:=` is (gc reports "no new variables" there).
    Define(Vec<Expr>, Vec<Expr>, Pos),
    Decl(GenDecl),
    Go(Expr),
    Defer(Expr),
    Return(Vec<Expr>),
    Break(Option<Ident>),
    Continue(Option<Ident>),
    Goto(Ident),
    Fallthrough,
    Block(Block),
    If {
        init: Option<Box<Stmt>>,
        cond: Expr,
        then: Block,
        els: Option<Box<Stmt>>,
    },
    Switch {
        init: Option<Box<Stmt>>,
        tag: Option<Box<Stmt>>,
        cases: Vec<CaseClause>,
    },
    /// `switch v := x.(type)`; the guard is a `Define` or an expression statement.
    TypeSwitch {
        init: Option<Box<Stmt>>,
        guard: Box<Stmt>,
        cases: Vec<CaseClause>,
    },
    Select(Vec<CommClause>),
    For {
        init: Option<Box<Stmt>>,
        cond: Option<Expr>,
        post: Option<Box<Stmt>>,
        body: Block,
    },
    /// `for k, v := range x` (`define`), `for k, v = range x`, `for range x`.
    Range {
        key: Option<Expr>,
        value: Option<Expr>,
        define: bool,
        x: Expr,
        body: Block,
    },
    Labeled(Ident, Box<Stmt>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseClause {
    /// Empty for `default`.
    pub list: Vec<Expr>,
    pub default: bool,
    pub body: Vec<Stmt>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommClause {
    /// The send or receive; `None` for `default`.
    pub comm: Option<Box<Stmt>>,
    pub body: Vec<Stmt>,
    pub pos: Pos,
}
