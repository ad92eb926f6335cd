/*
** tap.h -- a tiny Test Anything Protocol emitter for the C tests (tests layer).
** plan(N) first; ok()/is_int()/is_str() print "ok N - name" or "not ok N" with
** the file and line of the failing check, so prove shows where it broke.
*/
#ifndef KG_TAP_H
#define KG_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n_, tap_failed_, tap_planned_;

static void plan(int n)
{
    tap_planned_ = n;
    printf("1..%d\n", n);
    fflush(stdout);
}

static int tap_ok_(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n_);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        tap_failed_++;
        printf("#   failed at %s line %d\n", file, line);
    }
    fflush(stdout);
    return cond;
}

static void diag(const char *fmt, ...)
{
    va_list ap;
    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

#define ok(cond, ...) tap_ok_(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                                     \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (!tap_ok_(g_ == w_, __FILE__, __LINE__, __VA_ARGS__))                                   \
            diag("     got: %lld\n#   expected: %lld", g_, w_);                                    \
    } while (0)
#define is_str(got, want, ...)                                                                     \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        int c_ = g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_;                                        \
        if (!tap_ok_(c_, __FILE__, __LINE__, __VA_ARGS__))                                         \
            diag("     got: '%s'\n#   expected: '%s'", g_ ? g_ : "(null)", w_ ? w_ : "(null)");    \
    } while (0)

/* Exit status for main(): non-zero when a check failed or the count is off. */
static int done_testing(void)
{
    if (tap_planned_ && tap_n_ != tap_planned_)
        diag("planned %d tests but ran %d", tap_planned_, tap_n_);
    return tap_failed_ || (tap_planned_ && tap_n_ != tap_planned_);
}

#endif
