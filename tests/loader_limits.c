/*
** loader_limits.c -- TAP tests of the loader's bounds (kgl layer): a run-on
** sentence is cut into sentences of at most KGL_MAX_SENTENCE bytes at token
** boundaries (after a comma when it can), extraction of long inputs grows
** linearly (checked by counting sentences, entities and facts, not by time),
** the lookup indexes of a result give the same answers as before, markdown
** link markup is removed in linear time without recursion, and the
** date helpers of the loader agree with the engine's kg_date_parse/format.
** All sentences are invented for the tests.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kg.h"
#include "kgl.h"
#include "tap.h"

static kgl_lex *lx;

/* n bytes (or a little more) of `unit` repeated, separated by spaces, no full stop */
static char *repeat(const char *unit, size_t n, size_t *len)
{
    kgl_buf b = {0};
    while (b.len < n) {
        if (b.len) kgl_buf_putc(&b, ' ');
        kgl_buf_puts(&b, unit);
    }
    *len = b.len;
    return b.p;
}

static int sentences_bounded(const kgl_doc *d)
{
    for (int i = 0; i < d->nsent; i++) {
        const kgl_sent *s = &d->sent[i];
        if (s->e - s->s > KGL_MAX_SENTENCE && s->t1 - s->t0 > 1) return 0;
        if (s->t0 >= s->t1) return 0;
        if (i && s->t0 != d->sent[i - 1].t1) return 0; /* no token lost or read twice */
    }
    return d->nsent ? d->sent[d->nsent - 1].t1 == d->ntok : 1;
}

static int count(const kgl_result *r, const char *rel)
{
    int n = 0;
    for (int i = 0; i < r->nfact; i++)
        n += !strcmp(r->fact[i].rel, rel);
    return n;
}

typedef struct parse_job {
    const char *raw;
    size_t len;
    kgl_doc *doc;
} parse_job;

static void *parse_thread(void *arg)
{
    parse_job *j = arg;
    j->doc = kgl_doc_parse(lx, j->raw, j->len);
    return NULL;
}

