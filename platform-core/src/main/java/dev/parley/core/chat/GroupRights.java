package dev.parley.core.chat;

import dev.parley.core.common.PlatformException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;

/**
 * Who may do what in a group, beyond its owner and admins (who may always): each right is
 * {@code members} (every member) or {@code admins} (the owner and admins only). Kept as JSON in
 * {@code conversations.rights}; {@code installApps} is the older {@code app_install_policy}
 * ({@code owner} there means the owner and admins).
 */
public record GroupRights(Map<Right, String> values) {

  /** A right a group may keep to its admins. */
  public enum Right {
    ADD_MEMBERS("addMembers", "members", "add people or make invite links"),
    RENAME("rename", "members", "change the group's name or description"),
    PIN("pin", "admins", "pin messages"),
    INSTALL_APPS("installApps", "members", "install apps");

    private final String key;
    private final String fallback;
    private final String what;

    Right(String key, String fallback, String what) {
      this.key = key;
      this.fallback = fallback;
      this.what = what;
    }

    public String key() {
      return key;
    }

    /** What the right allows, for the words of a refusal. */
    public String what() {
      return what;
    }
  }

  public static final String MEMBERS = "members";
  public static final String ADMINS = "admins";

  public GroupRights {
    values = Map.copyOf(values);
  }

  /** The rights in {@code conversations.rights}; the defaults for what is missing or unreadable. */
  static GroupRights parse(String json) {
    Map<Right, String> out = new EnumMap<>(Right.class);
    JsonObject o;
    try {
      o = json == null ? new JsonObject() : new JsonObject(json);
    } catch (DecodeException e) {
      o = new JsonObject();
    }
    for (Right r : Right.values()) {
      Object v = o.getValue(r.key);
      out.put(r, MEMBERS.equals(v) || ADMINS.equals(v) ? (String) v : r.fallback);
    }
    return new GroupRights(out);
  }

  /** Who holds the right: {@code members} or {@code admins}. */
  public String of(Right right, String appInstallPolicy) {
    if (right == Right.INSTALL_APPS) {
      return "owner".equals(appInstallPolicy) ? ADMINS : MEMBERS;
    }
    return values.get(right);
  }

  /**
   * These rights changed by a {@code rights} body object: only known keys, each {@code members} or
   * {@code admins}; a bad one fails naming it.
   */
  GroupRights with(JsonObject changes) {
    Map<Right, String> out = new EnumMap<>(values);
    for (String key : changes.fieldNames()) {
      Right right = null;
      for (Right r : Right.values()) {
        if (r.key.equals(key)) {
          right = r;
        }
      }
      if (right == null) {
        throw PlatformException.invalid("/rights/" + key,
            "unknown right '" + key + "'; rights are addMembers, rename, pin and installApps");
      }
      Object v = changes.getValue(key);
      if (!MEMBERS.equals(v) && !ADMINS.equals(v)) {
        throw PlatformException.invalid("/rights/" + key, key + " must be \"members\" or \"admins\"");
      }
      out.put(right, (String) v);
    }
    return new GroupRights(out);
  }

  /** The stored JSON (without installApps, which lives in its own column). */
  String encode() {
    JsonObject o = new JsonObject();
    for (Right r : Right.values()) {
      if (r != Right.INSTALL_APPS) {
        o.put(r.key, values.get(r));
      }
    }
    return o.encode();
  }

  JsonObject toJson(String appInstallPolicy) {
    JsonObject o = new JsonObject();
    for (Right r : Right.values()) {
      o.put(r.key, of(r, appInstallPolicy));
    }
    return o;
  }
}
