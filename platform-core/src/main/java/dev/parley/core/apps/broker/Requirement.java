package dev.parley.core.apps.broker;

import dev.parley.runtime.Permission;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * What a host capability needs before it runs, beyond what every call has checked already (the
 * user is a member of the conversation, the app is installed there and not suspended): a
 * permission of the catalogue granted with the call, nothing more, or the storage permission of
 * the scope the call names.
 */
public sealed interface Requirement {

  /** The permission {@code permission} of the catalogue, requested, approved and granted by the user. */
  static Requirement permission(Permission permission) {
    return new Granted(permission);
  }

  /** Nothing beyond membership of the conversation, which every call checks. */
  static Requirement membership() {
    return Membership.INSTANCE;
  }

  /** {@code storage.conversation} for {@code scope: "conversation"}, else {@code storage.user}. */
  static Requirement storageScope() {
    return StorageScope.INSTANCE;
  }

  /** The permission a call with these arguments needs; empty when membership suffices. */
  Optional<Permission> permission(JsonObject args);

  /** In a sentence fragment for documentation: {@code cards.post}, {@code none (membership)}… */
  String describe();

  /** A catalogue permission. */
  record Granted(Permission value) implements Requirement {
    public Granted {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Optional<Permission> permission(JsonObject args) {
      return Optional.of(value);
    }

    @Override
    public String describe() {
      return "`" + value.permissionName() + "`";
    }
  }

  /** Membership only. */
  enum Membership implements Requirement {
    INSTANCE;

    @Override
    public Optional<Permission> permission(JsonObject args) {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "none (the user is a member of the conversation)";
    }
  }

  /** By the storage scope of the call. */
  enum StorageScope implements Requirement {
    INSTANCE;

    @Override
    public Optional<Permission> permission(JsonObject args) {
      return Optional.of("conversation".equals(args.getValue("scope"))
          ? Permission.STORAGE_CONVERSATION
          : Permission.STORAGE_USER);
    }

    @Override
    public String describe() {
      return "`storage.user` (scope \"user\") or `storage.conversation` (scope \"conversation\")";
    }
  }
}
