/*
** loader_lemma.c -- the loader's English lemmas (loader/lemma.c, tables
** generated from WordNet by loader/tools/gen_tables.py): irregular and
** regular verb and noun forms, the word itself, words that are no form of a
** known lemma, buffer limits, and the speed of a lookup (diag).
*/
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "kgl.h"
#include "tap.h"

extern const int kgl_lemma_verb_nwords, kgl_lemma_noun_nwords, kgl_lemma_verb_nexc,
    kgl_lemma_noun_nexc, kgl_lemma_bytes;

static const char *V(const char *w)
{
    static char buf[KGL_LEMMA_MAX];
    return kgl_lemma(w, KGL_POS_VERB, buf, sizeof buf);
}

static const char *N(const char *w)
{
    static char buf[KGL_LEMMA_MAX];
    return kgl_lemma(w, KGL_POS_NOUN, buf, sizeof buf);
}

static const char *verbs[][2] = {
    /* irregular (verb.exc) */
    {"struck", "strike"},
    {"shot", "shoot"},
    {"fled", "flee"},
    {"said", "say"},
    {"fought", "fight"},
    {"led", "lead"},
    {"slain", "slay"},
    {"left", "leave"},
    {"found", "find"},
    {"dying", "die"},
    {"seen", "see"},
    {"began", "begin"},
    {"hit", "hit"},
    /* regular: -s -es -ies */
    {"strikes", "strike"},
    {"kills", "kill"},
    {"goes", "go"},
    {"tries", "try"},
    {"dies", "die"},
    {"pushes", "push"},
    {"uses", "use"},
    {"attacks", "attack"},
    /* -ed: plain, silent e, -ied, doubled consonant, -cked */
    {"killed", "kill"},
    {"attacked", "attack"},
    {"wounded", "wound"},
    {"used", "use"},
    {"based", "base"},
    {"captured", "capture"},
    {"seized", "seize"},
    {"denied", "deny"},
    {"stopped", "stop"},
    {"controlled", "control"},
    {"panicked", "panic"},
    {"agreed", "agree"},
    {"freed", "free"},
    {"visited", "visit"},
    {"targeted", "target"},
    {"stared", "stare"},
    {"hoped", "hope"},
    {"vetoed", "veto"},
    {"shelled", "shell"},
    {"passed", "pass"},
    {"launched", "launch"},
    /* -ing */
    {"striking", "strike"},
    {"killing", "kill"},
    {"running", "run"},
    {"fleeing", "flee"},
    {"hoping", "hope"},
    {"shelling", "shell"},
    {"bombing", "bomb"},
    {"lying", "lie"},
    /* a lemma is its own lemma */
    {"strike", "strike"},
    {"kill", "kill"},
    {"flee", "flee"},
};

static const char *nouns[][2] = {
    {"militias", "militia"},
    {"countries", "country"},
    {"forces", "force"},
    {"troops", "troops"} /* a WordNet lemma itself */,
    {"strikes", "strike"},
    {"casualties", "casualty"},
    {"buses", "bus"},
    {"churches", "church"},
    {"boxes", "box"},
    {"heroes", "hero"},
    {"knives", "knife"},
    {"thieves", "thief"},
    {"servicemen", "serviceman"},
    {"men", "man"},
    {"women", "woman"},
    {"children", "child"},
    {"crises", "crisis"},
    {"data", "datum"},
    {"houses", "house"},
    {"hostages", "hostage"},
    {"news", "news"},
    {"militant", "militant"},
};

