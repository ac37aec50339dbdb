package dev.parley.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The line of each JSON pointer in a JSON text (Jackson's streaming parser, which tracks both), so
 * that a problem at {@code /commands/0/handler} can be shown at its line of {@code manifest.json}.
 */
final class JsonLines {

  private final Map<String, Integer> lines = new HashMap<>();

  JsonLines(String json) {
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        if (token == JsonToken.FIELD_NAME || token.isScalarValue() || token.isStructStart()) {
          lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      // not JSON: the reader's own problem names the position; no lines to add
    }
  }

  /** The line of the pointer, or of its nearest parent that has one. */
  OptionalInt line(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return OptionalInt.of(line);
      }
      if (p.isEmpty()) {
        return OptionalInt.empty();
      }
      int slash = p.lastIndexOf('/');
      p = slash <= 0 ? "" : p.substring(0, slash);
    }
  }
}
