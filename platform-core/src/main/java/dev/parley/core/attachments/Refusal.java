package dev.parley.core.attachments;

import dev.parley.core.common.web.ProblemType;
import io.vertx.core.json.JsonObject;
import org.jspecify.annotations.Nullable;

/**
 * A refusal of an upload or an attachment request with a problem type of its own (quota exceeded,
 * a checksum that does not match, content refused): {@link UploadsApi} and {@link AttachmentsApi}
 * answer it as problem+json with this type and status.
 */
final class Refusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final int status;
  private final @Nullable String field;

  Refusal(ProblemType type, String detail, @Nullable String field) {
    this(type, type.status(), detail, field);
  }

  Refusal(ProblemType type, int status, String detail, @Nullable String field) {
    super(detail, null, false, false);
    this.type = type;
    this.status = status;
    this.field = field;
  }

  int status() {
    return status;
  }

  /** The problem+json body. */
  JsonObject problem() {
    JsonObject body = new JsonObject().put("type", type.uri()).put("title", title(status)).put("status", status)
        .put("detail", getMessage());
    if (field != null) {
      body.put("field", field);
    }
    return body;
  }

  private static String title(int status) {
    return switch (status) {
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 460 -> "Checksum Mismatch";
      default -> "Error";
    };
  }
}
