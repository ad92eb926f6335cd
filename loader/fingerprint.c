/*
** fingerprint.c -- what extracted a document (kgl layer): the text kg load
** stores as the document's fingerprint (kg_doc.fingerprint, the property
** `extractor` of its node). It names the library version, a hash of the
** loader's sources (kgl_srchash.c, made by srchash.cmake at build time), a
** hash of the built-in dictionaries and rules (loader/data, embedded), and a
** hash of the analyst's --dict and --rules files when there are any:
**     kg 0.3.0 loader 3f2a9c1d07e1 data 8e77a0b2c4d5 files 1f0e3d4c5b6a
** A document whose fingerprint differs from the stored one is read again
** (KG_DOC_REREAD) even when its text is the same.
*/
#include <stdio.h>
#include <string.h>

#include "kgl.h"

extern const char kgl_source_hash[];
extern const char kgl_data_rules[], kgl_data_dict[], kgl_data_places[], kgl_data_world[];

char *kgl_fingerprint(uint64_t files)
{
    const char *data[] = {kgl_data_rules, kgl_data_dict, kgl_data_places, kgl_data_world};
    uint64_t h = 0;
    for (int i = 0; i < 4; i++)
        h = kgl_hash(data[i], strlen(data[i]), h);
    kgl_buf b = {0};
    kgl_buf_printf(&b, "kg %s loader %s data %012llx", kg_version(), kgl_source_hash,
                   (unsigned long long)(h & 0xffffffffffffULL));
    if (files)
        kgl_buf_printf(&b, " files %012llx", (unsigned long long)(files & 0xffffffffffffULL));
    return b.p;
}
