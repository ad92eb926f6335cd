/*
** web.h -- the explorer's page files compiled into the kg program (cli layer):
** cmake/embed.cmake writes the table from engine/web/ and Debian's d3.min.js
** at build time; `kg serve` (cli/serve.c) answers only from it.
*/
#ifndef KG_CLI_WEB_H
#define KG_CLI_WEB_H
#include <stddef.h>

typedef struct kg_web_file {
    const char *url;           /* "/", "/app.js", ...; NULL ends the table */
    const unsigned char *data; /* the file's bytes */
    size_t size;               /* bytes in data */
} kg_web_file;

extern const kg_web_file kg_web_files[];

#endif
