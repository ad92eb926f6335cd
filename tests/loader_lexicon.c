/*
** loader_lexicon.c -- the loader's dictionary layers: curated entries,
** generated (+weak) entries from iso-codes and the general lexicon
** (loader/data/world.txt). How a +weak entry joins a curated one, which
** names it yields, conflicts that are still refused, demonyms and roles that
** name generated countries, and the default lexicon's generated countries.
*/
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"
#include "tap.h"

static const char *rules = "set negation not\nset modal may\nset be is\n";

/* a lexicon from the given dictionary files (NULL-terminated pairs name, text) */
static kgl_lex *lex_of(char *err, size_t errlen, ...)
{
    kgl_lex *lx = calloc(1, sizeof *lx);
    if (kgl_lex_add_rules(lx, "rules", rules, strlen(rules), err, errlen))
        return kgl_lex_free(lx), NULL;
    va_list ap;
    va_start(ap, errlen);
    for (const char *name; (name = va_arg(ap, const char *));) {
        const char *text = va_arg(ap, const char *);
        if (kgl_lex_add_dict(lx, name, text, strlen(text), err, errlen)) {
            va_end(ap);
            kgl_lex_free(lx);
            return NULL;
        }
    }
    va_end(ap);
    if (kgl_lex_finish(lx, err, errlen)) {
        kgl_lex_free(lx);
        return NULL;
    }
    return lx;
}

/* canonical name the (first non-adjective) alias `surface` names, or NULL */
static const char *names(const kgl_lex *lx, const char *surface)
{
    char *n = kgl_norm(surface, strlen(surface));
    int a = kgl_lex_find(lx, n);
    const char *r = NULL;
    for (int k = a; a >= 0 && k < lx->nal && !strcmp(lx->al[k].norm, n); k++)
        if (!lx->al[k].adj) {
            r = lx->ent[lx->al[k].entry].canon;
            break;
        }
    if (!r && a >= 0) r = lx->ent[lx->al[a].entry].canon;
    free(n);
    return r;
}

static int count(const kgl_lex *lx, const char *surface)
{
    char *n = kgl_norm(surface, strlen(surface));
    int a = kgl_lex_find(lx, n), c = 0;
    for (int k = a; a >= 0 && k < lx->nal && !strcmp(lx->al[k].norm, n); k++)
        c++;
    free(n);
    return c;
}