int main(void)
{
    plan(27);
    char err[512];
    lx = kgl_lex_default(err, sizeof err);
    ok(lx && !kgl_lex_finish(lx, err, sizeof err), "default lexicon loads");

    /* ---- cutting a run-on sentence */
    {
        size_t len;
        char *t = repeat("the Varn Brigade shelled Camp Dellor and Ostin Marek said", 50000, &len);
        kgl_doc *d = kgl_doc_parse(lx, t, len);
        ok(sentences_bounded(d),
           "a 50 KB run-on sentence: every piece is at most %d bytes, tokens kept in order",
           KGL_MAX_SENTENCE);
        ok(d->nsent >= (int)(len / KGL_MAX_SENTENCE) &&
               d->nsent <= (int)(2 * len / KGL_MAX_SENTENCE) + 1,
           "and it is cut into about len / max pieces (%d)", d->nsent);
        int mid_word = 0;
        for (int i = 1; i < d->nsent; i++)
            mid_word += d->tok[d->sent[i].t0].glued || d->tok[d->sent[i].t0].poss;
        ok(mid_word == 0, "no piece starts inside a hyphenated word or at a possessive");
        kgl_doc_free(d);
        free(t);

        t = repeat("the Varn Brigade shelled Camp Dellor, and Ostin Marek said", 50000, &len);
        d = kgl_doc_parse(lx, t, len);
        int after_comma = 0;
        for (int i = 1; i < d->nsent; i++)
            after_comma += !strcmp(d->tok[d->sent[i].t0 - 1].norm, ",");
        ok(sentences_bounded(d) && after_comma == d->nsent - 1,
           "with commas, each cut falls after one (%d of %d)", after_comma, d->nsent - 1);
        kgl_doc_free(d);
        free(t);

        /* a short sentence is left alone, a long one with full stops is split at them */
        const char *two = "The Varn Brigade shelled Camp Dellor. Ostin Marek said nothing.";
        d = kgl_doc_parse(lx, two, strlen(two));
        is_int(d->nsent, 2, "short sentences are split at full stops only");
        kgl_doc_free(d);

        /* one token longer than the limit stays whole */
        kgl_buf b = {0};
        kgl_buf_puts(&b, "Ostin ");
        for (int i = 0; i < 3 * KGL_MAX_SENTENCE; i++)
            kgl_buf_putc(&b, 'x');
        kgl_buf_puts(&b, " Marek left.");
        d = kgl_doc_parse(lx, b.p, b.len);
        int whole = 0;
        for (int i = 0; i < d->ntok; i++)
            whole |= d->tok[i].e - d->tok[i].s == 3 * KGL_MAX_SENTENCE;
        ok(whole && sentences_bounded(d),
           "a token longer than the limit is kept whole (%d sentences)", d->nsent);
        kgl_doc_free(d);
        kgl_buf_free(&b);
    }

    /* ---- markdown link markup on hostile lines: linear, no recursion. 200,000
    ** nested links overflowed the stack (inline_clean recursed once per level)
    ** and a line of 200,000 '[' took quadratic time; checked by the text that
    ** comes out, which is the same as before for ordinary markup */
    {
        enum { N = 200000 };
        kgl_buf b = {0};
        kgl_buf_puts(&b, "The Varn Brigade shelled ");
        for (int i = 0; i < N; i++)
            kgl_buf_putc(&b, '[');
        kgl_buf_puts(&b, "Camp Dellor");
        for (int i = 0; i < N; i++)
            kgl_buf_puts(&b, "](u)");
        kgl_buf_puts(&b, " on Monday.\n");
        /* parsed on a thread with a 512 KB stack: a recursion per level would overflow it */
        parse_job job = {b.p, b.len, NULL};
        pthread_attr_t attr;
        pthread_t th;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 512 * 1024);
        if (!pthread_create(&th, &attr, parse_thread, &job)) pthread_join(th, NULL);
        pthread_attr_destroy(&attr);
        kgl_doc *d = job.doc;
        ok(d && d->text && strstr(d->text, "The Varn Brigade shelled Camp Dellor on Monday.") &&
               d->len < 100,
           "200,000 nested links: the link text, without markup (%zu bytes of text)",
           d ? d->len : 0);
        kgl_doc_free(d);
        b.len = 0;
        kgl_buf_puts(&b, "The Varn Brigade shelled ");
        for (int i = 0; i < N; i++)
            kgl_buf_puts(&b, "![");
        kgl_buf_puts(&b, "Camp Dellor");
        for (int i = 0; i < N; i++)
            kgl_buf_puts(&b, "](u)");
        kgl_buf_puts(&b, " on Monday.\n");
        d = kgl_doc_parse(lx, b.p, b.len);
        ok(d && d->text && strstr(d->text, "The Varn Brigade shelled") &&
               !strstr(d->text, "Camp") && strstr(d->text, "on Monday.") && d->len < 100,
           "200,000 nested images: nothing of them (%zu bytes of text)", d ? d->len : 0);
        kgl_doc_free(d);
        b.len = 0;
        kgl_buf_puts(&b, "Ostin Marek said ");
        for (int i = 0; i < N; i++)
            kgl_buf_putc(&b, '[');
        kgl_buf_puts(&b, "\n");
        d = kgl_doc_parse(lx, b.p, b.len);
        size_t nb = 0;
        for (size_t i = 0; d && i < d->len; i++)
            nb += d->text[i] == '[';
        ok(d && nb == N, "a line of 200,000 '[' (no link) keeps every one (%zu)", nb);
        kgl_doc_free(d);
        b.len = 0;
        kgl_buf_puts(&b, "Ostin Marek said ");
        for (int i = 0; i < N; i++)
            kgl_buf_puts(&b, "[a](");
        kgl_buf_puts(&b, "\n");
        d = kgl_doc_parse(lx, b.p, b.len);
        nb = 0;
        for (size_t i = 0; d && i < d->len; i++)
            nb += d->text[i] == '(';
        ok(d && nb == N, "200,000 links without their ')' stay as written (%zu)", nb);
        kgl_doc_free(d);
        kgl_buf_free(&b);
        /* ordinary markup: as before */
        static const char *const cases[][2] = {
            {"Ostin Marek said [a [b](x) c](y) d today.", "Ostin Marek said a b c d today."},
            {"Ostin Marek said ![img](x)that today.", "Ostin Marek said that today."},
            {"Ostin Marek said \\[not a link\\](x) today.",
             "Ostin Marek said [not a link](x) today."},
            {"Ostin Marek said [open (x today.", "Ostin Marek said [open (x today."},
            {"Ostin Marek said **bold** and __under__ ~~gone~~ * star [*a*](u) today.",
             "Ostin Marek said bold and under gone * star a today."},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            d = kgl_doc_parse(lx, cases[i][0], strlen(cases[i][0]));
            ok(d && d->text && strstr(d->text, cases[i][1]), "markup: '%s' -> '%s' (got '%s')",
               cases[i][0], cases[i][1], d && d->text ? d->text : "");
            kgl_doc_free(d);
        }
    }

    /* ---- linear growth, by counting: twice the text, about twice the facts */
    {
        size_t l1, l2;
        char *a = repeat("the Varn Brigade shelled Camp Dellor and Ostin Marek said", 100000, &l1);
        char *b = repeat("the Varn Brigade shelled Camp Dellor and Ostin Marek said", 200000, &l2);
        kgl_result *r1 = kgl_extract(lx, a, l1), *r2 = kgl_extract(lx, b, l2);
        int s1 = r1->doc->nsent, s2 = r2->doc->nsent;
        ok(s2 >= 2 * s1 - 2 && s2 <= 2 * s1 + 2, "sentences double with the text (%d, %d)", s1, s2);
        int a1 = count(r1, "attacked"), a2 = count(r2, "attacked");
        ok(a1 >= s1 && a2 >= 2 * a1 - 2 && a2 <= 2 * a1 + 2,
           "attacked facts: one per piece, double with the text (%d, %d)", a1, a2);
        /* statements are clauses inside one piece: bounded in size, so memory is linear */
        size_t longest = 0, total = 0;
        for (int i = 0; i < r2->nent; i++)
            if (!strcmp(r2->ent[i].type, "statement")) {
                size_t n = strlen(r2->ent[i].name);
                total += n;
                if (n > longest) longest = n;
            }
        ok(longest <= KGL_MAX_SENTENCE, "the longest statement is at most one piece (%zu bytes)",
           longest);
        ok(total <= 40 * l2, "statement text is linear in the input (%zu bytes for %zu)", total,
           l2);
        int ents = 0;
        for (int i = 0; i < r2->nent; i++)
            ents += strcmp(r2->ent[i].type, "statement") != 0;
        is_int(ents, 3, "the same three names are one entity each across all pieces");
        kgl_result_free(r1), kgl_result_free(r2);
        free(a), free(b);
    }

    /* ---- result indexes: same entity and fact for the same key, new ones otherwise */
    {
        kgl_result *r = calloc(1, sizeof *r);
        int x = kgl_result_entity(r, "person", "Ostin Marek", 11);
        int y = kgl_result_entity(r, "organisation", "Ostin Marek", 11);
        int many = 1;
        char name[32];
        for (int i = 0; i < 5000; i++) {
            snprintf(name, sizeof name, "Name %d", i);
            many &= kgl_result_entity(r, "person", name, strlen(name)) == i + 2;
        }
        ok(x == 0 && y == 1 && kgl_result_entity(r, "person", "Ostin Marek", 11) == 0 &&
               kgl_result_entity(r, "person", "Ostin Mare", 10) == 5002 && many,
           "entities are found by (type, name) among 5000");
        int f0 = kgl_result_fact(r, 0, "attacked", 1, 10, 20, KG_NODATE, 1, "t");
        int f1 = kgl_result_fact(r, 0, "attacked", 1, 30, 40, KG_NODATE, 1, "t");
        int f2 = kgl_result_fact(r, 0, "killed", 1, 10, 20, KG_NODATE, 1, "t");
        ok(f0 == 0 && f1 == 1 && f2 == 2 &&
               kgl_result_fact(r, 0, "attacked", 1, 10, 20, KG_NODATE, 1, "t") == 0 &&
               kgl_result_fact(r, 1, "attacked", 1, 10, 20, KG_NODATE, 1, "t") == -1,
           "facts are found by (subject, relation, object, sentence)");
        kgl_result_free(r);
    }

    /* ---- dates: the loader reads and writes them through the engine */
    {
        int32_t d = 0;
        ok(!kg_date_parse("2020-01-03", 10, &d) && kgl_date_find("January 3, 2020", 15) == d &&
               kgl_date_find("3 Jan 2020", 10) == d &&
               kgl_date_find("on 2020-01-03 at noon", 21) == d,
           "written dates and ISO dates give the engine's day number");
        ok(kgl_date_find("February 30, 2021", 17) == KG_NODATE &&
               kgl_date_find("2021-02-30", 10) == KG_NODATE &&
               kgl_date_find("29 February 2020", 16) != KG_NODATE,
           "impossible days are not dates; 29 February of a leap year is");
        const char *txt =
            "Camp Dellor Report\n\nMarch 9, 2021\n\nThe Varn Brigade shelled Camp Dellor.\n";
        kgl_result *r = kgl_extract(lx, txt, strlen(txt));
        kgl_buf out = {0};
        kgl_result_tsv(r, "x.txt", &out);
        ok(out.p && strstr(out.p, "\t2021-03-09\tasserted\t\n") != NULL,
           "the TSV output formats the date with kg_date_format");
        kgl_buf_free(&out);
        kgl_result_free(r);
        char buf[11];
        kg_date_format(kgl_date_find("5 February 2019", 15), buf);
        is_str(buf, "2019-02-05", "a day-first date round-trips");
    }
    kgl_lex_free(lx);
    return done_testing();
}
