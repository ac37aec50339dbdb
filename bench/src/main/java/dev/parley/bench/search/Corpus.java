package dev.parley.bench.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chat-like text: words drawn from a Zipf distribution over a vocabulary of common English words
 * followed by a long tail of made-up ones, 3 to 18 words a message. Seeded, so runs compare.
 */
final class Corpus {

  private static final String COMMON = """
      the to and a i you it of in is that for on me we my be have are this with so just not at
      what can do was but get if all your will up about out no like how there one when know time
      now good back go see they he she going today tomorrow tonight lunch dinner meeting call later
      thanks okay sure yes maybe think really need want make work home come day week friday monday
      weekend morning evening night office project deadline report review update plan team client
      email phone message send sent check looks great nice cool love happy sorry problem issue fix
      bug release deploy server database test build coffee pizza restaurant movie game music party
      birthday gift trip flight hotel train station airport ticket booking price money pay paid
      bill rent share split pictures photo video link document file folder slides presentation draft
      budget invoice contract design mockup feedback question answer idea running walking driving
      traffic weather rain sunny cold hot snow beach park gym yoga football basketball tennis match
      score winner season episode series book reading writing cooking recipe dessert chocolate cake
      bread cheese salad pasta sushi burger noodles soup breakfast brunch groceries shopping market
      store delivery package order shipped arrived waiting soon late early quick quickly slowly
      important urgent remember forgot reminder schedule calendar invite agenda notes summary minutes
      """;

  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "pi", "qua",
      "ner", "lis", "tan", "bo", "gri", "shu", "fen", "ul", "ax", "zor", "el", "ino", "mar", "tek"};

  private final String[] words;
  private final double[] cumulative;

  Corpus(int tail, long seed) {
    List<String> vocab = new ArrayList<>(List.of(COMMON.trim().split("\\s+")));
    SplittableRandom r = new SplittableRandom(seed);
    java.util.Set<String> seen = new java.util.HashSet<>(vocab);
    while (vocab.size() < tail) {
      StringBuilder w = new StringBuilder();
      int n = 2 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
      }
      if (seen.add(w.toString())) {
        vocab.add(w.toString());
      }
    }
    words = vocab.toArray(String[]::new);
    cumulative = new double[words.length];
    double sum = 0;
    for (int i = 0; i < words.length; i++) {
      sum += 1.0 / (i + 1); // Zipf, s = 1
      cumulative[i] = sum;
    }
    for (int i = 0; i < words.length; i++) {
      cumulative[i] /= sum;
    }
  }

  String word(SplittableRandom r) {
    int i = java.util.Arrays.binarySearch(cumulative, r.nextDouble());
    return words[Math.min(words.length - 1, i < 0 ? -i - 1 : i)];
  }

  /** A word of middling frequency: what people search for (ranks 30 to 3,000). */
  String searchedWord(SplittableRandom r) {
    return words[30 + r.nextInt(Math.min(3_000, words.length) - 30)];
  }

  String message(SplittableRandom r) {
    int n = 3 + r.nextInt(16);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        text.append(' ');
      }
      text.append(word(r));
    }
    return text.toString();
  }
}
