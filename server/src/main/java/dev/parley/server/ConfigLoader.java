package dev.parley.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds {@link ServerOptions} from, in rising priority: defaults, a JSON or YAML file
 * ({@code --config FILE} or {@code PARLEY_CONFIG}), {@code PARLEY_*} environment variables and
 * command-line flags. A bad value stops the start with a message that names the setting and
 * where it came from.
 *
 * <p>Names: {@code dataDir} is {@code PARLEY_DATA_DIR} and {@code --data-dir}; nested settings use
 * a double underscore or a dot: {@code PARLEY_LIVE__MAX_QUEUED_BYTES}, {@code --live.max-queued-bytes}.
 */
public final class ConfigLoader {

  /** A configuration that cannot be used; the message says which setting and why. */
  public static final class ConfigException extends Exception {
    ConfigException(String message) {
      super(message, null, false, false);
    }
  }

  /** What the command line asked for besides settings. */
  public record Loaded(ServerOptions options, boolean help) {
  }

  private static final String ENV_PREFIX = "PARLEY_";
  /** Variables read by {@code ./parley} itself (the JVM's options, the guest compiler): not settings. */
  static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of("PARLEY_JAVA_OPTS", "PARLEY_TRUFFLE");

  private ConfigLoader() {
  }

  public static Loaded load(List<String> args, Map<String, String> env) throws ConfigException {
    Map<String, String> flags = new LinkedHashMap<>();
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-h") || arg.equals("--help")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new ConfigException(
            "unexpected argument '" + arg + "'; flags look like --port 8080 or --port=8080 (see --help)");
      }
      if (arg.equals("--cluster")) {
        flags.put("cluster.enabled", "true"); // ./parley start --cluster: a bare switch
        continue;
      }
      String name;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg.substring(2);
        if (i + 1 >= args.size()) {
          throw new ConfigException("flag --" + name + " needs a value");
        }
        value = args.get(++i);
      }
      flags.put(name, value);
    }

    JsonObject merged = new JsonObject();
    Map<String, String> sources = new LinkedHashMap<>(); // key path (leaf or section) -> where it was given

    String file = flags.containsKey("config") ? flags.remove("config") : env.get(ENV_PREFIX + "CONFIG");
    if (file != null && !file.isBlank()) {
      JsonObject fromFile = readFile(Path.of(file));
      for (String key : fromFile.fieldNames()) {
        merged.put(key, fromFile.getValue(key));
      }
      recordSources(fromFile, "", "file " + file, sources);
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(ENV_PREFIX) || key.equals(ENV_PREFIX + "CONFIG") || LAUNCHER_VARIABLES.contains(key)) {
        continue;
      }
      String path = envToPath(key.substring(ENV_PREFIX.length()));
      put(merged, path, e.getValue());
      sources.put(path, "environment variable " + key);
    }
    for (Map.Entry<String, String> e : flags.entrySet()) {
      String path = flagToPath(e.getKey());
      put(merged, path, e.getValue());
      sources.put(path, "flag --" + e.getKey());
    }
    try {
      return new Loaded(new ServerOptions(merged), help);
    } catch (Settings.InvalidSetting e) {
      String source = sourceOf(e.path(), sources);
      throw new ConfigException(e.getMessage() + (source == null ? "" : " (from " + source + ")"));
    }
  }

  private static void recordSources(JsonObject json, String prefix, String source, Map<String, String> sources) {
    for (String key : json.fieldNames()) {
      String path = prefix + key;
      sources.put(path, source);
      Object value = json.getValue(key);
      if (value instanceof Map<?, ?> m) {
        value = new JsonObject(castMap(m));
      }
      if (value instanceof JsonObject o) {
        recordSources(o, path + ".", source, sources);
      }
    }
  }

  /** Where the setting at {@code path} came from: the path itself, else the last setting given inside it. */
  private static String sourceOf(String path, Map<String, String> sources) {
    if (sources.containsKey(path)) {
      return sources.get(path);
    }
    String found = null;
    for (Map.Entry<String, String> e : sources.entrySet()) {
      if (e.getKey().startsWith(path + ".")) {
        found = e.getValue();
      }
    }
    return found;
  }

  private static JsonObject readFile(Path file) throws ConfigException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist or is not a file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml")
        ? new YAMLMapper()
        : JsonMapper.builder().build();
    try {
      Object value = mapper.readValue(file.toFile(), Object.class);
      if (!(value instanceof Map<?, ?> map)) {
        throw new ConfigException("config file " + file + " must hold an object of settings at the top level");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) map;
      return new JsonObject(m);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new ConfigException("config file " + file + " is malformed"
          + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
    }
  }

  /** {@code DATA_DIR} → {@code dataDir}; {@code LIVE__MAX_QUEUED_BYTES} → {@code live.maxQueuedBytes}. */
  static String envToPath(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.toLowerCase(Locale.ROOT).split("__")) {
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(camel(part, '_'));
    }
    return out.toString();
  }

  /** {@code data-dir} → {@code dataDir}; {@code live.max-queued-bytes} → {@code live.maxQueuedBytes}. */
  static String flagToPath(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("\\.")) {
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(camel(part, '-'));
    }
    return out.toString();
  }

  private static String camel(String s, char sep) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : s.toCharArray()) {
      if (c == sep) {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static void put(JsonObject root, String path, String value) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.getValue(parts[i]);
      if (!(child instanceof JsonObject)) {
        child = child instanceof Map<?, ?> m ? new JsonObject(castMap(m)) : new JsonObject();
        node.put(parts[i], child);
      }
      node = (JsonObject) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
