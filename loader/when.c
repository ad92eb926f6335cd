/*
** when.c -- the date of the event a sentence tells (kgl layer): "on 8
** January", "January 5", "last Friday", "early Wednesday", "in December
** 2016", "yesterday", "three days ago", "2020-01-05", resolved against the
** report date (the document's or its dated post's). kgl_write stores it on
** each fact's evidence row as the event date (kg_evidence.event_date), the
** engine keeps the report date beside it; a query's r.date is the event
** date, falling back to the report date.
**
** Rules, in this order, the first expression found in the sentence wins:
**   - a full date: "5 January 2020", "January 5, 2020", "2020-01-05";
**   - a day and a month without a year ("on 8 January", "Jan. 8"): that day
**     in the year before, of or after the report's, the nearest to the
**     report date, a day after it counting six times (news tells the past,
**     and sometimes a few weeks on);
**   - a month with a year ("in December 2016", "December 2016"): the first
**     day of that month; a month alone after "in"/"since"/"during"/"early"/
**     "late"/"mid" ("in December"): its first day, the year chosen as for a
**     day;
**   - a weekday ("on Friday", "last Friday", "early Wednesday", "said
**     Tuesday"): the latest such day before the report date ("last" and a
**     bare weekday alike), the report date itself when it is that weekday
**     and nothing says "last";
**   - "yesterday" (report - 1), "today", "tonight", "this morning/afternoon/
**     evening" (the report date), "N days ago" (N up to 31, in words or
**     digits).
** Month and weekday names must be capitalised (so "may" the verb and "march"
** the verb are no dates); a name with no report date to resolve against
** gives nothing unless the year is written. Years are read from 1900 to 2099.
** Nothing is guessed from "last week", "earlier this month" or a year alone.
*/
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"

/* ---------------------------------------------------------------- civil dates */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int32_t days_from(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

static void civil(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int month_days(int y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : n[m - 1];
}

/* 0 Monday .. 6 Sunday (1970-01-01 was a Thursday). */
static int weekday(int32_t z)
{
    return (int)((z % 7 + 7 + 3) % 7);
}

/* ---------------------------------------------------------------- words */

typedef struct word {
    const char *p; /* start in the sentence */
    size_t n;      /* bytes */
} word;

static int is_w(const word *w, const char *s)
{
    size_t n = strlen(s);
    if (w->n != n) return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)w->p[i]) != s[i]) return 0;
    return 1;
}

static int capital(const word *w)
{
    return w->n && isupper((unsigned char)w->p[0]);
}

/* Month 1..12 of a capitalised month name or abbreviation ("Jan", "Sept"), else 0. */
static int month_of(const word *w)
{
    static const char *const full[] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};
    static const char *const abbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
    if (!capital(w)) return 0;
    for (int i = 0; i < 12; i++)
        if (is_w(w, full[i]) || is_w(w, abbr[i]) || (i == 8 && is_w(w, "sept"))) return i + 1;
    return 0;
}

/* Weekday 0 (Monday) .. 6 of a capitalised name, else -1. */
static int weekday_of(const word *w)
{
    static const char *const names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
    if (!capital(w)) return -1;
    for (int i = 0; i < 7; i++)
        if (is_w(w, names[i])) return i;
    return -1;
}

/* A number of 1 to 4 digits, optionally with an ordinal suffix (8th, 1st): its
** value, else -1. */
static int number_of(const word *w)
{
    size_t i = 0;
    int v = 0;
    while (i < w->n && i < 4 && isdigit((unsigned char)w->p[i]))
        v = v * 10 + (w->p[i++] - '0');
    if (i == 0) return -1;
    if (i == w->n) return v;
    if (w->n - i == 2 && (is_w(&(word){w->p + i, 2}, "st") || is_w(&(word){w->p + i, 2}, "nd") ||
                          is_w(&(word){w->p + i, 2}, "rd") || is_w(&(word){w->p + i, 2}, "th")))
        return v;
    return -1;
}

static int small_number(const word *w)
{
    static const char *const n[] = {"one",   "two",   "three", "four", "five",   "six",
                                    "seven", "eight", "nine",  "ten",  "eleven", "twelve"};
    for (int i = 0; i < 12; i++)
        if (is_w(w, n[i])) return i + 1;
    int v = number_of(w);
    return v >= 1 && v <= 31 && w->n <= 2 ? v : -1;
}

