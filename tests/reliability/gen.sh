# gen.sh -- shell functions shared by tests/reliability*.sh (sourced, not run).
# gen_docs DIR N: write N small news-like documents with invented names.
gen_docs() {
    mkdir -p "$1"
    awk -v dir="$1" -v n="$2" 'BEGIN {
        split("Zorvan Maro Dastin Ilka Tevor Onna Brusk Keled Sarai Vomir Etta Jorun Palek Ysolde Grint Hamel Ostra Luvik Nerys Caddo", F, " ")
        split("Keltis Telvane Orrek Vashti Domaro Quelle Ristan Abanor Fenwick Ulmarr Sorrow Penn Gavrila Tozzi Marrow Eskin Holloway Brand Ivers Ketch", L, " ")
        split("Brevik Ostrava Tamsin Vel Korrin Duma Selk Harrowgate Pell Istra Norwood Calder Veshk Ambry Tolen Rusk Mereth Galt Ophir Skane", P, " ")
        split("Iron Crescent Northern Red Valley Seventh Black Falcon Granite River Ash Storm Silver Harbor Eastern Jade Copper Lantern Thorn Wolf", B, " ")
        split("We will respond in due time|The strike was a warning|Nobody will be spared|Our forces stand ready|This was not our doing|The base will be rebuilt|We demand a withdrawal|The attack failed", Q, "|")
        for (d = 1; d <= n; d++) {
            f = sprintf("%s/doc-%03d.txt", dir, d)
            a = F[d % 20 + 1] " " L[int(d / 3) % 20 + 1]
            b = B[d % 20 + 1]; b2 = B[int(d / 7) % 20 + 1]
            p = P[d % 20 + 1]; p2 = P[int(d / 5) % 20 + 1]
            printf "Report number %d\n\n", d > f
            printf "The %s Brigade attacked Camp %s on Monday, officials said.\n\n", b, p > f
            printf "\"%s,\" %s said.\n\n", Q[d % 8 + 1], a > f
            printf "Camp %s was attacked by the %s Brigade.\n\n", p2, b2 > f
            printf "The %s Brigade attacked Camp %s again on Friday.\n\n", b2, P[(d + 3) % 20 + 1] > f
            printf "\"%s,\" %s said on Saturday.\n", Q[(d + 3) % 8 + 1], F[(d + 7) % 20 + 1] " " L[d % 20 + 1] > f
            close(f)
        }
    }'
}

# gen_facts FILE BYTES: a TSV fact file of at least BYTES bytes (a large one,
# 4 MB or more, is loaded in two commits: kg_store_bulk_checkpoint) about
# people and units named as in gen_docs.
gen_facts() {
    awk -v out="$1" -v bytes="$2" 'BEGIN {
        split("Zorvan Maro Dastin Ilka Tevor Onna Brusk Keled Sarai Vomir Etta Jorun Palek Ysolde Grint Hamel Ostra Luvik Nerys Caddo", F, " ")
        split("Keltis Telvane Orrek Vashti Domaro Quelle Ristan Abanor Fenwick Ulmarr Sorrow Penn Gavrila Tozzi Marrow Eskin Holloway Brand Ivers Ketch", L, " ")
        split("Iron Crescent Northern Red Valley Seventh Black Falcon Granite River Ash Storm Silver Harbor Eastern Jade Copper Lantern Thorn Wolf", B, " ")
        split("Brevik Ostrava Tamsin Vel Korrin Duma Selk Harrowgate Pell Istra Norwood Calder Veshk Ambry Tolen Rusk Mereth Galt Ophir Skane", P, " ")
        split("member_of commanded supplied attacked", R, " ")
        print "subject\tsubject_type\trelation\tobject\tobject_type\tsentence\tdate" > out
        n = 0
        for (i = 0; n < bytes; i++) {
            s = F[i % 20 + 1] " " L[int(i / 20) % 20 + 1]
            o = B[int(i / 7) % 20 + 1] " " P[int(i / 140) % 20 + 1] " Brigade"
            line = sprintf("%s\tperson\t%s\t%s\torganisation\tRecord %d of the curated register.\t%04d-%02d-%02d",
                           s, R[int(i / 2800) % 4 + 1], o, i, 1990 + i % 30, i % 12 + 1, i % 28 + 1)
            print line > out
            n += length(line) + 1
        }
        close(out)
    }'
}
