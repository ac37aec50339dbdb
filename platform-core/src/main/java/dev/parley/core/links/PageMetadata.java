package dev.parley.core.links;

import java.net.URI;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a page says about itself, read with jsoup: Open Graph tags first, then Twitter card tags,
 * then {@code <title>} and the description meta tag. Texts are whitespace-collapsed and cut to a
 * length a card can show. Pure: no I/O.
 */
record PageMetadata(String title, String description, String siteName, Optional<URI> image) {

  static final int MAX_TITLE = 300;
  static final int MAX_DESCRIPTION = 500;
  static final int MAX_SITE = 100;

  static PageMetadata parse(String html, URI page) {
    return of(Jsoup.parse(html, page.toString()), page);
  }

  static PageMetadata of(Document doc, URI page) {
    String title = first(doc, "og:title", "twitter:title").orElseGet(doc::title);
    String description = first(doc, "og:description", "twitter:description", "description").orElse("");
    String site = first(doc, "og:site_name").orElse(page.getHost() == null ? "" : page.getHost());
    Optional<URI> image = first(doc, "og:image:secure_url", "og:image", "og:image:url", "twitter:image",
        "twitter:image:src").flatMap(src -> resolve(page, src));
    return new PageMetadata(cut(title, MAX_TITLE), cut(description, MAX_DESCRIPTION), cut(site, MAX_SITE), image);
  }

  /** The content of the first meta tag (by {@code property} or {@code name}) that has one. */
  private static Optional<String> first(Document doc, String... names) {
    for (String name : names) {
      for (Element meta : doc.select("meta[property=\"" + name + "\"], meta[name=\"" + name + "\"]")) {
        String content = meta.attr("content").strip();
        if (!content.isEmpty()) {
          return Optional.of(content);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<URI> resolve(URI page, String src) {
    try {
      URI uri = page.resolve(new URI(src.strip().replace(" ", "%20")));
      String scheme = uri.getScheme();
      return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme) ? Optional.of(uri) : Optional.empty();
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String cut(String text, int max) {
    String collapsed = text.replaceAll("\\s+", " ").strip();
    if (collapsed.length() <= max) {
      return collapsed;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(collapsed.charAt(end - 1))) {
      end--;
    }
    return collapsed.substring(0, end) + "…";
  }
}
