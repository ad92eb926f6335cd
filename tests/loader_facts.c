/*
** loader_facts.c -- TAP tests of curated fact files (kgl layer): values are
** trimmed (so "X " and "X" are one entity, in the parsed result and in the
** bulk load), and a bad line is refused with its line number, the column (or
** JSON key) and the reason. All names are invented for the tests.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kg.h"
#include "kgl.h"
#include "tap.h"

#define HEAD "subject\tsubject_type\trelation\tobject\tobject_type\tdate\tconfidence\n"

/* parse text as TSV (jsonl=0) or JSON Lines; 1 when refused with `want` in the message */
static int refused(int jsonl, const char *text, const char *want)
{
    kgl_result *r = NULL;
    char err[512] = "";
    int rc = kgl_facts_parse(text, strlen(text), jsonl, &r, err, sizeof err);
    kgl_result_free(r);
    if (!rc || !strstr(err, want)) diag("error was '%s' (want '%s')", err, want);
    return rc && strstr(err, want);
}

/* The subject of a one-line JSON Lines file whose subject is the JSON text
** `subj` (quotes included), into buf; NULL when refused (the reason in buf). */
static const char *json_subject(const char *subj, char *buf, size_t cap)
{
    char line[512];
    snprintf(line, sizeof line,
             "{\"subject\": %s, \"subject_type\": \"person\", \"relation\": \"leads\", "
             "\"object\": \"Harrow Front\", \"object_type\": \"organisation\"}\n",
             subj);
    kgl_result *r = NULL;
    char err[512] = "";
    int rc = kgl_facts_parse(line, strlen(line), 1, &r, err, sizeof err);
    snprintf(buf, cap, "%s", rc ? err : r->ent[r->fact[0].subj].name);
    kgl_result_free(r);
    return rc ? NULL : buf;
}

static int entities(const kgl_result *r)
{
    int n = 0;
    for (int i = 0; i < r->nent; i++)
        n += strcmp(r->ent[i].type, "statement") != 0;
    return n;
}

