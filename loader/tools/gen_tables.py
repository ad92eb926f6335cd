#!/usr/bin/env python3
"""gen_tables.py -- build-time tables of the kg loader from Debian packages.

    gen_tables.py --iso DIR --wordnet DIR --places OUT.txt --lemma OUT.c

--places writes a dictionary (loader/README.md format) of every ISO 3166-1
country and of the first-level ISO 3166-2 subdivisions, all marked +weak: a
curated entry of the same type that shares a name absorbs them, and a curated
name always wins over a generated one (lex.c, kgl_lex_finish).
  DIR/iso_3166-1.json, DIR/iso_3166-2.json   (package iso-codes)

--lemma writes C arrays for loader/lemma.c: the verb and noun lemmas of
WordNet (single words of letters a-z), front-coded in sorted blocks, and the
irregular forms of verb.exc and noun.exc whose lemma is in the index.
  DIR/index.verb, index.noun, verb.exc, noun.exc, data.{noun,verb,adj,adv}
                                              (package wordnet-base)
WordNet's data files also give the test for "English common word" used to
keep subdivision names such as Delta, Plateau or Northern out of the places.

Python 3 standard library only. A missing source file stops the build with
the file name and the package that provides it.
"""
import argparse
import json
import os
import re
import sys
import unicodedata

PROG = "gen_tables.py"
BLOCK = 16  # words per front-coded block

# ISO 3166-2 lists lower tiers at the top level for some small countries
# (Slovenia's 212 municipalities, Malta's local councils): not regions.
SKIP_SUBDIVISION_TYPES = {
    "Municipality", "Local council", "District municipality", "City municipality",
    "Parish", "Commune", "Quarter", "Island council", "Administrative atoll",
    "Town council", "Ward", "Borough", "Rayon", "Town",
}

# kinds of region written after their name in English ("Borno State")
NAME_WITH_TYPE = {"Province", "State", "Governorate", "Region", "District", "Department", "County",
                  "Prefecture", "Oblast", "Emirate", "Canton"}
# a name that already says its kind ("Donetska oblast", "Altajskij kraj") gets no second one
KIND_WORDS = {"oblast", "province", "region", "state", "governorate", "district", "department",
              "county", "prefecture", "territory", "republic", "respublika", "kraj", "krai", "okrug",
              "emirate", "canton", "city", "municipality", "capital"}


def die(msg):
    sys.stderr.write("%s: %s\n" % (PROG, msg))
    sys.exit(1)


def need(path, package):
    if not os.path.isfile(path):
        die("%s is missing: install the Debian package %s (.ci/setup installs it), "
            "or point KGL_%s_DIR at a copy" % (path, package,
                                                "ISO_CODES" if package == "iso-codes" else "WORDNET"))
    return path


