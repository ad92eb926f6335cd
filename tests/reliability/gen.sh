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
