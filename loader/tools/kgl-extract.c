/*
** kgl-extract -- development tool of the loader: run the extraction core on
** files and print "doc subject relation object sentence date modality claimant" TSV, with no
** database. Usage: kgl-extract [--dict F] [--rules F] [--entities] FILE...
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgl.h"

int main(int argc, char **argv)
{
    char err[1024];
    kgl_lex *lx = kgl_lex_default(err, sizeof err);
    if (!lx) {
        fprintf(stderr, "kgl-extract: %s\n", err);
        return 1;
    }
    int ents = 0, text = 0, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--entities"))
            ents = 1;
        else if (!strcmp(argv[i], "--text"))
            text = 1;
        else if ((!strcmp(argv[i], "--dict") || !strcmp(argv[i], "--rules")) && i + 1 < argc) {
            size_t n;
            char *t = kgl_read_file(argv[i + 1], &n);
            if (!t) {
                fprintf(stderr, "kgl-extract: %s: cannot read\n", argv[i + 1]);
                return 1;
            }
            int rc = argv[i][2] == 'd' ? kgl_lex_add_dict(lx, argv[i + 1], t, n, err, sizeof err)
                                       : kgl_lex_add_rules(lx, argv[i + 1], t, n, err, sizeof err);
            free(t);
            if (rc) {
                fprintf(stderr, "kgl-extract: %s\n", err);
                return 1;
            }
            i++;
        }
    }
    if (kgl_lex_finish(lx, err, sizeof err)) {
        fprintf(stderr, "kgl-extract: %s\n", err);
        return 1;
    }
    kgl_buf out = {0};
    kgl_buf_puts(&out, "doc\tsubject\trelation\tobject\tsentence\tdate\tmodality\tclaimant\n");
    int status = 0;
    for (; i < argc; i++) {
        size_t n;
        char *raw = kgl_read_file(argv[i], &n);
        char why[256];
        if (!raw || kgl_check_text(raw, n, why, sizeof why)) {
            fprintf(stderr, "kgl-extract: %s: %s\n", argv[i], raw ? why : "cannot read");
            free(raw);
            status = 1;
            continue;
        }
        kgl_result *r = kgl_extract(lx, raw, n);
        const char *base = strrchr(argv[i], '/');
        base = base ? base + 1 : argv[i];
        if (text) {
            printf("== %s\ntitle: %s\nauthor: %s\n", base, r->doc->title ? r->doc->title : "",
                   r->doc->author ? r->doc->author : "");
            for (int k = 0; k < r->doc->nsent; k++)
                printf("[%d/%d/%d] %.*s\n", k, r->doc->sent[k].para, r->doc->sent[k].section,
                       (int)(r->doc->sent[k].e - r->doc->sent[k].s),
                       r->doc->text + r->doc->sent[k].s);
        }
        if (ents)
            for (int k = 0; k < r->nent; k++) {
                printf("%s\t%s\t%s\t", base, r->ent[k].type, r->ent[k].name);
                for (int a = 0; a < r->ent[k].nalias; a++)
                    printf("%s%s", a ? "|" : "", r->ent[k].alias[a]);
                printf("\n");
            }
        kgl_result_tsv(r, base, &out);
        if (getenv("KGL_ENTITIES")) /* debugging: every entity with its type and surface forms */
            for (int e = 0; e < r->nent; e++) {
                fprintf(stderr, "%s\t%s\t%s", base, r->ent[e].type, r->ent[e].name);
                for (int a = 0; a < r->ent[e].nalias; a++)
                    fprintf(stderr, "%s%s", a ? " | " : "\t", r->ent[e].alias[a]);
                fputc('\n', stderr);
            }
        kgl_result_free(r);
        free(raw);
    }
    if (!ents && !text) fwrite(out.p, 1, out.len, stdout);
    kgl_buf_free(&out);
    kgl_lex_free(lx);
    return status;
}
