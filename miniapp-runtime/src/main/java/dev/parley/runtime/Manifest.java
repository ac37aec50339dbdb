package dev.parley.runtime;

import static java.util.Objects.requireNonNull;

import dev.parley.runtime.impl.ManifestParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated {@code manifest.json}. Field names follow the W3C MiniApp Manifest where the
 * concept is the same; the JSON Schema is {@link #SCHEMA_RESOURCE}.
 *
 * @param appId the app id, a DNS label
 * @param name the display name
 * @param shortName the short display name, if given
 * @param description what the app does (may be empty)
 * @param version the version, a semantic version and a release code
 * @param icons the icons, each a file of the bundle
 * @param permissions the permissions asked for, each with its reason
 * @param platformVersion the platform versions supported, if given
 * @param pages the app's pages under {@code ui/}, the first being the start page
 * @param commands the slash commands
 * @param cardActions the card actions
 * @param search the search entry point, if any
 * @param events other event handlers, by event name ({@code install}, {@code page_call},
 *     {@code scheduled}, {@code payment})
 * @param allowedDomains the domains {@code network.fetch} may reach
 * @param storage the storage needs
 * @param json the manifest as it was read
 */
public record Manifest(
    String appId,
    String name,
    Optional<String> shortName,
    String description,
    Version version,
    List<Icon> icons,
    List<PermissionRequest> permissions,
    Optional<PlatformVersion> platformVersion,
    List<String> pages,
    List<Command> commands,
    List<CardAction> cardActions,
    Optional<SearchEntry> search,
    Map<String, String> events,
    List<String> allowedDomains,
    Storage storage,
    JsonObject json) {

  /** Class-path resource of the manifest's JSON Schema (draft 2020-12). */
  public static final String SCHEMA_RESOURCE = "/dev/parley/runtime/manifest.schema.json";

  /** Copies the collections and checks for nulls. */
  public Manifest {
    requireNonNull(appId, "appId");
    requireNonNull(name, "name");
    requireNonNull(shortName, "shortName");
    requireNonNull(description, "description");
    requireNonNull(version, "version");
    icons = List.copyOf(icons);
    permissions = List.copyOf(permissions);
    requireNonNull(platformVersion, "platformVersion");
    pages = List.copyOf(pages);
    commands = List.copyOf(commands);
    cardActions = List.copyOf(cardActions);
    requireNonNull(search, "search");
    events = Map.copyOf(events);
    allowedDomains = List.copyOf(allowedDomains);
    requireNonNull(storage, "storage");
    json = json.copy();
  }

  /** Returns a copy of the manifest JSON (the record itself never exposes its own). */
  @Override
  public JsonObject json() {
    return json.copy();
  }

  /**
   * Parses and validates a manifest on its own: JSON syntax, the schema, semantic versions,
   * permission names and handler names. Checks that need the bundle (icons and pages exist,
   * handlers are exported) are made by {@link BundleReader} and {@link MiniAppRuntime}.
   *
   * @param json the text of {@code manifest.json}
   * @return the manifest
   * @throws MiniAppException with {@link MiniAppException.Reason#MANIFEST_INVALID} listing
   *     every problem, each with its JSON pointer
   */
  public static Manifest parse(String json) {
    return ManifestParser.parse(requireNonNull(json, "json"));
  }

  /**
   * Rebuilds a manifest from the JSON of one that {@link #parse} accepted before, such as the
   * copy a registry stores with each version, without validating it again.
   *
   * @param json the manifest JSON as {@link #json()} answered it
   * @return the manifest, holding a copy of {@code json} as its {@link #json()}
   */
  public static Manifest fromJson(JsonObject json) {
    return ManifestParser.read(requireNonNull(json, "json"));
  }

  /**
   * Whether the app's page may keep running in a docked mini-player when its panel is closed
   * ({@code "mini_player": true}); read from the JSON so the record keeps its shape.
   */
  public boolean miniPlayer() {
    return json.getBoolean("mini_player", false);
  }

  /** Returns the JSON Schema of the manifest, as published. */
  public static String schema() {
    return ManifestParser.schemaText();
  }

  /**
   * Returns every handler the manifest names, each with the JSON pointer that names it, in
   * manifest order.
   */
  public Map<String, String> handlersByPointer() {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < commands.size(); i++) {
      out.put("/commands/" + i + "/handler", commands.get(i).handler());
    }
    for (int i = 0; i < cardActions.size(); i++) {
      out.put("/card_actions/" + i + "/handler", cardActions.get(i).handler());
    }
    search.ifPresent(s -> out.put("/search/handler", s.handler()));
    events.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.put("/events/" + e.getKey(), e.getValue()));
    return out;
  }

  /** Returns the distinct handler names the manifest declares. */
  public Set<String> handlers() {
    return Set.copyOf(new LinkedHashSet<>(handlersByPointer().values()));
  }

  /** Returns the permissions asked for, resolved against the catalogue. */
  public List<Permission> requestedPermissions() {
    return permissions.stream().map(p -> Permission.byName(p.name()).orElseThrow()).toList();
  }

  /** Returns the names of the permissions asked for, in manifest order. */
  public List<String> permissionNames() {
    return permissions.stream().map(PermissionRequest::name).toList();
  }

  /** Returns the start page ({@code pages[0]}), if the app has pages. */
  public Optional<String> startPage() {
    return pages.stream().findFirst();
  }

  /**
   * Returns the slash command of that name, if declared.
   *
   * @param commandName the command's name, without its slash
   */
  public Optional<Command> command(String commandName) {
    return commands.stream().filter(c -> c.name().equals(commandName)).findFirst();
  }

  /**
   * Returns the card action of that id, if declared.
   *
   * @param id the action id a card carries
   */
  public Optional<CardAction> cardAction(String id) {
    return cardActions.stream().filter(a -> a.id().equals(id)).findFirst();
  }

  /**
   * Returns the handler of an event ({@code install}, {@code page_call}, {@code scheduled},
   * {@code payment}), if the app declares one.
   *
   * @param event the event's name
   */
  public Optional<String> eventHandler(String event) {
    return Optional.ofNullable(events.get(event));
  }

  /**
   * Returns the slash commands as clients show them: {@code {name, description, args}}, each
   * argument exactly as the manifest writes it (fields left out stay out, so that a client
   * applies its own defaults).
   */
  public JsonArray commandsJson() {
    JsonArray declared = json.getJsonArray("commands", new JsonArray());
    JsonArray out = new JsonArray();
    for (Object c : declared) {
      JsonObject command = (JsonObject) c;
      out.add(new JsonObject().put("name", command.getString("name"))
          .put("description", command.getString("description"))
          .put("args", command.getJsonArray("args", new JsonArray()).copy()));
    }
    return out;
  }

  /**
   * The W3C version object.
   *
   * @param name a semantic version such as {@code 1.4.0}
   * @param code a release code that grows with every release
   */
  public record Version(String name, long code) {
    /** Checks for nulls. */
    public Version {
      requireNonNull(name, "name");
    }
  }

  /**
   * An icon.
   *
   * @param src path of the file inside the bundle
   * @param sizes sizes such as {@code 128x128}, may be empty
   */
  public record Icon(String src, String sizes) {
    /** Checks for nulls. */
    public Icon {
      requireNonNull(src, "src");
      requireNonNull(sizes, "sizes");
    }
  }

  /**
   * A permission asked for.
   *
   * @param name a name of the {@link Permission} catalogue
   * @param reason why the app needs it, shown to the user
   */
  public record PermissionRequest(String name, String reason) {
    /** Checks for nulls. */
    public PermissionRequest {
      requireNonNull(name, "name");
      requireNonNull(reason, "reason");
    }
  }

  /**
   * Platform versions supported.
   *
   * @param minCode the lowest platform version code the app runs on
   * @param targetCode the platform version code the app was built for ({@code minCode} if absent)
   * @param releaseType {@code release} or {@code beta}
   */
  public record PlatformVersion(int minCode, int targetCode, String releaseType) {
    /** Checks for nulls. */
    public PlatformVersion {
      requireNonNull(releaseType, "releaseType");
    }
  }

  /**
   * A slash command.
   *
   * @param name the command, typed as {@code /name}
   * @param description one line shown in the command picker
   * @param handler the exported function that handles it
   * @param args the arguments with their hints
   */
  public record Command(String name, String description, String handler, List<CommandArg> args) {
    /** Copies the arguments. */
    public Command {
      requireNonNull(name, "name");
      requireNonNull(description, "description");
      requireNonNull(handler, "handler");
      args = List.copyOf(args);
    }
  }

  /**
   * An argument of a slash command.
   *
   * @param name the argument's name
   * @param hint the hint shown while typing, may be empty
   * @param type {@code text}, {@code member}, {@code amount} or {@code number}
   * @param required whether it must be given
   */
  public record CommandArg(String name, String hint, String type, boolean required) {
    /** Checks for nulls. */
    public CommandArg {
      requireNonNull(name, "name");
      requireNonNull(hint, "hint");
      requireNonNull(type, "type");
    }
  }

  /**
   * A button on the app's cards.
   *
   * @param id the action id carried by the card
   * @param handler the exported function that handles it
   */
  public record CardAction(String id, String handler) {
    /** Checks for nulls. */
    public CardAction {
      requireNonNull(id, "id");
      requireNonNull(handler, "handler");
    }
  }

  /**
   * The search entry point.
   *
   * @param handler the exported function that answers queries
   * @param placeholder the text of the empty search field, may be empty
   */
  public record SearchEntry(String handler, String placeholder) {
    /** Checks for nulls. */
    public SearchEntry {
      requireNonNull(handler, "handler");
      requireNonNull(placeholder, "placeholder");
    }
  }

  /**
   * Storage needs in bytes (0 when none).
   *
   * @param userBytes per user
   * @param conversationBytes per conversation
   */
  public record Storage(long userBytes, long conversationBytes) {

    /**
     * Returns the bytes allowed in a scope.
     *
     * @param scope {@code user} or {@code conversation}
     * @return the quota, 0 for any other scope
     */
    public long bytes(String scope) {
      return switch (scope) {
        case "user" -> userBytes;
        case "conversation" -> conversationBytes;
        default -> 0L;
      };
    }
  }
}
