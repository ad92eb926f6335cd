/* fuzz_db.h -- temporary directories for the fuzz targets (see fuzz_db.c). */
#ifndef KG_FUZZ_DB_H
#define KG_FUZZ_DB_H
const char *kg_fuzz_dir(void);                      /* this process's scratch directory */
int kg_fuzz_copy(const char *from, const char *to); /* copy a closed database's data file */
#endif
