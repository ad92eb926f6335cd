/*
** escape.c -- control characters made visible (kg program, cli layer): what
** kg prints for a person to read (table and line output, kg load's messages)
** never carries a terminal's control sequences from data or file names, nor
** a newline that could forge a line of kg's own. Machine formats (tsv, csv,
** json, jsonl) keep their own escaping.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

char *kg_cli_visible(const char *s, size_t n, size_t *outlen)
{
    size_t extra = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            extra += 3;
        else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                 (unsigned char)s[i + 1] <= 0x9F)
            extra += 4, i++;
    }
    char *o = malloc(n + extra + 1);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\t' || c == '\r') {
            o[k++] = '\\', o[k++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
        } else if (c < 0x20 || c == 0x7f) {
            k += (size_t)sprintf(o + k, "\\x%02x", c);
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                   (unsigned char)s[i + 1] <= 0x9F) { /* C1 controls: U+0080..U+009F */
            k += (size_t)sprintf(o + k, "\\u%04x", (unsigned char)s[i + 1]);
            i++;
        } else {
            o[k++] = (char)c;
        }
    }
    o[k] = 0;
    if (outlen) *outlen = k;
    return o;
}
