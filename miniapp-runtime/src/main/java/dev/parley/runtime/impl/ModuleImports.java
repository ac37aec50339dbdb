package dev.parley.runtime.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Finds the module specifiers a JavaScript module imports, with their line and column: static
 * {@code import ... from "x"}, {@code import "x"}, {@code export ... from "x"} and dynamic
 * {@code import("x")} with a string literal. A light tokenizer (comments, strings, template
 * literals, regular expression literals) is enough: the bundle's upload check reports what it
 * finds with a position, and the sandbox's in-memory file system refuses at run time whatever a
 * computed {@code import(...)} asks for outside the bundle, so nothing depends on this scan
 * being complete.
 */
final class ModuleImports {

  /** One import: the specifier as written and where its string starts. */
  record Import(String specifier, int line, int column) {
  }

  private static final Set<String> REGEX_AFTER_WORD = Set.of("return", "typeof", "instanceof",
      "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await");

  private enum Kind {
    WORD, STRING, TEMPLATE, NUMBER, PUNCT, REGEX
  }

  private record Token(Kind kind, String text, int line, int column) {
  }

  private final String src;
  private int pos;
  private int line = 1;
  private int lineStart;
  private Token previous;
  /** Brace depths at which an open template literal resumes after {@code ${ ... }}. */
  private final Deque<Integer> templates = new ArrayDeque<>();
  private int braces;

  private ModuleImports(String src) {
    this.src = src;
  }

  /** Returns the imports of a module's source, in source order. */
  static List<Import> of(String source) {
    return new ModuleImports(source).scan();
  }

