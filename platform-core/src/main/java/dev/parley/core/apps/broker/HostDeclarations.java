package dev.parley.core.apps.broker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the TypeScript declarations of the {@code parley} object of server code
 * ({@code parley-host.d.ts}) from the host's capabilities: each capability becomes a method of its
 * area ({@code parley.storage.get(args)}) whose argument type comes from its JSON Schema and whose
 * answer is its {@link Capability#answers()}. The file in the repository is checked against this
 * output by a test, so it cannot drift from the capabilities.
 */
public final class HostDeclarations {

  /** Where the file lives, next to the page SDK's declarations. */
  public static final String RESOURCE = "dev/parley/core/apps/pages/parley-host.d.ts";

  private HostDeclarations() {
  }

  /** The declarations of {@code capabilities}. */
  public static String of(List<Capability> capabilities) {
    StringBuilder out = new StringBuilder();
    out.append("""
        // The `parley` object of an app's server code (server.js). GENERATED from the platform's host
        // capabilities by dev.parley.core.apps.broker.HostDeclarations: do not edit; HostDeclarationsTest prints the
        // expected text when this file differs. Every call is checked against what its capability requires and
        // against the JSON Schema of its arguments; a refusal rejects with a ParleyError (code "refused") whose
        // message says why. See docs/api.md ("The host API of server code").

        /** A refused or invalid host call. */
        declare class ParleyError extends Error {
          readonly code: string;
        }

        /** The name of a host capability: `parley.call(name, args)` reaches it too. */
        type HostCapability =
        """);
    for (int i = 0; i < capabilities.size(); i++) {
      out.append("  | '").append(capabilities.get(i).name()).append("'")
          .append(i == capabilities.size() - 1 ? ";\n" : "\n");
    }
    Map<String, List<Capability>> areas = new LinkedHashMap<>();
    for (Capability c : capabilities) {
      areas.computeIfAbsent(c.name().substring(0, c.name().indexOf('.')), k -> new ArrayList<>()).add(c);
    }
    out.append("\ninterface ParleyHost {\n");
    areas.forEach((area, list) -> {
      out.append("  ").append(area).append(": {\n");
      for (Capability c : list) {
        method(out, c);
      }
      out.append("  };\n");
    });
    out.append("""
          /** Calls the capability named `capability`. */
          call(capability: HostCapability, args?: Record<string, unknown>): Promise<unknown>;
        }

        declare const parley: ParleyHost;
        """);
    return out.toString();
  }

  private static void method(StringBuilder out, Capability c) {
    JsonObject schema = c.arguments();
    out.append("    /**\n");
    out.append("     * ").append(c.summary()).append("\n");
    out.append("     * Requires ").append(c.requirement().describe()).append(".\n");
    out.append("     */\n");
    String verb = c.name().substring(c.name().indexOf('.') + 1);
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    JsonArray required = schema.getJsonArray("required", new JsonArray());
    out.append("    ").append(verb).append("(");
    if (!properties.isEmpty()) {
      out.append("args").append(required.isEmpty() ? "?" : "").append(": {\n");
      for (String name : properties.fieldNames()) {
        JsonObject field = properties.getJsonObject(name);
        if (field.containsKey("description")) {
          out.append("      /** ").append(field.getString("description")).append(" */\n");
        }
        out.append("      ").append(name).append(required.contains(name) ? "" : "?").append(": ")
            .append(type(field)).append(";\n");
      }
      out.append("    }");
    }
    out.append("): Promise<").append(c.answers()).append(">;\n");
  }

  /** The TypeScript type of a field's schema. */
  static String type(JsonObject field) {
    List<String> types = new ArrayList<>();
    Object type = field.getValue("type");
    if (type instanceof JsonArray many) {
      many.forEach(t -> types.add(String.valueOf(t)));
    } else if (type != null) {
      types.add(String.valueOf(type));
    }
    List<String> out = new ArrayList<>();
    if (field.getValue("enum") instanceof JsonArray values) {
      for (Object v : values) {
        out.add(v == null ? "null" : "'" + v + "'");
      }
      return String.join(" | ", out);
    }
    if (types.isEmpty()) {
      return "unknown";
    }
    for (String t : types) {
      out.add(switch (t) {
        case "string" -> "string";
        case "integer", "number" -> "number";
        case "boolean" -> "boolean";
        case "object" -> "Record<string, unknown>";
        case "array" -> "unknown[]";
        case "null" -> "null";
        default -> "unknown";
      });
    }
    return String.join(" | ", out);
  }
}
