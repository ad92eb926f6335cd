/*
** parser.y -- the grammar of the kg query language: builds the kgq_node tree
** of ast.h and nothing else (grammar layer). kgq_parse is in lexer.l.
**
** Rules this file keeps:
** (1) Actions only build nodes. Every helper below takes ownership of the
**     nodes and strings it is given, also when it fails; on failure it has set
**     ctx->rc (error or out of memory) and the action does YYABORT, so bison
**     destroys the rest of the stack with the %destructors and nothing leaks.
** (2) Expressions are one nonterminal per precedence level (no %prec), so the
**     operands of comparisons cannot be NOT, which keeps the parser stack
**     proportional to bracket nesting; the lexer limits that nesting.
** (3) Expression nodes deeper than ctx->max_depth are an error (a+a+a+...
**     nests without brackets), so walkers of the tree never recurse deeper.
*/
%define api.pure full
%define api.prefix {kgq_yy}
%define api.token.prefix {T_}
%define api.location.type {kgq_loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%lex-param {yyscan_t scanner}
%parse-param {yyscan_t scanner} {kgq_ctx *ctx}

%code requires {
#include "kgq_int.h"
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
}

%code provides {
int kgq_yylex(KGQ_YYSTYPE *lval, KGQ_YYLTYPE *lloc, yyscan_t scanner);
}

%code top {
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
}

%code {
/* The parser's own stack: allocations through the test hook; a fixed cap far
** above what max_depth (at most KGQ_DEPTH_CAP levels) needs, as a backstop. */
#define YYMALLOC kgq_malloc
#define YYFREE kgq_mfree
#define YYMAXDEPTH 200000
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                                         \
    do {                                                                                    \
        if (N) {                                                                            \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                                           \
            (Cur).end = YYRHSLOC(Rhs, N).end;                                               \
        } else {                                                                            \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;                                 \
        }                                                                                   \
    } while (0)

static void kgq_yyerror(KGQ_YYLTYPE *loc, yyscan_t scanner, kgq_ctx *ctx, const char *msg);

/* ---- node helpers (rule 1: they own their arguments) ------------------- */

static kgq_node *mk(kgq_ctx *ctx, kgq_kind kind, kgq_loc loc)
{
    kgq_node *n = kgq_node_new(kind, loc);
    if (!n)
        kgq_set_oom(ctx);
    return n;
}

/* Append kid (NULL kid is skipped); on failure frees n and kid. */
static kgq_node *add(kgq_ctx *ctx, kgq_node *n, kgq_node *kid)
{
    if (!n) {
        kgq_free(kid);
        return NULL;
    }
    if (kid && kgq_node_add(n, kid)) {
        kgq_free(n);
        kgq_set_oom(ctx);
        return NULL;
    }
    return n;
}

/* Rule 3: an expression node may not be deeper than the limit. */
static kgq_node *expr_ok(kgq_ctx *ctx, kgq_node *n)
{
    if (n && kgq_node_depth(n) > ctx->max_depth) {
        kgq_loc loc = {n->start, n->end};
        kgq_set_error(ctx, loc, KGQ_DEPTH_MSG, ctx->max_depth);
        kgq_free(n);
        return NULL;
    }
    return n;
}

static kgq_node *node1(kgq_ctx *ctx, kgq_kind kind, kgq_loc loc, kgq_node *a)
{
    if (!a)
        return NULL;
    return add(ctx, mk(ctx, kind, loc), a);
}

static kgq_node *binop(kgq_ctx *ctx, int op, kgq_node *a, kgq_node *b, kgq_loc loc)
{
    kgq_node *n = add(ctx, add(ctx, mk(ctx, KGQ_BINOP, loc), a), b);
    if (n)
        n->op = op;
    return expr_ok(ctx, n);
}

static kgq_node *unop(kgq_ctx *ctx, kgq_kind kind, int op, kgq_node *a, kgq_loc loc)
{
    kgq_node *n = add(ctx, mk(ctx, kind, loc), a);
    if (n)
        n->op = op;
    return expr_ok(ctx, n);
}

/* A node whose str is s (taken); s may be NULL. */
static kgq_node *named(kgq_ctx *ctx, kgq_kind kind, kgq_loc loc, char *s)
{
    kgq_node *n = mk(ctx, kind, loc);
    if (!n) {
        kgq_mfree(s);
        return NULL;
    }
    n->str = s;
    n->len = s ? strlen(s) : 0;
    return n;
}

/* Give n the string s (taken), replacing none. */
static kgq_node *set_str(kgq_node *n, char *s)
{
    if (!n) {
        kgq_mfree(s);
        return NULL;
    }
    n->str = s;
    n->len = s ? strlen(s) : 0;
    return n;
}

/* Move every kid of src to the end of dst and free src's shell. */
static kgq_node *adopt(kgq_ctx *ctx, kgq_node *dst, kgq_node *src)
{
    if (!src)
        return dst;
    if (!dst) {
        kgq_free(src);
        return NULL;
    }
    for (int i = 0; i < src->nkids; i++) {
        kgq_node *k = src->kids[i];
        src->kids[i] = NULL;
        if (kgq_node_add(dst, k)) {
            kgq_free(src);
            kgq_free(dst);
            kgq_set_oom(ctx);
            return NULL;
        }
    }
    kgq_free(src);
    return dst;
}

/* The text of a token (keywords used as names). */
static char *token_text(kgq_ctx *ctx, kgq_loc loc)
{
    char *s = kgq_strndup(ctx->text + loc.start, loc.end - loc.start);
    if (!s)
        kgq_set_oom(ctx);
    return s;
}

/* name-part: member-of, located-at. The three tokens must touch: "a - b"
** in a label position is a mistake, not a name. */
static char *join_hyphen(kgq_ctx *ctx, char *a, kgq_loc la, kgq_loc lm, char *b, kgq_loc lb)
{
    char *s = NULL;
    if (a && b) {
        if (la.end != lm.start || lm.end != lb.start) {
            kgq_set_error(ctx, lm, "no spaces allowed around '-' in a hyphenated name");
        } else {
            size_t na = strlen(a), nb = strlen(b);
            if ((s = kgq_malloc(na + nb + 2))) {
                memcpy(s, a, na);
                s[na] = '-';
                memcpy(s + na + 1, b, nb + 1);
            } else {
                kgq_set_oom(ctx);
            }
        }
    }
    kgq_mfree(a);
    kgq_mfree(b);
    return s;
}

static kgq_node *label(kgq_ctx *ctx, kgq_node *holder, char *name, kgq_loc loc)
{
    if (!name) {
        kgq_free(holder);
        return NULL;
    }
    return add(ctx, holder, named(ctx, KGQ_LABEL, loc, name));
}

static kgq_node *range(kgq_ctx *ctx, kgq_loc loc, int64_t lo, int64_t hi)
{
    kgq_node *n = mk(ctx, KGQ_RANGE, loc);
    if (n) {
        n->i = lo;
        n->i2 = hi;
    }
    return n;
}

/* shortestPath(...) and allShortestPaths(...) are the only pattern functions. */
static kgq_node *path_fn(kgq_ctx *ctx, char *fn, kgq_loc fnloc, kgq_node *chain, kgq_loc loc)
{
    unsigned flag = 0;
    if (fn && strcasecmp(fn, "shortestPath") == 0)
        flag = KGQ_F_SHORTEST;
    else if (fn && strcasecmp(fn, "allShortestPaths") == 0)
        flag = KGQ_F_ALLSHORTEST;
    else if (fn)
        kgq_set_error(ctx, fnloc,
                      "unknown pattern function '%.100s', expecting shortestPath or allShortestPaths",
                      fn);
    kgq_mfree(fn);
    if (!flag || !chain) {
        kgq_free(chain);
        return NULL;
    }
    chain->flags |= flag;
    chain->start = loc.start;
    chain->end = loc.end;
    return chain;
}

static kgq_node *span(kgq_node *n, kgq_loc loc)
{
    if (n) {
        n->start = loc.start;
        n->end = loc.end;
    }
    return n;
}

static kgq_node *retag(kgq_node *n, kgq_kind kind, kgq_loc loc)
{
    if (n)
        n->kind = kind;
    return span(n, loc);
}

/* [v IN list WHERE pred | proj] and all(v IN list WHERE pred): `head` is the
** expression before WHERE or '|', which must be `variable IN list`. */
static kgq_node *comprehension(kgq_ctx *ctx, kgq_kind kind, kgq_node *head, kgq_node *pred,
                               kgq_node *proj, kgq_loc loc)
{
    kgq_node *n = NULL;
    if (head && head->kind == KGQ_BINOP && head->op == KGQ_OP_IN && head->nkids == 2 &&
        head->kids[0]->kind == KGQ_VAR) {
        if ((n = mk(ctx, kind, loc))) {
            n->str = head->kids[0]->str;
            n->len = head->kids[0]->len;
            head->kids[0]->str = NULL;
            n = add(ctx, n, head->kids[1]);
            head->kids[1] = NULL;
            head->nkids = 1;
            if (n) n->i = (pred ? 1 : 0) | (proj ? 2 : 0);
            n = add(ctx, add(ctx, n, pred), proj);
            pred = proj = NULL;
        }
    } else if (head) {
        kgq_loc hl = {head->start, head->end};
        kgq_set_error(ctx, hl, "expecting 'variable IN list' here");
    }
    kgq_free(head);
    kgq_free(pred);
    kgq_free(proj);
    return expr_ok(ctx, n);
}

/* all|any|none|single(v IN list WHERE pred) */
static kgq_node *quantifier(kgq_ctx *ctx, char *fn, kgq_loc fnloc, kgq_node *head,
                            kgq_node *pred, kgq_loc loc)
{
    int q = !fn                              ? 0
            : strcasecmp(fn, "all") == 0    ? KGQ_Q_ALL
            : strcasecmp(fn, "any") == 0    ? KGQ_Q_ANY
            : strcasecmp(fn, "none") == 0   ? KGQ_Q_NONE
            : strcasecmp(fn, "single") == 0 ? KGQ_Q_SINGLE
                                            : 0;
    if (fn && !q)
        kgq_set_error(ctx, fnloc, "'%.60s(... WHERE ...)' is not a quantifier: expecting all, "
                                  "any, none or single", fn);
    kgq_mfree(fn);
    if (!q) {
        kgq_free(head);
        kgq_free(pred);
        return NULL;
    }
    kgq_node *n = comprehension(ctx, KGQ_QUANT, head, pred, NULL, loc);
    if (n) n->op = q;
    return n;
}

/* A comparison: a chain a < b <= c (the left operand an unparenthesised
** comparison) means a < b AND b <= c, with b written once and read twice. */
static int is_cmp(const kgq_node *n)
{
    return n && n->kind == KGQ_BINOP && n->op >= KGQ_OP_EQ && n->op <= KGQ_OP_GE;
}

static kgq_node *copy_tree(kgq_ctx *ctx, const kgq_node *n)
{
    kgq_loc l = {n->start, n->end};
    kgq_node *c = mk(ctx, n->kind, l);
    if (!c) return NULL;
    c->op = n->op, c->flags = n->flags, c->i = n->i, c->i2 = n->i2, c->f = n->f;
    if (n->str) {
        if (!(c->str = kgq_malloc(n->len + 1))) {
            kgq_free(c);
            kgq_set_oom(ctx);
            return NULL;
        }
        memcpy(c->str, n->str, n->len + 1);
        c->len = n->len;
    }
    for (int i = 0; i < n->nkids; i++) {
        kgq_node *k = copy_tree(ctx, n->kids[i]);
        if (!k || !(c = add(ctx, c, k))) {
            kgq_free(c);
            return NULL;
        }
    }
    return c;
}

static kgq_node *compare(kgq_ctx *ctx, int op, kgq_node *a, kgq_loc la, kgq_node *b, kgq_loc loc)
{
    /* the left operand of a chain's third comparison is the AND of the first
    ** two (an unparenthesised AND can only get here from a chain) */
    const kgq_node *last = a && a->kind == KGQ_BINOP && a->op == KGQ_OP_AND && a->nkids == 2 &&
                                   is_cmp(a->kids[1])
                               ? a->kids[1]
                               : a;
    if (is_cmp(last) && a->start == la.start && a->end == la.end && last->nkids == 2) {
        kgq_node *mid = copy_tree(ctx, last->kids[1]);
        if (!mid) {
            kgq_free(a);
            kgq_free(b);
            return NULL;
        }
        kgq_loc ml = {mid->start, loc.end};
        return binop(ctx, KGQ_OP_AND, a, binop(ctx, op, mid, b, ml), loc);
    }
    return binop(ctx, op, a, b, loc);
}

/* -9223372036854775808: the one integer literal whose magnitude is 2^63. */
static kgq_node *negate(kgq_ctx *ctx, kgq_node *a, kgq_loc loc)
{
    if (a && a->kind == KGQ_INT && a->i2 == 1 && a->start == loc.start + 1) {
        a->i2 = 0;
        return span(a, loc);
    }
    return unop(ctx, KGQ_UNOP, KGQ_OP_NEG, a, loc);
}

/* 2^63 is an integer only after a minus (negate): anywhere else it is out
** of range. The walk's depth is bounded by the parser's depth limit. */
static const kgq_node *find_big(const kgq_node *n)
{
    if (n->kind == KGQ_INT && n->i2 == 1) return n;
    for (int i = 0; i < n->nkids; i++) {
        const kgq_node *b = find_big(n->kids[i]);
        if (b) return b;
    }
    return NULL;
}

static kgq_node *big_ints(kgq_ctx *ctx, kgq_node *n)
{
    const kgq_node *b = n ? find_big(n) : NULL;
    if (b) {
        kgq_loc l = {b->start, b->end};
        kgq_set_error(ctx, l, "integer out of range (the largest is %lld)", (long long)INT64_MAX);
        kgq_free(n);
        return NULL;
    }
    return n;
}

/* SET v = map, SET v += map */
static kgq_node *set_all(kgq_ctx *ctx, char *v, kgq_loc vl, int op, kgq_node *e, kgq_loc loc)
{
    kgq_node *n = add(ctx, add(ctx, mk(ctx, KGQ_SETITEM, loc), named(ctx, KGQ_VAR, vl, v)), e);
    if (n) n->op = op;
    return n;
}

#define CHECK(x)                                                                            \
    do {                                                                                    \
        if (!(x))                                                                           \
            YYABORT;                                                                        \
    } while (0)
}

%union {
    kgq_node *node; /* an owned subtree */
    char *str;      /* an owned name */
    int ival;       /* an operator or a flag */
}

%destructor { kgq_free($$); } <node>
%destructor { kgq_mfree($$); } <str>

%token END_OF_INPUT 0 "end of input"
%token <str> IDENT "identifier"
%token <node> STRING "string" INTEGER "integer" FLOAT "float" DATE "date" PARAM "parameter"
%token DOTDOT "'..'" NE "'<>'" LE "'<='" GE "'>='"
%token MATCH "MATCH" OPTIONAL "OPTIONAL" WHERE "WHERE" RETURN "RETURN" WITH "WITH" AS "AS"
%token DISTINCT "DISTINCT" ORDER "ORDER" BY "BY" ASC "ASC" ASCENDING "ASCENDING" DESC "DESC"
%token DESCENDING "DESCENDING" SKIP "SKIP" LIMIT "LIMIT" AND "AND" OR "OR" XOR "XOR" NOT "NOT"
%token IN "IN" IS "IS" NULL "NULL" TRUE "TRUE" FALSE "FALSE" CONTAINS "CONTAINS"
%token STARTS "STARTS" ENDS "ENDS" CREATE "CREATE" MERGE "MERGE" SET "SET" DELETE "DELETE"
%token DETACH "DETACH" ALIAS "ALIAS" FOR "FOR" EXPLAIN "EXPLAIN" PROFILE "PROFILE" SHOW "SHOW"
%token TYPES "TYPES" RELATIONS "RELATIONS" DESCRIBE "DESCRIBE" UNWIND "UNWIND"
%token SHORTEST "SHORTEST" ALLSHORTEST "ALLSHORTEST" CASE "CASE" WHEN "WHEN" THEN "THEN"
%token ELSE "ELSE" END "END" UNION "UNION" ON "ON" REMOVE "REMOVE" PLUSEQ "'+='"

%type <node> statement body query clauses clause match_clause with_clause return_clause
%type <node> unwind_clause create_clause merge_clause set_clause delete_clause union_query
%type <node> remove_clause remove_list remove_item merge_actions pow_expr
%type <node> pattern_list pattern pattern_part chain node_pattern rel_pattern rel_detail
%type <node> node_labels node_labels_opt rel_labels rel_labels_opt range range_opt
%type <node> map map_opt pairs pair where_opt proj_body proj_list proj order_opt sort_list
%type <node> sort_item skip_opt limit_opt set_list set_item name_arg expr_list
%type <node> expr or_expr xor_expr and_expr not_expr cmp_expr pred_expr add_expr mul_expr
%type <node> unary_expr postfix_expr atom literal call list case_expr case_whens
%type <str> var_opt label_name schema_name keyword_name name
%type <ival> distinct_opt cmp_op sort_dir

%%

input
    : %empty              { ctx->result = NULL; }
    | statement           { CHECK(ctx->result = big_ints(ctx, $1)); }
    | statement ';'       { CHECK(ctx->result = big_ints(ctx, $1)); }
    ;

statement
    : body
    | EXPLAIN body        { $$ = span($2, @$); $$->flags |= KGQ_F_EXPLAIN; }
    | PROFILE body        { $$ = span($2, @$); $$->flags |= KGQ_F_PROFILE; }
    ;

body
    : union_query
    | SHOW TYPES          { CHECK($$ = mk(ctx, KGQ_SHOW, @$)); $$->i = KGQ_SHOW_TYPES; }
    | SHOW RELATIONS      { CHECK($$ = mk(ctx, KGQ_SHOW, @$)); $$->i = KGQ_SHOW_RELATIONS; }
    | DESCRIBE name_arg   { CHECK($$ = node1(ctx, KGQ_DESCRIBE, @$, $2)); }
    | ALIAS name_arg FOR name_arg
                          { CHECK($$ = add(ctx, node1(ctx, KGQ_ALIAS, @$, $2), $4)); }
    ;

name_arg
    : STRING
    | PARAM
    ;

/* query UNION [ALL] query ...: ALL is not a keyword (all(x IN ...) is a
** function), so it is an identifier checked here. */
union_query
    : query
    | union_query UNION query
                          { kgq_node *u = $1->kind == KGQ_UNION ? $1 : node1(ctx, KGQ_UNION, @$, $1);
                            if (u && u != $1 && u->nkids == 1) u->flags &= ~KGQ_F_ALL;
                            if (u && u->nkids > 1 && (u->flags & KGQ_F_ALL)) u->i = 1;
                            CHECK($$ = span(add(ctx, u, $3), @$)); }
    | union_query UNION IDENT query
                          { int isall = strcasecmp($3, "all") == 0;
                            if (!isall) kgq_set_error(ctx, @3, "expecting ALL or a clause after UNION");
                            kgq_mfree($3);
                            kgq_node *u = isall ? ($1->kind == KGQ_UNION ? $1 : node1(ctx, KGQ_UNION, @$, $1)) : NULL;
                            if (!isall) { kgq_free($1); kgq_free($4); YYABORT; }
                            if (u && u != $1) u->flags |= KGQ_F_ALL;
                            else if (u && !(u->flags & KGQ_F_ALL)) u->i = 1;
                            CHECK($$ = span(add(ctx, u, $4), @$)); }
    ;

query
    : clauses
    | clauses return_clause  { CHECK($$ = span(add(ctx, $1, $2), @$)); }
    | return_clause          { CHECK($$ = node1(ctx, KGQ_QUERY, @$, $1)); }
    ;

clauses
    : clause                 { CHECK($$ = node1(ctx, KGQ_QUERY, @$, $1)); }
    | clauses clause         { CHECK($$ = span(add(ctx, $1, $2), @$)); }
    ;

clause
    : match_clause
    | with_clause
    | unwind_clause
    | create_clause
    | merge_clause
    | set_clause
    | delete_clause
    | remove_clause
    ;

/* ---- MATCH and patterns ------------------------------------------------ */

match_clause
    : MATCH pattern_list where_opt
                          { CHECK($$ = add(ctx, retag($2, KGQ_MATCH, @$), $3)); }
    | OPTIONAL MATCH pattern_list where_opt
                          { CHECK($$ = add(ctx, retag($3, KGQ_MATCH, @$), $4));
                            $$->flags |= KGQ_F_OPTIONAL; }
    ;

where_opt
    : %empty              { $$ = NULL; }
    | WHERE expr          { CHECK($$ = node1(ctx, KGQ_WHERE, @$, $2)); }
    ;

pattern_list
    : pattern             { CHECK($$ = node1(ctx, KGQ_MATCH, @$, $1)); }
    | pattern_list ',' pattern
                          { CHECK($$ = add(ctx, $1, $3)); }
    ;

pattern
    : pattern_part
    | name '=' pattern_part
                          { CHECK($$ = span(set_str($3, $1), @$)); }
    ;

pattern_part
    : chain
    | SHORTEST chain      { CHECK($$ = span($2, @$)); $$->flags |= KGQ_F_SHORTEST; }
    | ALLSHORTEST chain   { CHECK($$ = span($2, @$)); $$->flags |= KGQ_F_ALLSHORTEST; }
    | IDENT '(' chain ')' { CHECK($$ = path_fn(ctx, $1, @1, $3, @$)); }
    ;

chain
    : node_pattern        { CHECK($$ = node1(ctx, KGQ_PATTERN, @$, $1)); }
    | chain rel_pattern node_pattern
                          { CHECK($$ = span(add(ctx, add(ctx, $1, $2), $3), @$)); }
    ;

node_pattern
    : '(' var_opt node_labels_opt map_opt ')'
                          { CHECK($$ = add(ctx, adopt(ctx, named(ctx, KGQ_NODEPAT, @$, $2), $3), $4)); }
    ;

var_opt
    : %empty              { $$ = NULL; }
    | name
    ;

node_labels_opt
    : %empty              { $$ = NULL; }
    | node_labels
    ;

/* (v:person:x), (v:person|organisation), (v:person|:x): all alternatives;
** the holder is a NODEPAT whose kids node_pattern adopts. */
node_labels
    : ':' label_name      { CHECK($$ = label(ctx, mk(ctx, KGQ_NODEPAT, @$), $2, @2)); }
    | node_labels ':' label_name
                          { CHECK($$ = label(ctx, $1, $3, @3)); }
    | node_labels '|' label_name
                          { CHECK($$ = label(ctx, $1, $3, @3)); }
    | node_labels '|' ':' label_name
                          { CHECK($$ = label(ctx, $1, $4, @4)); }
    ;

label_name
    : schema_name
    | label_name '-' schema_name
                          { CHECK($$ = join_hyphen(ctx, $1, @1, @2, $3, @3)); }
    ;

rel_pattern
    : '-' rel_detail '-' '>'   { CHECK($$ = span($2, @$)); $$->op = KGQ_DIR_OUT; }
    | '-' rel_detail '-'       { CHECK($$ = span($2, @$)); $$->op = KGQ_DIR_BOTH; }
    | '<' '-' rel_detail '-'   { CHECK($$ = span($3, @$)); $$->op = KGQ_DIR_IN; }
    | '-' '-' '>'              { CHECK($$ = mk(ctx, KGQ_RELPAT, @$)); $$->op = KGQ_DIR_OUT; }
    | '-' '-'                  { CHECK($$ = mk(ctx, KGQ_RELPAT, @$)); $$->op = KGQ_DIR_BOTH; }
    | '<' '-' '-'              { CHECK($$ = mk(ctx, KGQ_RELPAT, @$)); $$->op = KGQ_DIR_IN; }
    | '<' '-' rel_detail '-' '>'
                               { CHECK($$ = span($3, @$)); $$->op = KGQ_DIR_BOTH; }
    | '<' '-' '-' '>'          { CHECK($$ = mk(ctx, KGQ_RELPAT, @$)); $$->op = KGQ_DIR_BOTH; }
    ;

rel_detail
    : '[' var_opt rel_labels_opt range_opt map_opt ']'
                          { CHECK($$ = add(ctx, add(ctx, adopt(ctx, named(ctx, KGQ_RELPAT, @$, $2), $3), $4), $5)); }
    ;

rel_labels_opt
    : %empty              { $$ = NULL; }
    | rel_labels
    ;

/* [:killed|attacked], [:killed|:attacked] */
rel_labels
    : ':' label_name      { CHECK($$ = label(ctx, mk(ctx, KGQ_RELPAT, @$), $2, @2)); }
    | rel_labels '|' label_name
                          { CHECK($$ = label(ctx, $1, $3, @3)); }
    | rel_labels '|' ':' label_name
                          { CHECK($$ = label(ctx, $1, $4, @4)); }
    ;

range_opt
    : %empty              { $$ = NULL; }
    | range
    ;

range
    : '*'                          { CHECK($$ = range(ctx, @$, -1, -1)); }
    | '*' INTEGER                  { int64_t v = $2->i; kgq_free($2);
                                     CHECK($$ = range(ctx, @$, v, v)); }
    | '*' INTEGER DOTDOT           { int64_t v = $2->i; kgq_free($2);
                                     CHECK($$ = range(ctx, @$, v, -1)); }
    | '*' INTEGER DOTDOT INTEGER   { int64_t v = $2->i, w = $4->i; kgq_free($2); kgq_free($4);
                                     CHECK($$ = range(ctx, @$, v, w)); }
    | '*' DOTDOT INTEGER           { int64_t w = $3->i; kgq_free($3);
                                     CHECK($$ = range(ctx, @$, -1, w)); }
    | '*' DOTDOT                   { CHECK($$ = range(ctx, @$, -1, -1)); }
    ;

map_opt
    : %empty              { $$ = NULL; }
    | map
    ;

map
    : '{' '}'             { CHECK($$ = mk(ctx, KGQ_MAP, @$)); }
    | '{' pairs '}'       { CHECK($$ = span($2, @$)); }
    ;

pairs
    : pair                { CHECK($$ = node1(ctx, KGQ_MAP, @$, $1)); }
    | pairs ',' pair      { CHECK($$ = add(ctx, $1, $3)); }
    ;

pair
    : schema_name ':' expr
                          { CHECK($$ = add(ctx, named(ctx, KGQ_PAIR, @$, $1), $3)); }
    ;

/* ---- projections -------------------------------------------------------- */

return_clause
    : RETURN distinct_opt proj_body order_opt skip_opt limit_opt
                          { CHECK($$ = add(ctx, add(ctx, add(ctx, retag($3, KGQ_RETURN, @$), $4), $5), $6));
                            $$->flags |= (unsigned)$2; }
    ;

with_clause
    : WITH distinct_opt proj_body order_opt skip_opt limit_opt where_opt
                          { CHECK($$ = add(ctx, add(ctx, add(ctx, add(ctx, retag($3, KGQ_WITH, @$), $4), $5), $6), $7));
                            $$->flags |= (unsigned)$2; }
    ;

distinct_opt
    : %empty              { $$ = 0; }
    | DISTINCT            { $$ = KGQ_F_DISTINCT; }
    ;

proj_body
    : '*'                 { CHECK($$ = node1(ctx, KGQ_RETURN, @$, mk(ctx, KGQ_STAR, @1))); }
    | '*' ',' proj_list   { kgq_node *star = mk(ctx, KGQ_STAR, @1);
                            kgq_node *n = add(ctx, mk(ctx, KGQ_RETURN, @$), star);
                            CHECK($$ = adopt(ctx, n, $3)); }
    | proj_list
    ;

proj_list
    : proj                { CHECK($$ = node1(ctx, KGQ_RETURN, @$, $1)); }
    | proj_list ',' proj  { CHECK($$ = add(ctx, $1, $3)); }
    ;

proj
    : expr                { CHECK($$ = node1(ctx, KGQ_PROJ, @$, $1)); }
    | expr AS name        { CHECK($$ = set_str(node1(ctx, KGQ_PROJ, @$, $1), $3)); }
    ;

order_opt
    : %empty              { $$ = NULL; }
    | ORDER BY sort_list  { CHECK($$ = span($3, @$)); }
    ;

sort_list
    : sort_item           { CHECK($$ = node1(ctx, KGQ_ORDER, @$, $1)); }
    | sort_list ',' sort_item
                          { CHECK($$ = add(ctx, $1, $3)); }
    ;

sort_item
    : expr sort_dir       { CHECK($$ = node1(ctx, KGQ_SORTKEY, @$, $1)); $$->flags |= (unsigned)$2; }
    ;

sort_dir
    : %empty              { $$ = 0; }
    | ASC                 { $$ = 0; }
    | ASCENDING           { $$ = 0; }
    | DESC                { $$ = KGQ_F_DESC; }
    | DESCENDING          { $$ = KGQ_F_DESC; }
    ;

skip_opt
    : %empty              { $$ = NULL; }
    | SKIP expr           { CHECK($$ = node1(ctx, KGQ_SKIP, @$, $2)); }
    ;

limit_opt
    : %empty              { $$ = NULL; }
    | LIMIT expr          { CHECK($$ = node1(ctx, KGQ_LIMIT, @$, $2)); }
    ;

/* ---- other clauses ------------------------------------------------------ */

unwind_clause
    : UNWIND expr AS name
                          { CHECK($$ = set_str(node1(ctx, KGQ_UNWIND, @$, $2), $4)); }
    ;

create_clause
    : CREATE pattern_list { CHECK($$ = retag($2, KGQ_CREATE, @$)); }
    ;

merge_clause
    : MERGE pattern merge_actions
                          { CHECK($$ = span(adopt(ctx, node1(ctx, KGQ_MERGE, @$, $2), $3), @$)); }
    ;

/* ON CREATE SET ..., ON MATCH SET ...: KGQ_SET kids of the MERGE, i saying when */
merge_actions
    : %empty              { $$ = NULL; }
    | merge_actions ON CREATE SET set_list
                          { kgq_node *h = $1 ? $1 : mk(ctx, KGQ_MERGE, @$);
                            if ($5) $5->i = KGQ_ON_CREATE;
                            CHECK($$ = add(ctx, h, $5)); }
    | merge_actions ON MATCH SET set_list
                          { kgq_node *h = $1 ? $1 : mk(ctx, KGQ_MERGE, @$);
                            if ($5) $5->i = KGQ_ON_MATCH;
                            CHECK($$ = add(ctx, h, $5)); }
    ;

/* REMOVE v.k, ...: a SET of the keys to null */
remove_clause
    : REMOVE remove_list  { CHECK($$ = span($2, @$)); }
    ;

remove_list
    : remove_item         { CHECK($$ = node1(ctx, KGQ_SET, @$, $1)); }
    | remove_list ',' remove_item
                          { CHECK($$ = add(ctx, $1, $3)); }
    ;

remove_item
    : name '.' schema_name
                          { kgq_node *prop = set_str(node1(ctx, KGQ_PROP, @$, named(ctx, KGQ_VAR, @1, $1)), $3);
                            CHECK($$ = add(ctx, node1(ctx, KGQ_SETITEM, @$, prop), mk(ctx, KGQ_NULL, @$))); }
    ;

set_clause
    : SET set_list        { CHECK($$ = span($2, @$)); }
    ;

set_list
    : set_item            { CHECK($$ = node1(ctx, KGQ_SET, @$, $1)); }
    | set_list ',' set_item
                          { CHECK($$ = add(ctx, $1, $3)); }
    ;

set_item
    : name '.' schema_name '=' expr
                          { kgq_loc tl = {@1.start, @3.end};
                            kgq_node *prop = set_str(node1(ctx, KGQ_PROP, tl, named(ctx, KGQ_VAR, @1, $1)), $3);
                            CHECK($$ = add(ctx, node1(ctx, KGQ_SETITEM, @$, prop), $5)); }
    | name '=' expr       { CHECK($$ = set_all(ctx, $1, @1, KGQ_SET_ALL, $3, @$)); }
    | name PLUSEQ expr    { CHECK($$ = set_all(ctx, $1, @1, KGQ_SET_ADD, $3, @$)); }
    ;

delete_clause
    : DELETE expr_list    { CHECK($$ = retag($2, KGQ_DELETE, @$)); }
    | DETACH DELETE expr_list
                          { CHECK($$ = retag($3, KGQ_DELETE, @$)); $$->flags |= KGQ_F_DETACH; }
    ;

/* ---- expressions (rule 2: one nonterminal per level) -------------------- */

expr_list
    : expr                { CHECK($$ = node1(ctx, KGQ_LIST, @$, $1)); }
    | expr_list ',' expr  { CHECK($$ = span(add(ctx, $1, $3), @$)); }
    ;

expr
    : or_expr
    ;

or_expr
    : or_expr OR xor_expr    { CHECK($$ = binop(ctx, KGQ_OP_OR, $1, $3, @$)); }
    | xor_expr
    ;

xor_expr
    : xor_expr XOR and_expr  { CHECK($$ = binop(ctx, KGQ_OP_XOR, $1, $3, @$)); }
    | and_expr
    ;

and_expr
    : and_expr AND not_expr  { CHECK($$ = binop(ctx, KGQ_OP_AND, $1, $3, @$)); }
    | not_expr
    ;

not_expr
    : NOT not_expr           { CHECK($$ = unop(ctx, KGQ_UNOP, KGQ_OP_NOT, $2, @$)); }
    | cmp_expr
    ;

cmp_expr
    : cmp_expr cmp_op pred_expr
                             { CHECK($$ = compare(ctx, $2, $1, @1, $3, @$)); }
    | pred_expr
    ;

cmp_op
    : '='                    { $$ = KGQ_OP_EQ; }
    | NE                     { $$ = KGQ_OP_NE; }
    | '<'                    { $$ = KGQ_OP_LT; }
    | LE                     { $$ = KGQ_OP_LE; }
    | '>'                    { $$ = KGQ_OP_GT; }
    | GE                     { $$ = KGQ_OP_GE; }
    ;

pred_expr
    : pred_expr IN add_expr  { CHECK($$ = binop(ctx, KGQ_OP_IN, $1, $3, @$)); }
    | pred_expr CONTAINS add_expr
                             { CHECK($$ = binop(ctx, KGQ_OP_CONTAINS, $1, $3, @$)); }
    | pred_expr STARTS WITH add_expr
                             { CHECK($$ = binop(ctx, KGQ_OP_STARTS, $1, $4, @$)); }
    | pred_expr ENDS WITH add_expr
                             { CHECK($$ = binop(ctx, KGQ_OP_ENDS, $1, $4, @$)); }
    | pred_expr IS NULL      { CHECK($$ = unop(ctx, KGQ_ISNULL, 0, $1, @$)); }
    | pred_expr IS NOT NULL  { CHECK($$ = unop(ctx, KGQ_ISNULL, 0, $1, @$)); $$->flags |= KGQ_F_NOT; }
    | add_expr
    ;

add_expr
    : add_expr '+' mul_expr  { CHECK($$ = binop(ctx, KGQ_OP_ADD, $1, $3, @$)); }
    | add_expr '-' mul_expr  { CHECK($$ = binop(ctx, KGQ_OP_SUB, $1, $3, @$)); }
    | mul_expr
    ;

mul_expr
    : mul_expr '*' pow_expr  { CHECK($$ = binop(ctx, KGQ_OP_MUL, $1, $3, @$)); }
    | mul_expr '/' pow_expr  { CHECK($$ = binop(ctx, KGQ_OP_DIV, $1, $3, @$)); }
    | mul_expr '%' pow_expr  { CHECK($$ = binop(ctx, KGQ_OP_MOD, $1, $3, @$)); }
    | pow_expr
    ;

/* a ^ b ^ c is (a ^ b) ^ c; -2 ^ 2 is (-2) ^ 2, as in openCypher */
pow_expr
    : pow_expr '^' unary_expr  { CHECK($$ = binop(ctx, KGQ_OP_POW, $1, $3, @$)); }
    | unary_expr
    ;

unary_expr
    : '-' unary_expr         { CHECK($$ = negate(ctx, $2, @$)); }
    | '+' unary_expr         { CHECK($$ = span($2, @$)); }
    | postfix_expr
    ;

postfix_expr
    : atom
    | postfix_expr '.' schema_name
                             { CHECK($$ = expr_ok(ctx, set_str(node1(ctx, KGQ_PROP, @$, $1), $3))); }
    | postfix_expr '[' expr ']'
                             { CHECK($$ = expr_ok(ctx, add(ctx, node1(ctx, KGQ_INDEX, @$, $1), $3))); }
    | postfix_expr '[' expr DOTDOT expr ']'
                             { CHECK($$ = expr_ok(ctx, add(ctx, add(ctx, node1(ctx, KGQ_SLICE, @$, $1), $3), $5)));
                               $$->i = 3; }
    | postfix_expr '[' expr DOTDOT ']'
                             { CHECK($$ = expr_ok(ctx, add(ctx, node1(ctx, KGQ_SLICE, @$, $1), $3)));
                               $$->i = 1; }
    | postfix_expr '[' DOTDOT expr ']'
                             { CHECK($$ = expr_ok(ctx, add(ctx, node1(ctx, KGQ_SLICE, @$, $1), $4)));
                               $$->i = 2; }
    | postfix_expr '[' DOTDOT ']'
                             { CHECK($$ = expr_ok(ctx, node1(ctx, KGQ_SLICE, @$, $1))); }
    | postfix_expr ':' schema_name
                             { kgq_node *h = $1->kind == KGQ_HASLABEL && $1->start == @1.start &&
                                             $1->end == @1.end ? $1 : node1(ctx, KGQ_HASLABEL, @$, $1);
                               CHECK($$ = expr_ok(ctx, span(label(ctx, h, $3, @3), @$))); }
    ;

atom
    : literal
    | PARAM
    | name                   { CHECK($$ = named(ctx, KGQ_VAR, @$, $1)); }
    | '(' expr ')'           { $$ = $2; }
    | call
    | list
    | map                    { CHECK($$ = expr_ok(ctx, retag($1, KGQ_MAPLIT, @$))); }
    | case_expr
    ;

literal
    : INTEGER
    | FLOAT
    | STRING
    | DATE
    | TRUE                   { CHECK($$ = mk(ctx, KGQ_BOOL, @$)); $$->i = 1; }
    | FALSE                  { CHECK($$ = mk(ctx, KGQ_BOOL, @$)); $$->i = 0; }
    | NULL                   { CHECK($$ = mk(ctx, KGQ_NULL, @$)); }
    ;

call
    : IDENT '(' ')'          { CHECK($$ = named(ctx, KGQ_CALL, @$, $1)); }
    | IDENT '(' '*' ')'      { CHECK($$ = add(ctx, named(ctx, KGQ_CALL, @$, $1), mk(ctx, KGQ_STAR, @3))); }
    | IDENT '(' expr_list ')'
                             { CHECK($$ = expr_ok(ctx, set_str(retag($3, KGQ_CALL, @$), $1))); }
    | IDENT '(' expr WHERE expr ')'
                             { CHECK($$ = quantifier(ctx, $1, @1, $3, $5, @$)); }
    | IDENT '(' DISTINCT expr_list ')'
                             { CHECK($$ = expr_ok(ctx, set_str(retag($4, KGQ_CALL, @$), $1)));
                               $$->flags |= KGQ_F_DISTINCT; }
    ;

list
    : '[' ']'                { CHECK($$ = mk(ctx, KGQ_LIST, @$)); }
    | '[' expr_list ']'      { CHECK($$ = expr_ok(ctx, span($2, @$))); }
    | '[' expr WHERE expr ']'
                             { CHECK($$ = comprehension(ctx, KGQ_LISTCOMP, $2, $4, NULL, @$)); }
    | '[' expr '|' expr ']'  { CHECK($$ = comprehension(ctx, KGQ_LISTCOMP, $2, NULL, $4, @$)); }
    | '[' expr WHERE expr '|' expr ']'
                             { CHECK($$ = comprehension(ctx, KGQ_LISTCOMP, $2, $4, $6, @$)); }
    ;

case_expr
    : CASE case_whens END    { CHECK($$ = expr_ok(ctx, span($2, @$))); }
    | CASE case_whens ELSE expr END
                             { CHECK($$ = expr_ok(ctx, span(add(ctx, $2, $4), @$)));
                               $$->flags |= KGQ_F_HASELSE; }
    | CASE expr case_whens END
                             { kgq_node *c = add(ctx, mk(ctx, KGQ_CASE, @$), $2);
                               if (c) c->i = $3->i;
                               CHECK($$ = expr_ok(ctx, adopt(ctx, c, $3)));
                               $$->flags |= KGQ_F_SIMPLE; }
    | CASE expr case_whens ELSE expr END
                             { kgq_node *c = add(ctx, mk(ctx, KGQ_CASE, @$), $2);
                               if (c) c->i = $3->i;
                               CHECK($$ = expr_ok(ctx, add(ctx, adopt(ctx, c, $3), $5)));
                               $$->flags |= KGQ_F_SIMPLE | KGQ_F_HASELSE; }
    ;

case_whens
    : WHEN expr THEN expr    { CHECK($$ = add(ctx, node1(ctx, KGQ_CASE, @$, $2), $4)); $$->i = 1; }
    | case_whens WHEN expr THEN expr
                             { CHECK($$ = add(ctx, add(ctx, $1, $3), $5)); $$->i++; }
    ;

/* Variables: identifiers, and the keywords that only begin a statement or
** follow SHOW/ALIAS, which cannot be mistaken there (WITH collect(x) AS types). */
name
    : IDENT
    | soft_keyword           { CHECK($$ = token_text(ctx, @1)); }
    ;

soft_keyword
    : EXPLAIN | PROFILE | SHOW | TYPES | RELATIONS | DESCRIBE | ALIAS | FOR | ON
    ;

/* Names after ':' '.' and map keys may be keywords: {end: 1}, a.type, :set. */
schema_name
    : IDENT
    | keyword_name
    ;

keyword_name
    : keyword                { CHECK($$ = token_text(ctx, @1)); }
    ;

keyword
    : MATCH | OPTIONAL | WHERE | RETURN | WITH | AS | DISTINCT | ORDER | BY | ASC | ASCENDING
    | DESC | DESCENDING | SKIP | LIMIT | AND | OR | XOR | NOT | IN | IS | NULL | TRUE | FALSE
    | CONTAINS | STARTS | ENDS | CREATE | MERGE | SET | DELETE | DETACH | ALIAS | FOR | EXPLAIN
    | PROFILE | SHOW | TYPES | RELATIONS | DESCRIBE | UNWIND | SHORTEST | ALLSHORTEST | CASE
    | WHEN | THEN | ELSE | END | UNION | ON | REMOVE
    ;

%%

/* Bison calls this only for "memory exhausted": either an allocation of its
** stacks failed or they reached YYMAXDEPTH. Every stack entry but a few
** empty rules per level covers a token, so with fewer tokens than half of
** YYMAXDEPTH the stack cannot be full: it was malloc that failed. */
static void kgq_yyerror(KGQ_YYLTYPE *loc, yyscan_t scanner, kgq_ctx *ctx, const char *msg)
{
    (void)scanner;
    (void)msg;
    if (ctx->oom || ctx->ntokens * 2 + 64 < YYMAXDEPTH)
        kgq_set_oom(ctx);
    else
        kgq_set_error(ctx, *loc, KGQ_DEPTH_MSG, ctx->max_depth);
}

/* Friendly name of a token for "expecting ...": keywords bare, punctuation
** quoted, classes of tokens in words. */
static const char *tok_name(yysymbol_kind_t sym, char *buf, size_t cap)
{
    const char *s = yysymbol_name(sym);
    size_t n = strlen(s);
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        snprintf(buf, cap, "%.*s", (int)(n - 2), s + 1);
        return buf;
    }
    return s;
}