/* Split the sentence into words of letters and digits; ISO dates
** ("2020-01-05") are one word. */
static int split(const char *s, size_t n, word *w, int cap)
{
    int k = 0;
    for (size_t i = 0; i < n && k < cap;) {
        if (!isalnum((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && isalnum((unsigned char)s[j]))
            j++;
        if (j - i == 4 && j + 5 < n && s[j] == '-' && isdigit((unsigned char)s[j + 1]) &&
            isdigit((unsigned char)s[j + 2]) && s[j + 3] == '-' &&
            isdigit((unsigned char)s[j + 4]) && isdigit((unsigned char)s[j + 5]))
            j += 6;
        w[k++] = (word){s + i, j - i};
        i = j;
    }
    return k;
}

static int valid(int y, int m, int d)
{
    return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* Day d of month m in the year before, of or after the report's: the one
** nearest to `report`, a day after it counting six times as much as one before. */
static int32_t nearest_day(int m, int d, int32_t report)
{
    int ry, rm, rd;
    civil(report, &ry, &rm, &rd);
    int32_t best = KG_NODATE;
    int64_t cost = INT64_MAX;
    for (int y = ry - 1; y <= ry + 1; y++) {
        if (!valid(y, m, d)) continue;
        int32_t z = days_from(y, m, d);
        int64_t c = z <= report ? (int64_t)report - z : 6 * ((int64_t)z - report);
        if (c < cost) cost = c, best = z;
    }
    return best;
}

/* ---------------------------------------------------------------- the finder */

int32_t kgl_event_date(const char *s, size_t n, int32_t report, int *month)
{
    int dummy;
    if (!month) month = &dummy;
    *month = 0;
    word w[512];
    int k = split(s, n, w, 512), have = report != KG_NODATE;
    int ry = 0, rm = 0, rd = 0;
    if (have) civil(report, &ry, &rm, &rd);
    for (int i = 0; i < k; i++) {
        /* 2020-01-05 */
        if (w[i].n == 10 && w[i].p[4] == '-') {
            int32_t d;
            if (kg_date_parse(w[i].p, 10, &d) == KG_OK) return d;
            continue;
        }
        int m = month_of(&w[i]);
        if (m) {
            /* a month name must not be the verb or the modal ("May" starting a sentence) */
            int before = i > 0 ? number_of(&w[i - 1]) : -1;
            if (before < 0 && i > 1 && is_w(&w[i - 1], "of"))
                before = number_of(&w[i - 2]); /* the 8th of January */
            int after = i + 1 < k ? number_of(&w[i + 1]) : -1;
            int year = -1;
            if (before >= 1 && before <= 31) { /* 5 January [2020] */
                if (i + 1 < k && (year = number_of(&w[i + 1])) >= 1900 && w[i + 1].n == 4) {
                    if (valid(year, m, before)) return days_from(year, m, before);
                    continue;
                }
                if (have) {
                    int32_t d = nearest_day(m, before, report);
                    if (d != KG_NODATE) return d;
                }
                continue;
            }
            if (after >= 1 && after <= 31 && w[i + 1].n <= 4) { /* January 5[, 2020] */
                if (i + 2 < k && (year = number_of(&w[i + 2])) >= 1900 && w[i + 2].n == 4) {
                    if (valid(year, m, after)) return days_from(year, m, after);
                    continue;
                }
                if (have) {
                    int32_t d = nearest_day(m, after, report);
                    if (d != KG_NODATE) return d;
                }
                continue;
            }
            if (after >= 1900 && after <= 2099 && w[i + 1].n == 4) /* December 2016 */
                return *month = 1, days_from(after, m, 1);
            /* in / since / during / early / late / mid December: the latest such month */
            if (i > 0 && have &&
                (is_w(&w[i - 1], "in") || is_w(&w[i - 1], "since") || is_w(&w[i - 1], "during") ||
                 is_w(&w[i - 1], "early") || is_w(&w[i - 1], "late") || is_w(&w[i - 1], "mid")))
                return *month = 1, nearest_day(m, 1, report);
            continue;
        }
        if (!have) continue;
        int wd = weekday_of(&w[i]);
        if (wd >= 0) {
            int last = i > 0 && is_w(&w[i - 1], "last");
            int back = (weekday(report) - wd + 7) % 7;
            if (back == 0 && last) back = 7;
            return report - back;
        }
        if (is_w(&w[i], "yesterday")) return report - 1;
        if (is_w(&w[i], "today") || is_w(&w[i], "tonight")) return report;
        if (is_w(&w[i], "this") && i + 1 < k &&
            (is_w(&w[i + 1], "morning") || is_w(&w[i + 1], "afternoon") ||
             is_w(&w[i + 1], "evening")))
            return report;
        if (is_w(&w[i], "ago") && i >= 2 && (is_w(&w[i - 1], "days") || is_w(&w[i - 1], "day"))) {
            int v = small_number(&w[i - 2]);
            if (v >= 1 && v <= 31) return report - v;
        }
    }
    return KG_NODATE;
}
