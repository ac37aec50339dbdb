package dev.parley.server;

import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One setting of the server: its key path in the configuration file ({@code live.maxQueuedBytes}),
 * its type, the values it accepts, what it means, and where it lives in the typed options. The
 * flag ({@code --live.max-queued-bytes}) and environment variable ({@code PARLEY_LIVE__MAX_QUEUED_BYTES})
 * follow from the path; the default is read from a fresh {@link ServerOptions}, so it is written once,
 * in the {@code *Options} class that owns it. Validation stays in that class's setter.
 *
 * @param path the key path, dot-separated
 * @param type how a value is read
 * @param allowed the values accepted, as people read them
 * @param description one line saying what it does
 * @param defaultText the default as people read it, when it is not simply the default value
 * @param get reads the value from the options ({@code null} when unset)
 * @param set writes a value of {@link #type} into the options; throws {@link IllegalArgumentException}
 */
public record Setting(String path, Type type, String allowed, String description, String defaultText,
    Function<ServerOptions, Object> get, BiConsumer<ServerOptions, Object> set) {

  /** How a setting's value is read from a file (typed) or from the environment and flags (text). */
  public enum Type {
    INT("N"), LONG("N"), DOUBLE("X"), BOOLEAN("true|false"), STRING("TEXT");

    private final String placeholder;

    Type(String placeholder) {
      this.placeholder = placeholder;
    }

    /** What stands for the value in {@code --help}. */
    public String placeholder() {
      return placeholder;
    }
  }

  /** The environment variables' prefix. */
  public static final String ENV_PREFIX = "PARLEY_";

  public Setting {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(allowed, "allowed");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(get, "get");
    Objects.requireNonNull(set, "set");
  }

  /** The same setting with its default described in words ({@code number of cores}). */
  public Setting withDefault(String text) {
    return new Setting(path, type, allowed, description, text, get, set);
  }

  /** {@code --live.max-queued-bytes}. */
  public String flag() {
    StringBuilder out = new StringBuilder("--");
    for (String part : path.split("\\.")) {
      if (out.length() > 2) {
        out.append('.');
      }
      out.append(part.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  /** {@code PARLEY_LIVE__MAX_QUEUED_BYTES}. */
  public String env() {
    StringBuilder out = new StringBuilder(ENV_PREFIX);
    for (String part : path.split("\\.")) {
      if (out.length() > ENV_PREFIX.length()) {
        out.append("__");
      }
      out.append(part.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT));
    }
    return out.toString();
  }

  /** The default as people read it: {@code 8080}, {@code none}, {@code number of cores}. */
  public String defaultValue() {
    if (defaultText != null) {
      return defaultText;
    }
    Object value = get.apply(new ServerOptions());
    return value == null ? "none" : value.toString();
  }

  /** Reads {@code value} as this setting's type and sets it; the message of a refusal names {@link #path}. */
  void bind(ServerOptions options, Object value) {
    Object typed = coerce(value);
    try {
      set.accept(options, typed);
    } catch (IllegalArgumentException e) {
      int dot = path.lastIndexOf('.');
      throw new Settings.InvalidSetting(path, (dot < 0 ? "" : path.substring(0, dot + 1)) + e.getMessage());
    }
  }

  private Object coerce(Object v) {
    return switch (type) {
      case INT -> {
        long n = integral(v);
        if (n != (int) n) {
          throw refused("an integer", v);
        }
        yield (int) n;
      }
      case LONG -> integral(v);
      case DOUBLE -> {
        if (v instanceof Number n) {
          yield n.doubleValue();
        }
        if (v instanceof String s) {
          try {
            yield Double.parseDouble(s.trim());
          } catch (NumberFormatException e) {
            // refused below
          }
        }
        throw refused("a number", v);
      }
      case BOOLEAN -> {
        if (v instanceof Boolean b) {
          yield b;
        }
        if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
          yield Boolean.parseBoolean(s.trim());
        }
        throw refused("true or false", v);
      }
      case STRING -> {
        if (v instanceof String s) {
          yield s;
        }
        if (v instanceof Number || v instanceof Boolean) {
          yield v.toString();
        }
        if (v instanceof io.vertx.core.json.JsonArray || v instanceof java.util.List<?>) {
          // A list in a file (cluster.members) is the comma-separated text of flags.
          Iterable<?> items = v instanceof io.vertx.core.json.JsonArray a ? a : (java.util.List<?>) v;
          java.util.StringJoiner joined = new java.util.StringJoiner(",");
          items.forEach(item -> joined.add(String.valueOf(item)));
          yield joined.toString();
        }
        throw new Settings.InvalidSetting(path, path + " must be a string, got "
            + (v == null ? "null" : v.getClass().getSimpleName()));
      }
    };
  }

  private long integral(Object v) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw refused("an integer", v);
  }

  private Settings.InvalidSetting refused(String what, Object v) {
    return new Settings.InvalidSetting(path, path + " must be " + what + ", got '" + v + "'");
  }
}