def write_if_changed(path, text):
    """Write only when the content changes, so dependants are not rebuilt."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


# ---------------------------------------------------------------- WordNet
def read_index(path):
    """Lemmas of an index file that are single words of letters a-z."""
    out = set()
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue  # licence header
            w = line.split(" ", 1)[0]
            if re.fullmatch(r"[a-z]+", w):
                out.add(w)
    return out


def read_exc(path, lemmas):
    """(form, lemma) pairs of an exception file whose lemma is in `lemmas`."""
    pairs = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            p = line.split()
            if len(p) < 2 or not re.fullmatch(r"[a-z]+", p[0]):
                continue
            for lem in p[1:]:
                if lem in lemmas and lem != p[0] and (p[0], lem) not in pairs[-4:]:
                    pairs.append((p[0], lem))
    pairs.sort(key=lambda x: x[0])  # stable: file order of a form's lemmas kept
    return pairs


def read_lowercase_words(wndir):
    """Every word or collocation WordNet writes in lower case (common words;
    proper names are written capitalised in the data files)."""
    out = set()
    for part in ("noun", "verb", "adj", "adv"):
        path = need(os.path.join(wndir, "data." + part), "wordnet-base")
        with open(path, encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                p = line.split(" ")
                n = int(p[3], 16)
                for i in range(n):
                    w = re.sub(r"\([a-z]+\)$", "", p[4 + 2 * i])  # adjective markers (a) (p) (ip)
                    if w == w.lower():
                        out.add(w.replace("_", " "))
    return out


def c_str(b):
    """C string literal of bytes (octal escapes for non-letters)."""
    out = []
    for ch in b:
        if 97 <= ch <= 122:
            out.append(chr(ch))
        else:
            out.append("\\%03o" % ch)
    return '"' + "".join(out) + '"'


def front_code(words):
    """Sorted words -> (C literal lines, block offsets). A block starts with a
    full word and its NUL; each further word is one byte (octal) of prefix
    shared with the previous word, its remaining letters and a NUL."""
    lines, offs, pos = [], [], 0
    for b in range(0, len(words), BLOCK):
        chunk = words[b:b + BLOCK]
        offs.append(pos)
        data = bytearray(chunk[0].encode() + b"\0")
        prev = chunk[0]
        for w in chunk[1:]:
            k = 0
            while k < len(prev) and k < len(w) and prev[k] == w[k]:
                k += 1
            data += bytes([k + 1]) + w[k:].encode() + b"\0"  # +1: never a NUL
            prev = w
        pos += len(data)
        lines.append(c_str(bytes(data)))
    return lines, offs, pos


def emit_set(name, words):
    words = sorted(words)
    lines, offs, size = front_code(words)
    out = ["/* %d %s lemmas in %d blocks of %d, %d bytes */" % (len(words), name, len(offs), BLOCK, size)]
    out.append("const char kgl_lemma_%s_words[] =" % name)
    out += ["    " + l for l in lines]
    out[-1] += ";"
    out.append("const uint32_t kgl_lemma_%s_block[] = {%s};" % (name, ",".join(map(str, offs))))
    out.append("const int kgl_lemma_%s_nblock = %d;" % (name, len(offs)))
    out.append("const int kgl_lemma_%s_nwords = %d;" % (name, len(words)))
    return out, size + 4 * len(offs)


def emit_exc(name, pairs):
    data, offs, pos = [], [], 0
    for form, lem in pairs:
        b = form.encode() + b"\0" + lem.encode() + b"\0"
        offs.append(pos)
        pos += len(b)
        data.append(c_str(b))
    out = ["/* %d irregular %s forms, %d bytes */" % (len(pairs), name, pos)]
    out.append("const char kgl_lemma_%s_exc[] =" % name)
    out += ["    " + l for l in (data or ['""'])]
    out[-1] += ";"
    out.append("const uint32_t kgl_lemma_%s_excoff[] = {%s};" % (name, ",".join(map(str, offs)) or "0"))
    out.append("const int kgl_lemma_%s_nexc = %d;" % (name, len(pairs)))
    return out, pos + 4 * len(offs)


def gen_lemma(wndir, out):
    verbs = read_index(need(os.path.join(wndir, "index.verb"), "wordnet-base"))
    nouns = read_index(need(os.path.join(wndir, "index.noun"), "wordnet-base"))
    # common nouns only: a lemma WordNet writes only capitalised is a proper name
    # ("Lena", "Omar"), and names must not read as English words
    nouns &= read_lowercase_words(wndir)
    vexc = read_exc(need(os.path.join(wndir, "verb.exc"), "wordnet-base"), verbs)
    nexc = read_exc(need(os.path.join(wndir, "noun.exc"), "wordnet-base"), nouns)
    code = ["/* generated by loader/tools/gen_tables.py from WordNet (%s): do not edit */" % wndir,
            "#include <stdint.h>", ""]
    total = 0
    for part in (emit_set("verb", verbs), emit_exc("verb", vexc), emit_set("noun", nouns), emit_exc("noun", nexc)):
        code += part[0] + [""]
        total += part[1]
    code.append("const int kgl_lemma_bytes = %d;" % total)
    write_if_changed(out, "\n".join(code) + "\n")
    return len(verbs), len(vexc), len(nouns), len(nexc), total


# ---------------------------------------------------------------- ISO 3166
def norm(s):
    """Close to kgl_norm: no accents, lower case, apostrophes dropped,
    other punctuation to a space."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"['\u2018\u2019\u02bb\u02bc\u02bf\u02be`.]", "", s.lower())
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return s.strip()


def clean(name):
    """Drop (parenthesised) and [bracketed] parts, a leading 'the', and
    characters the dictionary format reserves."""
    name = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]", "", name)
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    if "|" in name or "#" in name:
        return ""
    return " ".join(name.split())


