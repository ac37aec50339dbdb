package dev.parley.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code login} remembers: the server's address and the personal API token, in
 * {@code cli.json} of the user's config folder ({@code $PARLEY_CONFIG_DIR}, else
 * {@code $XDG_CONFIG_HOME/parley}, else {@code ~/.config/parley}), readable by its owner only (0600).
 */
public final class CliConfig {

  private final Path dir;

  public CliConfig(Path dir) {
    this.dir = dir;
  }

  /** The config folder for this environment. */
  public static Path defaultDir(Map<String, String> env) {
    String own = env.get("PARLEY_CONFIG_DIR");
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "parley");
    }
    return Path.of(System.getProperty("user.home"), ".config", "parley");
  }

  public Path file() {
    return dir.resolve("cli.json");
  }

  public record Login(String server, String token, String username) {
  }

  public Optional<Login> login() {
    Path file = file();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      String server = json.getString("server");
      String token = json.getString("token");
      return server == null || token == null
          ? Optional.empty()
          : Optional.of(new Login(server, token, json.getString("username", "")));
    } catch (IOException | DecodeException | ClassCastException e) {
      throw new CliFailure(ExitCodes.NOT_SIGNED_IN, file + " cannot be read (" + e.getMessage()
          + "); sign in again with: parley app login");
    }
  }

  /** Writes the login: a new file with permissions 0600 moved over the old one, never readable by others. */
  public void save(Login login) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("cli.json.tmp");
      Files.deleteIfExists(tmp);
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (posix) {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(tmp);
      }
      Files.writeString(tmp, new JsonObject().put("server", login.server()).put("token", login.token())
          .put("username", login.username()).encodePrettily() + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