int main(void)
{
    int nv = sizeof verbs / sizeof *verbs, nn = sizeof nouns / sizeof *nouns;
    plan(nv + nn + 22);
    diag("tables: %d verb lemmas, %d irregular verb forms, %d noun lemmas, %d irregular noun "
         "forms, %d bytes",
         kgl_lemma_verb_nwords, kgl_lemma_verb_nexc, kgl_lemma_noun_nwords, kgl_lemma_noun_nexc,
         kgl_lemma_bytes);
    for (int i = 0; i < nv; i++)
        is_str(V(verbs[i][0]), verbs[i][1], "verb %s -> %s", verbs[i][0], verbs[i][1]);
    for (int i = 0; i < nn; i++)
        is_str(N(nouns[i][0]), nouns[i][1], "noun %s -> %s", nouns[i][0], nouns[i][1]);

    /* every lemma a form can have */
    ok(kgl_lemma_of("found", "find", KGL_POS_VERB) && kgl_lemma_of("found", "found", KGL_POS_VERB),
       "found is a form of find and of found");
    ok(kgl_lemma_of("wound", "wind", KGL_POS_VERB) && kgl_lemma_of("wound", "wound", KGL_POS_VERB),
       "wound is a form of wind and of wound");
    ok(kgl_lemma_of("struck", "strike", KGL_POS_VERB) &&
           !kgl_lemma_of("struck", "struck", KGL_POS_VERB),
       "struck is a form of strike only");
    ok(kgl_lemma_of("stared", "star", KGL_POS_VERB) &&
           kgl_lemma_of("stared", "stare", KGL_POS_VERB),
       "stared can be star or stare (stare comes first)");
    ok(!kgl_lemma_of("wounded", "wind", KGL_POS_VERB), "wounded is not a form of wind");
    ok(!kgl_lemma_of("killed", "kill", KGL_POS_NOUN), "killed is no noun form");
    ok(kgl_lemma_of("troops", "troop", KGL_POS_NOUN), "troops is also a form of troop");

    /* no lemma */
    ok(!V("xyzzyed"), "an unknown word has no lemma");
    ok(!V("the"), "'the' is no verb");
    ok(!N("kills") || !strcmp(N("kills"), "kill"), "kills as a noun is kill or nothing");
    ok(!V(""), "empty word");
    ok(!kgl_lemma(NULL, KGL_POS_VERB, (char[8]){0}, 8), "NULL word");
    ok(!kgl_lemma("killed", 99, (char[8]){0}, 8), "unknown part of speech");
    char longw[200];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = 0;
    ok(!V(longw), "a 199-letter word");
    ok(!V("strikes "), "a word with a space is not looked up as one word");
    char small[4];
    ok(!kgl_lemma("striking", KGL_POS_VERB, small, sizeof small),
       "a buffer too small for 'strike' gives NULL");
    ok(kgl_lemma("striking", KGL_POS_VERB, (char[7]){0}, 7) != NULL,
       "a buffer of exactly 7 bytes is enough");

    /* membership */
    ok(kgl_is_lemma("strike", KGL_POS_VERB) && kgl_is_lemma("abandon", KGL_POS_VERB) &&
           kgl_is_lemma("zoom", KGL_POS_VERB),
       "first, middle and late lemmas of the verb table");
    ok(!kgl_is_lemma("struck", KGL_POS_VERB) && !kgl_is_lemma("a", KGL_POS_VERB) &&
           !kgl_is_lemma("zzzz", KGL_POS_VERB),
       "non-lemmas, before the first and after the last");
    ok(kgl_is_lemma("militia", KGL_POS_NOUN) && !kgl_is_lemma("militias", KGL_POS_NOUN),
       "noun lemmas");

    /* every lemma of the tables is found (walk the front coding through has()) */
    {
        int bad = 0, n = 0;
        const char *probe[] = {"aah",   "abandon", "kill", "strike", "flee",
                               "shoot", "veto",    "zip",  NULL};
        for (int i = 0; probe[i]; i++, n++)
            bad += !kgl_is_lemma(probe[i], KGL_POS_VERB);
        ok(!bad, "%d probe verbs found", n);
    }

    /* speed: mixed hits and misses, regular and irregular */
    {
        static const char *words[] = {"struck", "striking", "strikes", "killed",   "shot",
                                      "fled",   "attacked", "said",    "militias", "forces",
                                      "xyzzy",  "the",      "running", "denied"};
        int nw = sizeof words / sizeof *words, rounds = 20000, hits = 0;
        char buf[KGL_LEMMA_MAX];
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < nw; i++)
                hits += kgl_lemma(words[i], i >= 8 && i <= 9 ? KGL_POS_NOUN : KGL_POS_VERB, buf,
                                  sizeof buf) != NULL;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ns =
            ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / ((double)rounds * nw);
        diag("kgl_lemma: %.0f ns per lookup (%d lookups)", ns, rounds * nw);
        ok(hits == rounds * (nw - 2), "speed run found the lemmas (%d)", hits);
    }
    return done_testing();
}