static int is_soft_keyword(yysymbol_kind_t sym)
{
    switch (sym) {
    case YYSYMBOL_EXPLAIN:
    case YYSYMBOL_PROFILE:
    case YYSYMBOL_SHOW:
    case YYSYMBOL_TYPES:
    case YYSYMBOL_RELATIONS:
    case YYSYMBOL_DESCRIBE:
    case YYSYMBOL_ALIAS:
    case YYSYMBOL_FOR:
    case YYSYMBOL_ON:
        return 1;
    default:
        return 0;
    }
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, yyscan_t scanner, kgq_ctx *ctx)
{
    enum { MAX_LISTED = 6 };
    yysymbol_kind_t tok = yypcontext_token(yyctx);
    const KGQ_YYLTYPE *loc = yypcontext_location(yyctx);
    yysymbol_kind_t exp[YYNTOKENS];
    char what[96], msg[sizeof ctx->err->msg], nb[32];
    int n, expr = 0, stmt = 0, ident = 0;
    size_t o;
    (void)scanner;
    if (ctx->rc)
        return 0; /* the lexer already said what is wrong */
    if (tok == YYSYMBOL_YYEOF)
        snprintf(what, sizeof what, "end of input");
    else
        kgq_quote(what, sizeof what, ctx->text + loc->start, loc->end - loc->start);
    o = (size_t)snprintf(msg, sizeof msg, "unexpected %s", what);
    n = yypcontext_expected_tokens(yyctx, exp, YYNTOKENS);
    if (n < 0) {
        kgq_set_oom(ctx);
        return 0;
    }
    for (int i = 0; i < n; i++) {
        if (exp[i] == YYSYMBOL_INTEGER)
            expr = 1;
        else if (exp[i] == YYSYMBOL_IDENT)
            ident = 1;
        else if (exp[i] == YYSYMBOL_SHOW)
            stmt = 1;
    }
    stmt = stmt && !ident; /* SHOW but no identifier: a statement begins here */
    if (ident) {
        /* soft keywords are identifiers there: do not list them apart */
        int k = 0;
        for (int i = 0; i < n; i++)
            if (!is_soft_keyword(exp[i]))
                exp[k++] = exp[i];
        n = k;
    }
    if (n > 0 && n <= MAX_LISTED) {
        o += (size_t)snprintf(msg + o, sizeof msg - o, ", expecting ");
        for (int i = 0; i < n && o < sizeof msg; i++)
            o += (size_t)snprintf(msg + o, sizeof msg - o, "%s%s",
                                  i == 0 ? "" : i == n - 1 ? " or " : ", ",
                                  tok_name(exp[i], nb, sizeof nb));
    } else if (stmt) {
        snprintf(msg + o, sizeof msg - o, ", expecting a statement");
    } else if (expr) {
        snprintf(msg + o, sizeof msg - o, ", expecting an expression");
    }
    kgq_set_error(ctx, *loc, "%s", msg);
    return 0;
}