def country_names(c, first_parts):
    """Canonical name first, then aliases, for one ISO 3166-1 record."""
    names = []
    common = clean(c.get("common_name", ""))
    name = clean(c["name"])
    official = clean(c.get("official_name", ""))
    if common:
        names.append(common)
    if "," in name:
        head, tail = [x.strip() for x in name.split(",", 1)]
        # "Palestine, State of" -> Palestine and State of Palestine;
        # "Virgin Islands, British" -> British Virgin Islands
        if first_parts.count(norm(head)) == 1:
            names.append(head)
        tl = tail.lower()
        if tl.endswith(" of") or tl.endswith(" of the") or " " not in tail:
            inv = clean(tail + " " + head)
            names.append(inv)
        if not names:
            names.append(name.replace(",", ""))
    else:
        names.append(name)
    if official and "," not in official:
        names.append(official)
    seen, out = set(), []
    for n in names:
        if n and norm(n) not in seen:
            seen.add(norm(n))
            out.append(n)
    return out


def is_common_word(name, common):
    n = name.lower()
    if n in common:
        return True
    if n.endswith("s") and n[:-1] in common:  # Rivers
        return True
    return False


def gen_places(isodir, wndir, out):
    c1 = json.load(open(need(os.path.join(isodir, "iso_3166-1.json"), "iso-codes"), encoding="utf-8"))["3166-1"]
    c2 = json.load(open(need(os.path.join(isodir, "iso_3166-2.json"), "iso-codes"), encoding="utf-8"))["3166-2"]
    common = read_lowercase_words(wndir)
    first_parts = [norm(c["name"].split(",", 1)[0]) for c in c1]
    lines = ["# generated by loader/tools/gen_tables.py from iso-codes (%s): do not edit." % isodir,
             "# +weak: a curated entry of the same type that shares a name absorbs the entry;",
             "# a curated name always wins over a generated one (loader/README.md).", ""]
    country_norms = set()
    ncountry = 0
    for c in sorted(c1, key=lambda c: c["alpha_2"]):
        names = country_names(c, first_parts)
        if not names:
            continue
        country_norms.update(norm(n) for n in names)
        lines.append("country+weak " + " | ".join(names) + "   # " + c["alpha_2"])
        ncountry += 1
    # first-level subdivisions: a name shared by two subdivisions (Punjab in
    # India and Pakistan, Central in many) or by a country (Georgia, Niger),
    # or an English common word (Delta, Plateau, Northern), is left out
    subs = [s for s in c2 if "parent" not in s and s["type"] not in SKIP_SUBDIVISION_TYPES]
    names = []
    for s in subs:
        n = s["name"].split(",", 1)[0]  # "Adygeja, Respublika"
        n = clean(n)
        names.append(n)
    count = {}  # countries per name (Sofia city and Sofia province are one)
    for s, n in zip(subs, names):
        count.setdefault(norm(n), set()).add(s["code"][:2])
    done = set()
    lines.append("")
    nplace = skipped = 0
    for s, n in sorted(zip(subs, names), key=lambda x: x[0]["code"]):
        k = norm(n)
        if k in done:
            continue
        if not k or len(count[k]) > 1 or k in country_norms or is_common_word(n, common) or len(k) < 3:
            skipped += 1
            continue
        done.add(k)
        # "Borno State", "Helmand Province", "Anbar Governorate": the name with its kind
        kind = s["type"] if s["type"] in NAME_WITH_TYPE else ""
        words = set(n.lower().replace("'", "").split())
        alias = " | %s %s" % (n, kind) if kind and not words & KIND_WORDS else ""
        lines.append("place+weak %s%s   # %s %s" % (n, alias, s["code"], s["type"]))
        nplace += 1
    lines.append("# %d countries, %d subdivisions (%d left out)" % (ncountry, nplace, skipped))
    write_if_changed(out, "\n".join(lines) + "\n")
    return ncountry, nplace, skipped


def main():
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    ap.add_argument("--iso", default="/usr/share/iso-codes/json")
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--places", help="dictionary of countries and subdivisions to write")
    ap.add_argument("--lemma", help="C file of lemma tables to write")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if not a.places and not a.lemma:
        die("nothing to do (give --places and/or --lemma)")
    if a.places:
        r = gen_places(a.iso, a.wordnet, a.places)
        if a.verbose:
            print("%s: %d countries, %d subdivisions, %d subdivisions left out" % (a.places, *r))
    if a.lemma:
        r = gen_lemma(a.wordnet, a.lemma)
        if a.verbose:
            print("%s: %d verbs, %d irregular verb forms, %d nouns, %d irregular noun forms, %d bytes" % (a.lemma, *r))


if __name__ == "__main__":
    main()
