package dev.parley.core.links;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * A page's preview: the URL asked for, its title, description and site name, and the key of its
 * re-encoded image when it has one (served at {@code /api/link-preview/image/<key>}).
 */
public record LinkPreview(String url, String title, String description, String siteName, Optional<String> imageKey) {

  /** The path the platform serves a preview image at. */
  public static final String IMAGE_PATH = "/api/link-preview/image/";

  public LinkPreview {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(siteName, "siteName");
    Objects.requireNonNull(imageKey, "imageKey");
  }

  /** {@code {url, title, description, siteName, imageUrl?}}, the shape of the API and of the message extra. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("url", url).put("title", title).put("description", description)
        .put("siteName", siteName);
    imageKey.ifPresent(key -> json.put("imageUrl", IMAGE_PATH + key));
    return json;
  }

  static LinkPreview fromJson(JsonObject json) {
    String imageUrl = json.getString("imageUrl");
    return new LinkPreview(json.getString("url"), json.getString("title", ""), json.getString("description", ""),
        json.getString("siteName", ""), Optional.ofNullable(imageUrl).map(u -> u.substring(IMAGE_PATH.length())));
  }
}