int main(void)
{
    plan(17 + 20);
    char err[512];

    /* ---- trimming */
    {
        const char *tsv = HEAD
            "Tovan Reel \tperson\tmember-of\t Harrow Front\torganisation\t\t\n"
            "Tovan Reel\t person \t leads \tHarrow Front  \t organisation\t 2021-04-05 \t 0.5 \n";
        kgl_result *r = NULL;
        ok(!kgl_facts_parse(tsv, strlen(tsv), 0, &r, err, sizeof err),
           "a TSV file with padded values loads (%s)", r ? "ok" : err);
        is_int(entities(r), 2,
               "'Tovan Reel ' and 'Tovan Reel' are one entity, ' Harrow Front' and 'Harrow Front  "
               "' one");
        ok(r->nfact == 2 && !strcmp(r->fact[1].rel, "leads") && r->fact[1].date == 18722 &&
               r->fact[1].conf == 0.5f,
           "type, relation, date and confidence are trimmed too");
        int padded = 0;
        for (int i = 0; i < r->nent; i++)
            for (int a = 0; a < r->ent[i].nalias; a++)
                padded += strchr(" \t", r->ent[i].alias[a][0]) != NULL;
        ok(padded == 0, "no alias keeps the padding");
        kgl_result_free(r);

        const char *jl =
            "{\"subject\": \" Tovan Reel\", \"subject_type\": \"person\", \"relation\": \"leads\", "
            "\"object\": \"Harrow Front\\u00a0\", \"object_type\": \"organisation\"}\n"
            "{\"subject\": \"Tovan Reel\", \"subject_type\": \"person\", \"relation\": "
            "\"member-of\", "
            "\"object\": \"Harrow Front\", \"object_type\": \"organisation\"}\n";
        r = NULL;
        ok(!kgl_facts_parse(jl, strlen(jl), 1, &r, err, sizeof err) && entities(r) == 2,
           "JSON Lines values are trimmed (white space and no-break space)");
        kgl_result_free(r);
    }

    /* ---- the bulk path trims the same way */
    {
        char dir[] = "/tmp/kgl-facts-XXXXXX";
        kg_db *db = NULL;
        if (!mkdtemp(dir) || kg_open(dir, KG_OPEN_CREATE, NULL, &db) != KG_OK) {
            printf("Bail out! cannot create a database in %s\n", dir);
            return 1;
        }
        const char *tsv = HEAD "Tovan Reel \tperson\tmember-of\tHarrow Front\torganisation\t\t\n"
                               "Tovan Reel\tperson\tleads\tHarrow Front \torganisation\t\t\n";
        int status = 0;
        kgl_counts c = {0};
        int rc =
            kgl_facts_load(db, "padded.tsv", tsv, strlen(tsv), 0, &status, &c, err, sizeof err);
        ok(rc == KG_OK && c.entities == 2 && c.relations == 2,
           "bulk load: two entities, not four (%llu)", (unsigned long long)c.entities);
        kg_close(db);
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd)) diag("could not remove %s", dir);
    }

    /* ---- errors name the line, the column and the reason */
    ok(refused(0, HEAD "A\tperson\t\tB\tperson\t\t\n", "line 2: column 'relation' is empty"),
       "empty relation");
    ok(refused(0, HEAD "A\tperson\tleads\t  \tperson\t\t\n", "line 2: column 'object' is empty"),
       "a value of only spaces is empty");
    ok(refused(0, HEAD "# a comment\nA\tperson\tleads\tB\n",
               "line 3: column 'object_type' is missing (the line has 4 of"),
       "a short line names the first missing column and counts the fields");
    ok(refused(0, HEAD "A\tPerson\tleads\tB\torganisation\t\t\n",
               "line 2: column 'subject_type': unknown type 'Person' (want person,"),
       "unknown type names the column and lists the types");
    ok(refused(0, HEAD "A\tperson\tleads\tB\torganisation\t2021-02-30\t\n",
               "line 2: column 'date': '2021-02-30' is not a date (want YYYY-MM-DD)"),
       "an impossible date is refused");
    ok(refused(0, HEAD "A\tperson\tleads\tB\torganisation\t\t1.5\n",
               "line 2: column 'confidence': '1.5' is not a number from 0 to 1"),
       "a confidence out of range is refused");
    ok(refused(0, HEAD "A\tperson\tleads\tB\torganisation\t\tnan\n", "column 'confidence': 'nan'"),
       "NaN is not a confidence");
    ok(refused(0, "subject\tsubject_type\trelation\tobject\n",
               "line 1: header lacks column 'object_type'"),
       "a header without a required column");
    ok(refused(0, "subject\tsubject_type\trelation\tobject\tobject_type\tSubject\n",
               "line 1: header names column 'subject' twice"),
       "a header naming a column twice");
    ok(refused(1,
               "{\"subject\": \"A\", \"subject_type\": \"person\", \"relation\": \"leads\", "
               "\"object_type\": \"organisation\"}\n",
               "line 1: key 'object' is missing"),
       "JSON Lines: a missing key");
    ok(refused(1, "{\"subject\": \"A\" \"relation\": \"leads\"}\n",
               "line 1: JSON: expected ',' or '}' at character 17"),
       "JSON Lines: a syntax error gives the character");

    /* ---- JSON Lines strings are decoded exactly, or refused with the reason */
    {
        char b[512];
        is_str(json_subject("\"A\\rB\\bC\\fD\\tE\\nF\\\"G\\\\H\\/I\"", b, sizeof b),
               "A\rB\bC\fD\tE\nF\"G\\H/I", "every two-character escape decodes to its character");
        is_str(json_subject("\"Jos\\u00e9 \\u20AC\"", b, sizeof b), "Jos\xc3\xa9 \xe2\x82\xac",
               "\\u escapes, lower and upper case hex");
        is_str(json_subject("\"X \\ud83d\\ude00\"", b, sizeof b), "X \xf0\x9f\x98\x80",
               "a surrogate pair is one character (U+1F600)");
        static const struct {
            const char *json, *why, *name;
        } bad[] = {
            {"\"A\\u0000B\"", "line 1: JSON: '\\u0000' (a NUL character) at character 15",
             "\\u0000"},
            {"\"A\\xB\"", "line 1: JSON: invalid escape '\\x' at character 15",
             "an unknown escape"},
            {"\"A\\u12\"", "line 1: JSON: '\\u' needs four hex digits at character 15",
             "a short \\u"},
            {"\"A\\u12G4\"", "'\\u' needs four hex digits", "a \\u with a non-hex digit"},
            {"\"A\\ud83d\"", "line 1: JSON: unpaired surrogate '\\uD83D' at character 15",
             "a lone high surrogate"},
            {"\"A\\ud83dB\"", "unpaired surrogate '\\uD83D'", "a high surrogate before a letter"},
            {"\"A\\ude00\"", "unpaired surrogate '\\uDE00'", "a lone low surrogate"},
            {"\"A\tB\"", "JSON: control character 0x09 in a string at character 15",
             "a raw tab in a string"},
            {"null", "line 1: key 'subject' is null, not a string", "null as a name"},
            {"true", "line 1: key 'subject' is true, not a string", "true as a name"},
            {"123", "line 1: key 'subject' is 123, not a string", "a number as a name"},
            {"-1.5e3", "key 'subject' is -1.5e3, not a string", "a number with exponent as a name"},
            {"nul", "JSON: 'nul' is not a JSON value", "a bare word"},
            {"01", "JSON: '01' is not a JSON value", "a number with a leading zero"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            const char *got = json_subject(bad[i].json, b, sizeof b);
            ok(!got && strstr(b, bad[i].why), "refused: %s ('%s')", bad[i].name, b);
        }
        ok(refused(1,
                   "{\"subject\": \"A\", \"subject_type\": \"person\", \"relation\": \"leads\", "
                   "\"object\": \"B\", \"object_type\": \"person\"} x\n",
                   "line 1: JSON: 'x' after the object's closing brace at character 105"),
           "trailing garbage after the object");
        const char *jl =
            "{\"subject\": \"A\", \"subject_type\": \"person\", \"relation\": \"leads\", "
            "\"object\": \"B\", \"object_type\": \"person\", \"confidence\": 0.25, \"date\": null, "
            "\"note\": [1], \"rule\": null}  \n";
        kgl_result *r = NULL;
        int rc = kgl_facts_parse(jl, strlen(jl), 1, &r, err, sizeof err);
        ok(rc && strstr(err, "JSON: '[1]' is not a JSON value"), "an array value is refused (%s)",
           err);
        kgl_result_free(r);
        jl =
            "{\"subject\": \"A\", \"subject_type\": \"person\", \"relation\": \"leads\", "
            "\"object\": \"B\", \"object_type\": \"person\", \"confidence\": 0.25, \"date\": null, "
            "\"note\": false, \"rule\": null}  \n";
        r = NULL;
        rc = kgl_facts_parse(jl, strlen(jl), 1, &r, err, sizeof err);
        ok(!rc && r->nfact == 1 && r->fact[0].conf == 0.25f && r->fact[0].date == KG_NODATE,
           "a number for confidence, null for optional keys, other keys of any scalar value (%s)",
           rc ? err : "ok");
        kgl_result_free(r);
    }
    return done_testing();
}
