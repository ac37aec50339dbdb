package dev.parley.core.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The two ways message text is analysed: {@link #STEMMED} (English: stop words dropped, words
 * stemmed, so "running" finds "run") and {@link #WORDS} (lower-cased words as typed, for matching
 * the word still being typed as a prefix: "restau" is no stem of anything).
 */
final class Analysis {

  static final String STEMMED = "text";
  static final String WORDS = "words";

  private Analysis() {
  }

  /** One analyser per field; thread-safe, as Lucene analysers are. */
  static Analyzer create() {
    Analyzer words = new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        return new TokenStreamComponents(source, new LowerCaseFilter(source));
      }

      @Override
      protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
      }
    };
    return new PerFieldAnalyzerWrapper(new EnglishAnalyzer(), Map.of(WORDS, words));
  }

  /** A term of a text and where it stands in it. */
  record Token(String term, int start, int end) {
  }

  static List<Token> tokens(Analyzer analyzer, String field, String text) {
    List<Token> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(new Token(term.toString(), offset.startOffset(), offset.endOffset()));
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // analysing a string in memory does not do I/O
    }
    return out;
  }

  static List<String> terms(Analyzer analyzer, String field, String text) {
    return tokens(analyzer, field, text).stream().map(Token::term).toList();
  }
}