int main(void)
{
    plan(31);
    char err[512] = "";
    const char *cur = "country Fooland | Foo\n"
                      "country Barland | Barton\n"
                      "place Quux\n";
    const char *gen =
        "country+weak Republic of Fooland | Fooland | Foo Republic\n" /* joins Fooland */
        "place+weak Barton | Barton Province\n"                       /* Barton yields */
        "place+weak Alpha | Central\n"                                /* Central: two generated */
        "place+weak Beta | Central\n"
        "country+weak Newland | Republic of Newland\n"
        "place+weak Quux | Quux Governorate\n"; /* joins Quux */
    kgl_lex *lx = lex_of(err, sizeof err, "cur", cur, "gen", gen, (char *)NULL);
    ok(lx != NULL, "curated and generated dictionaries load together (%s)", lx ? "ok" : err);
    if (!lx) return done_testing();
    is_str(names(lx, "Republic of Fooland"), "Fooland",
           "a generated entry joins the curated one sharing its name");
    is_str(names(lx, "Foo Republic"), "Fooland", "... with all its names");
    is_int(count(lx, "Fooland"), 1, "... and a shared name is kept once");
    is_str(names(lx, "Barton"), "Barland",
           "a curated name wins over a generated one of another type");
    is_int(count(lx, "Barton"), 1, "... and the generated one is dropped");
    is_str(names(lx, "Barton Province"), "Barton", "... the generated entry keeps its other names");
    is_int(count(lx, "Central"), 0, "a name of two generated entries is dropped");
    is_str(names(lx, "Alpha"), "Alpha", "... they keep their own names");
    is_str(names(lx, "Republic of Newland"), "Newland",
           "a generated entry nothing curated names stands alone");
    is_str(names(lx, "Quux Governorate"), "Quux",
           "a generated place joins the curated place of its name");
    kgl_lex_free(lx);

    /* order does not matter: generated before curated */
    lx = lex_of(err, sizeof err, "gen", gen, "cur", cur, (char *)NULL);
    ok(lx && !strcmp(names(lx, "Foo Republic"), "Fooland") &&
           !strcmp(names(lx, "Barton"), "Barland"),
       "the same when the generated file comes first (%s)", lx ? "ok" : err);
    kgl_lex_free(lx);

    /* demonyms and roles may name a generated entry; they follow it when it joins a curated one */
    lx = lex_of(err, sizeof err, "gen", gen, "world",
                "demonym Newland | Newlander\n"
                "demonym Republic of Fooland | Foolish\n"
                "person Ann Example\n"
                "role Ann Example | leads | Republic of Fooland | president | 2020-01-01..\n"
                "role Ann Example | leads | Newland | king\n",
                "cur", cur, (char *)NULL);
    ok(lx != NULL, "demonyms and roles naming generated countries load (%s)", lx ? "ok" : err);
    if (lx) {
        is_str(names(lx, "Newlander"), "Newland", "demonym of a generated country");
        is_str(names(lx, "Foolish"), "Fooland",
               "demonym of a generated country that joined a curated one");
        int ok1 = 0, ok2 = 0;
        for (int i = 0; i < lx->nroles; i++) {
            ok1 |= !strcmp(lx->roles[i].title, "president") &&
                   !strcmp(lx->ent[lx->roles[i].target].canon, "Fooland");
            ok2 |= !strcmp(lx->roles[i].title, "king") &&
                   !strcmp(lx->ent[lx->roles[i].target].canon, "Newland");
        }
        ok(ok1 && ok2, "roles follow the entry their target joined");
    }
    kgl_lex_free(lx);

    /* curated conflicts are still refused, also when entries of other types sit between them */
    lx = lex_of(err, sizeof err, "a", "country A | X\nplace P | X\ncountry B | X\n", (char *)NULL);
    ok(!lx && strstr(err, "alias 'x' names both"),
       "one curated alias for two countries is refused (%s)", err);
    lx = lex_of(err, sizeof err, "a", "country A | X\nplace P | X\n", (char *)NULL);
    ok(lx != NULL, "one alias for a country and a place is allowed");
    kgl_lex_free(lx);
    lx = lex_of(err, sizeof err, "a", "place+weak P\nplace+weak P | Q\n", (char *)NULL);
    ok(lx && !strcmp(names(lx, "Q"), "P"), "two generated lines of one entry add up");
    kgl_lex_free(lx);
    lx = lex_of(err, sizeof err, "a", "place+strong P\n", (char *)NULL);
    ok(!lx && strstr(err, "+weak"), "an unknown flag lists +weak among the known ones (%s)", err);

    /* the default lexicon: curated, generated, general */
    lx = kgl_lex_default(err, sizeof err);
    ok(lx && !kgl_lex_finish(lx, err, sizeof err), "the default lexicon loads (%s)",
       lx ? "ok" : err);
    if (!lx) return done_testing();
    int countries = 0;
    for (int e = 0; e < lx->nent; e++) {
        int used = 0;
        for (int i = 0; i < lx->nal && !used; i++)
            used = lx->al[i].entry == e;
        countries += used && !strcmp(lx->ent[e].type, "country");
    }
    diag("default lexicon: %d entries, %d aliases, %d roles, %d countries", lx->nent, lx->nal,
         lx->nroles, countries);
    ok(countries >= 249, "every ISO 3166-1 country is a country (%d)", countries);
    is_str(names(lx, "Russian Federation"), "Russia",
           "ISO's Russian Federation is the curated Russia");
    is_str(names(lx, "Türkiye"), "Turkey", "ISO's Türkiye is the curated Turkey");
    is_str(names(lx, "Nigeria"), "Nigeria", "Nigeria (generated)");
    is_str(names(lx, "Nigerian"), "Nigeria", "Nigerian (world.txt demonym of a generated country)");
    is_str(names(lx, "Ivory Coast"), "Côte d'Ivoire", "Ivory Coast joins ISO's Côte d'Ivoire");
    is_str(names(lx, "Kabul"), "Kabul", "Kabul is a place, not Afghanistan");
    is_str(names(lx, "Borno"), "Borno", "a Nigerian state (ISO 3166-2)");
    is_int(count(lx, "Delta"), 0, "a subdivision named by a common word (Delta) is left out");
    is_str(names(lx, "Washington"), "United States",
           "Washington stays the curated metonym, not the state");
    kgl_lex_free(lx);
    return done_testing();
}