  private List<Import> scan() {
    List<Token> tokens = new ArrayList<>();
    Token t;
    while ((t = next()) != null) {
      tokens.add(t);
    }
    List<Import> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token k = tokens.get(i);
      if (k.kind != Kind.WORD || (i > 0 && isPunct(tokens.get(i - 1), "."))) {
        continue;
      }
      if (k.text.equals("import")) {
        Token n = at(tokens, i + 1);
        if (n == null || isPunct(n, ".")) {
          continue; // import.meta
        }
        if (isPunct(n, "(")) {
          Token s = at(tokens, i + 2);
          Token close = at(tokens, i + 3);
          if (s != null && s.kind == Kind.STRING && close != null
              && (isPunct(close, ")") || isPunct(close, ","))) {
            out.add(new Import(s.text, s.line, s.column));
          }
          continue;
        }
        if (n.kind == Kind.STRING) {
          out.add(new Import(n.text, n.line, n.column));
          continue;
        }
        fromClause(tokens, i + 1, out);
      } else if (k.text.equals("export")) {
        Token n = at(tokens, i + 1);
        if (n != null && (isPunct(n, "*") || isPunct(n, "{"))) {
          fromClause(tokens, i + 1, out);
        }
      }
    }
    return out;
  }

  /** From the token after {@code import}/{@code export}: the string after {@code from}, outside braces. */
  private static void fromClause(List<Token> tokens, int from, List<Import> out) {
    int depth = 0;
    for (int j = from; j < tokens.size() && j < from + 4096; j++) {
      Token t = tokens.get(j);
      if (isPunct(t, "{")) {
        depth++;
      } else if (isPunct(t, "}")) {
        depth--;
      } else if (depth == 0 && (isPunct(t, ";") || isPunct(t, "("))) {
        return;
      } else if (depth == 0 && t.kind == Kind.WORD && t.text.equals("from")) {
        Token s = at(tokens, j + 1);
        if (s != null && s.kind == Kind.STRING) {
          out.add(new Import(s.text, s.line, s.column));
        }
        return;
      }
    }
  }

  private static Token at(List<Token> tokens, int i) {
    return i < tokens.size() ? tokens.get(i) : null;
  }

  private static boolean isPunct(Token t, String p) {
    return t.kind == Kind.PUNCT && t.text.equals(p);
  }

  // ---------------------------------------------------------------- tokenizer

  private Token next() {
    skipSpaceAndComments();
    if (pos >= src.length()) {
      return null;
    }
    int startLine = line;
    int startColumn = pos - lineStart + 1;
    char c = src.charAt(pos);
    Token t;
    if (c == '"' || c == '\'') {
      t = new Token(Kind.STRING, string(c), startLine, startColumn);
    } else if (c == '`') {
      pos++;
      template();
      t = new Token(Kind.TEMPLATE, "", startLine, startColumn);
    } else if (Character.isJavaIdentifierStart(c) || c == '#' || c == '\\') {
      int s = pos++;
      while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos))) {
        pos++;
      }
      t = new Token(Kind.WORD, src.substring(s, pos), startLine, startColumn);
    } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length()
        && Character.isDigit(src.charAt(pos + 1)))) {
      while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos))
          || src.charAt(pos) == '.' || src.charAt(pos) == '_')) {
        pos++;
      }
      t = new Token(Kind.NUMBER, "", startLine, startColumn);
    } else if (c == '/' && regexAllowed()) {
      regex();
      t = new Token(Kind.REGEX, "", startLine, startColumn);
    } else {
      pos++;
      if (c == '{') {
        braces++;
      } else if (c == '}') {
        if (!templates.isEmpty() && templates.peek() == braces) {
          templates.pop();
          template();
          t = new Token(Kind.TEMPLATE, "", startLine, startColumn);
          previous = t;
          return t;
        }
        braces--;
      }
      t = new Token(Kind.PUNCT, String.valueOf(c), startLine, startColumn);
    }
    previous = t;
    return t;
  }

  private boolean regexAllowed() {
    Token p = previous;
    if (p == null) {
      return true;
    }
    return switch (p.kind) {
      case WORD -> REGEX_AFTER_WORD.contains(p.text);
      case STRING, NUMBER, REGEX, TEMPLATE -> false;
      case PUNCT -> !p.text.equals(")") && !p.text.equals("]");
    };
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n' || c == '\u2028' || c == '\u2029') {
        newLine();
      } else if (c == '\r') {
        if (pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
          pos++;
        }
        newLine();
      } else if (Character.isWhitespace(c) || c == '\uFEFF' || c == '\u00A0') {
        pos++;
      } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/'
          || c == '#' && pos == 0 && src.startsWith("#!")) {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
          pos++;
        }
      } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '*') {
        pos += 2;
        while (pos < src.length() && !src.startsWith("*/", pos)) {
          advance();
        }
        pos = Math.min(src.length(), pos + 2);
      } else {
        return;
      }
    }
  }

  private void newLine() {
    pos++;
    line++;
    lineStart = pos;
  }

  /** Moves over one character, counting lines. */
  private void advance() {
    char c = src.charAt(pos);
    if (c == '\n' || c == '\u2028' || c == '\u2029'
        || c == '\r' && (pos + 1 >= src.length() || src.charAt(pos + 1) != '\n')) {
      newLine();
    } else {
      pos++;
    }
  }

  /** Reads a quoted string from its opening quote; returns its value (simple escapes undone). */
  private String string(char quote) {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == quote) {
        pos++;
        return sb.toString();
      }
      if (c == '\n' || c == '\r') {
        return sb.toString(); // unterminated: the sandbox's parser reports it
      }
      if (c == '\\' && pos + 1 < src.length()) {
        char e = src.charAt(pos + 1);
        sb.append(switch (e) {
          case 'n' -> '\n';
          case 't' -> '\t';
          case 'r' -> '\r';
          case '0' -> '\0';
          default -> e;
        });
        pos += 2;
        if (e == '\r' || e == '\n') {
          line++;
          lineStart = pos;
        }
        continue;
      }
      sb.append(c);
      pos++;
    }
    return sb.toString();
  }

  /** Reads template text after '`' or after the '}' closing a substitution. */
  private void template() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '`') {
        pos++;
        return;
      }
      if (c == '\\' && pos + 1 < src.length()) {
        pos++;
        advance();
        continue;
      }
      if (c == '$' && pos + 1 < src.length() && src.charAt(pos + 1) == '{') {
        pos += 2;
        templates.push(braces);
        return;
      }
      advance();
    }
  }

  private void regex() {
    pos++;
    boolean inClass = false;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n' || c == '\r') {
        return;
      }
      pos++;
      if (c == '\\') {
        pos++;
      } else if (c == '[') {
        inClass = true;
      } else if (c == ']') {
        inClass = false;
      } else if (c == '/' && !inClass) {
        while (pos < src.length() && Character.isLetter(src.charAt(pos))) {
          pos++;
        }
        return;
      }
    }
  }
}
