/*
** loader_when.c -- the date finder (loader/when.c, kgl_event_date) on the
** cases of tests/loader/dates.txt (tests layer): one TAP test a case.
*/
#include "kgl.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        s[--n] = 0;
    return s;
}

static int32_t date_of(const char *s)
{
    int32_t d;
    return strcmp(s, "-") && kg_date_parse(s, strlen(s), &d) == KG_OK ? d : KG_NODATE;
}

int main(void)
{
    char path[1024], line[2048];
    snprintf(path, sizeof path, "%s/tests/loader/dates.txt", KG_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("1..0 # SKIP cannot read %s\n", path);
        return 0;
    }
    int n = 0;
    while (fgets(line, sizeof line, f))
        n += line[0] != '#' && strchr(line, '|') != NULL;
    rewind(f);
    plan(n);
    for (int lineno = 1; fgets(line, sizeof line, f); lineno++) {
        if (line[0] == '#' || !strchr(line, '|')) continue;
        char *a = line, *b = strchr(a, '|'), *c;
        *b++ = 0;
        c = strrchr(b, '|');
        if (!c) {
            ok(0, "dates.txt:%d: want REPORT | SENTENCE | EVENT", lineno);
            continue;
        }
        *c++ = 0;
        char *rep = trim(a), *sent = trim(b), *want = trim(c);
        int month = 0;
        int32_t got = kgl_event_date(sent, strlen(sent), date_of(rep), &month);
        char gs[20] = "-";
        if (got != KG_NODATE) kg_date_format(got, gs);
        if (month) strcat(gs, " month");
        is_str(gs, want, "dates.txt:%d: %s (report %s)", lineno, sent, rep);
    }
    fclose(f);
    return done_testing();
}
